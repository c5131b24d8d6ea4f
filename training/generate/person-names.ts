/**
 * People: an identity (given and family name from one of many faker locales, in native script
 * or Latin letters) and the many ways a text writes it — full name, given name only, "Dr.
 * Smith" (title outside the span), initials, "Smith, John", particles, hyphens, lower case and
 * ALL CAPS.
 */
import type { Faker } from '@faker-js/faker';
import { readJson, readList } from './data-files.js';
import type { LocaleFakers, LocaleSettings } from './locale-fakers.js';
import { PronounceableWords } from './pronounceable-words.js';
import type { RandomChoices } from './random-choices.js';
import { entity, plain, mapPieces, type Piece } from './text-pieces.js';
import { Transliteration } from './transliteration.js';

type Sex = 'female' | 'male';

export interface PersonIdentity {
  localeCode: string;
  language: string;
  sex: Sex;
  given: string;
  family: string;
  middle?: string;
  /** Written in a script without letter case or spaces between name parts (Han, Hangul, kana). */
  joiner: string;
  familyFirst: boolean;
  /** Latin letters: initials, "Last, First" and the like make sense. */
  latin: boolean;
  /** False for names from the romanized lists, which are not split by sex (titles stay neutral). */
  sexKnown: boolean;
  honorifics: readonly string[];
}

interface RomanizedNames {
  familyFirstShare: number;
  first: string[];
  last: string[];
}

interface Particles {
  separate: string[];
  attached: string[];
  base: 'first' | 'last';
}

type TitleTable = Record<string, { male: string[]; female: string[]; any: string[] }>;

export type NameForm =
  | 'full'
  | 'given'
  | 'family'
  | 'title-family'
  | 'title-full'
  | 'initial-family'
  | 'initials-family'
  | 'middle-initial'
  | 'capital-family-given'
  | 'generational-suffix'
  | 'credential';

const latinFormWeights: Record<NameForm, number> = {
  full: 34,
  given: 16,
  family: 4,
  'title-family': 10,
  'title-full': 5,
  'initial-family': 6,
  'initials-family': 2.5,
  'middle-initial': 4,
  'capital-family-given': 1,
  'generational-suffix': 1.5,
  credential: 1.5,
};

const latinLetter = /^[\p{Script=Latin}\p{M}\s'’.-]+$/u;

export class PersonNames {
  private readonly romanized = readJson<Record<string, RomanizedNames | string>>('data/romanized-names.json');
  private readonly particles = readJson<Record<string, Particles | string>>('data/name-particles.json');
  private readonly titles = readJson<TitleTable & { comment?: unknown }>('data/person-titles.json');
  private readonly wordFirstNames = readList('data/word-first-names.txt');
  private readonly wordLastNames = readList('data/word-last-names.txt');
  private readonly particleSurnames = readList('data/particle-surnames.txt');
  private readonly transliteration = new Transliteration();
  private readonly invented: PronounceableWords;
  private readonly localeWeights: { value: LocaleSettings; weight: number }[];

  constructor(
    private readonly random: RandomChoices,
    private readonly fakers: LocaleFakers,
  ) {
    this.invented = new PronounceableWords(random);
    this.localeWeights = fakers.settings.map((settings) => ({ value: settings, weight: settings.weight }));
  }

  identity(): PersonIdentity {
    const settings = this.random.weighted(this.localeWeights);
    const faker = this.fakers.get(settings.code);
    const sex: Sex = this.random.chance(0.5) ? 'female' : 'male';
    const language = settings.code.split('_')[0] as string;
    let given = faker.person.firstName(sex);
    let family = faker.person.lastName(sex);
    const native = !latinLetter.test(given + family);
    let familyFirst = settings.nameOrder === 'family-first';
    let joiner = settings.nameJoiner ?? ' ';
    let latin = !native;
    let sexKnown = true;
    if (native && this.random.chance(settings.latinShare ?? 0)) {
      latin = true;
      joiner = ' ';
      if (settings.transliterate) {
        given = this.transliteration.latin(given, settings.code);
        family = this.transliteration.latin(family, settings.code);
      } else if (settings.latinLocale) {
        const sister = this.fakers.get(settings.latinLocale);
        given = sister.person.firstName(sex);
        family = sister.person.lastName(sex);
      } else if (settings.latinNames) {
        const list = this.romanized[settings.latinNames];
        if (!list || typeof list === 'string') throw new Error(`no romanized names ${settings.latinNames}`);
        sexKnown = false;
        given = this.random.pick(list.first);
        family = this.random.pick(list.last);
        familyFirst = this.random.chance(list.familyFirstShare);
      }
    }
    const identity: PersonIdentity = {
      localeCode: settings.code,
      language,
      sex,
      given,
      family,
      joiner,
      familyFirst,
      latin,
      sexKnown,
      honorifics: latin ? [] : (settings.honorifics ?? []),
    };
    if (latin) this.varyLatinIdentity(identity, faker);
    return identity;
  }

  /** Rarer Latin-letter shapes: word names, invented names, particles, hyphens, middle names. */
  private varyLatinIdentity(identity: PersonIdentity, faker: Faker): void {
    const englishLike = identity.language === 'en';
    if (englishLike && this.random.chance(0.06)) identity.given = this.random.pick(this.wordFirstNames);
    if (englishLike && this.random.chance(0.05)) identity.family = this.random.pick(this.wordLastNames);
    if (this.random.chance(0.05)) identity.given = this.invented.name();
    if (this.random.chance(0.05)) identity.family = this.invented.name();
    const particles = this.particles[identity.language];
    const hasParticle = /[\s'’]/.test(identity.family) || /^\p{Ll}/u.test(identity.family);
    if (particles && typeof particles !== 'string' && !hasParticle && this.random.chance(0.12)) {
      const attached = particles.attached.length > 0 && this.random.chance(0.35);
      if (attached) {
        identity.family = this.random.pick(particles.attached) + identity.family;
      } else {
        const base = particles.base === 'first' ? faker.person.firstName('male') : identity.family;
        identity.family = `${this.random.pick(particles.separate)} ${base}`;
      }
    } else if (englishLike && !hasParticle && this.random.chance(0.04)) {
      identity.family = this.random.pick(this.particleSurnames);
    }
    if (this.random.chance(0.04) && !identity.family.includes(' ')) {
      const second = faker.person.lastName(identity.sex);
      if (latinLetter.test(second) && second !== identity.family) identity.family += `-${second}`;
    }
    if (this.random.chance(0.18)) {
      const middle = this.random.chance(0.6) ? faker.person.firstName(identity.sex) : faker.person.middleName(identity.sex);
      if (latinLetter.test(middle) && middle !== identity.given) identity.middle = middle;
    }
  }

  /** A title that suits the person's language and sex ("Mr.", "Frau", "Dr."), or an English one. */
  title(identity: PersonIdentity): string {
    const table = this.titles[identity.language] && this.random.chance(0.75) ? this.titles[identity.language] : this.titles['en'];
    if (!table) throw new Error('person-titles.json needs an "en" entry');
    const pool = this.random.chance(0.25) || !identity.sexKnown ? table.any : table[identity.sex];
    return this.random.pick(pool);
  }

  /** The person written in a randomly chosen form, with random letter case. */
  render(identity: PersonIdentity): Piece[] {
    const pieces = identity.latin ? this.renderLatin(identity, this.random.weightedKey(latinFormWeights)) : this.renderNative(identity);
    return this.withRandomCase(pieces);
  }

  given(identity: PersonIdentity): Piece[] {
    return this.withRandomCase([entity('PERSON', identity.given)]);
  }

  family(identity: PersonIdentity): Piece[] {
    return this.withRandomCase([entity('PERSON', identity.family)]);
  }

  /** The name in full, e.g. for a signature: "John Smith", "佐藤太郎". */
  full(identity: PersonIdentity): Piece[] {
    return this.withRandomCase([entity('PERSON', this.fullText(identity, this.random.chance(0.3)))]);
  }

  /** "Smith, John", "SMITH, John R.", "Smith, J." — as lists and forms write names. */
  reversed(identity: PersonIdentity): Piece[] {
    if (!identity.latin) return this.full(identity);
    const roll = this.random.fraction();
    const family = this.random.chance(0.2) ? identity.family.toUpperCase() : identity.family;
    let given = identity.given;
    if (roll < 0.2) given = `${identity.given.charAt(0).toUpperCase()}.`;
    else if (roll < 0.4 && identity.middle) given = `${identity.given} ${identity.middle}`;
    else if (roll < 0.5 && identity.middle) given = `${identity.given} ${identity.middle.charAt(0).toUpperCase()}.`;
    return this.withRandomCase([entity('PERSON', `${family}, ${given}`)]);
  }

  private fullText(identity: PersonIdentity, withMiddle: boolean): string {
    const given = withMiddle && identity.middle ? `${identity.given} ${identity.middle}` : identity.given;
    return identity.familyFirst ? identity.family + identity.joiner + given : given + identity.joiner + identity.family;
  }

  private renderNative(identity: PersonIdentity): Piece[] {
    const roll = this.random.fraction();
    if (roll < 0.62) return [entity('PERSON', this.fullText(identity, false))];
    if (roll < 0.8) return [entity('PERSON', identity.given)];
    if (identity.honorifics.length > 0) return [entity('PERSON', identity.family), plain(this.random.pick(identity.honorifics))];
    return [entity('PERSON', identity.family)];
  }

  private renderLatin(identity: PersonIdentity, form: NameForm): Piece[] {
    const initial = (name: string): string => `${name.charAt(0).toUpperCase()}.`;
    switch (form) {
      case 'full':
        return [entity('PERSON', this.fullText(identity, this.random.chance(0.5)))];
      case 'given':
        return [entity('PERSON', identity.given)];
      case 'family':
        return [entity('PERSON', identity.family)];
      case 'title-family':
        return [plain(`${this.title(identity)} `), entity('PERSON', identity.family)];
      case 'title-full':
        return [plain(`${this.title(identity)} `), entity('PERSON', this.fullText(identity, false))];
      case 'initial-family': {
        const letter = this.random.chance(0.8) ? initial(identity.given) : identity.given.charAt(0).toUpperCase();
        return [entity('PERSON', `${letter} ${identity.family}`)];
      }
      case 'initials-family': {
        const second = identity.middle ?? this.random.pick(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'P', 'R', 'S', 'T', 'W']);
        const tight = this.random.chance(0.6);
        let initials = initial(identity.given) + (tight ? '' : ' ') + initial(second);
        if (this.random.chance(0.15)) initials += (tight ? '' : ' ') + initial(this.random.pick(['R', 'J', 'A', 'M']));
        if (this.random.chance(0.15)) initials = initials.replaceAll('.', '').replaceAll(' ', '');
        return [entity('PERSON', `${initials} ${identity.family}`)];
      }
      case 'middle-initial': {
        const middle = identity.middle ?? this.random.pick(['A', 'B', 'C', 'D', 'E', 'J', 'K', 'L', 'M', 'P', 'R', 'S', 'T']);
        return [entity('PERSON', `${identity.given} ${initial(middle)} ${identity.family}`)];
      }
      case 'capital-family-given':
        return [entity('PERSON', `${identity.family.toUpperCase()} ${identity.given}`)];
      case 'generational-suffix':
        return [entity('PERSON', `${this.fullText(identity, false)} ${this.random.pick(['Jr.', 'Jr', 'Sr.', 'II', 'III', 'IV'])}`)];
      case 'credential':
        return [entity('PERSON', this.fullText(identity, false)), plain(this.random.pick([', MD', ', PhD', ', RN', ' MBA', ', Esq.', ', CPA', ' (PhD)', ', M.D.']))];
    }
  }

  /**
   * About 7% lower case and 7% ALL CAPS; titles and honorifics follow along. (Genres written
   * all in lower case, such as chat, bring the lower-case share of names to about 10%.)
   */
  withRandomCase(pieces: Piece[]): Piece[] {
    const roll = this.random.fraction();
    if (roll < 0.07) return mapPieces(pieces, (text) => text.toLowerCase());
    if (roll < 0.14) return mapPieces(pieces, (text) => text.toUpperCase());
    return pieces;
  }
}
