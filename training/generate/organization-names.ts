/**
 * Organizations (ORGANIZATION): faker's company names from many locales, and names built from
 * parts — surname + legal suffix, law firms, universities, hospitals, banks, ministries,
 * foundations, sports clubs, invented brands and acronyms.
 */
import { readJson } from './data-files.js';
import type { LocaleFakers } from './locale-fakers.js';
import type { LocationNames } from './location-names.js';
import { PronounceableWords } from './pronounceable-words.js';
import type { RandomChoices } from './random-choices.js';
import { entity, mapPieces, type Piece } from './text-pieces.js';

interface OrganizationParts {
  surnameLocales: string[];
  lists: Record<string, string[]>;
  kinds: Record<string, { weight: number; patterns: Record<string, number> }>;
}

export const organizationKinds = ['company', 'university', 'school', 'hospital', 'bank', 'government', 'foundation', 'sports_club', 'law_firm'] as const;
export type OrganizationKind = (typeof organizationKinds)[number];

const tokenPattern = /\{([a-z_]+)\}/g;

export class OrganizationNames {
  private readonly parts = readJson<OrganizationParts>('data/organization-parts.json');
  private readonly invented: PronounceableWords;
  /** Locales with their own company names, weighted as in locales.json. */
  private readonly companyLocales: { value: string; weight: number }[];

  constructor(
    private readonly random: RandomChoices,
    private readonly fakers: LocaleFakers,
    private readonly locations: LocationNames,
  ) {
    this.invented = new PronounceableWords(random);
    this.companyLocales = fakers.settings
      .map((settings) => ({ value: settings.code, weight: settings.weight }))
      .filter(({ value }) => (fakers.ownDefinitions(value).company?.name_pattern ?? []).length > 0);
    for (const kind of organizationKinds) if (!this.parts.kinds[kind]) throw new Error(`organization-parts.json lacks kind ${kind}`);
  }

  /** The name alone, as text. */
  name(kind?: OrganizationKind): string {
    const chosen = kind ?? this.random.weightedKey(Object.fromEntries(organizationKinds.map((name) => [name, this.parts.kinds[name]?.weight ?? 0])) as Record<OrganizationKind, number>);
    const patterns = this.parts.kinds[chosen]?.patterns ?? {};
    const pattern = this.random.weightedKey(patterns);
    return pattern.replace(tokenPattern, (_, token: string) => this.expandToken(token)).replace(/\s+/g, ' ').trim();
  }

  /** An ORGANIZATION span, about 4% lower case and 6% ALL CAPS. */
  organization(kind?: OrganizationKind): Piece[] {
    const pieces = [entity('ORGANIZATION', this.name(kind))];
    const roll = this.random.fraction();
    if (roll < 0.04) return mapPieces(pieces, (text) => text.toLowerCase());
    if (roll < 0.1) return mapPieces(pieces, (text) => text.toUpperCase());
    return pieces;
  }

  private expandToken(token: string): string {
    switch (token) {
      case 'faker_company':
        return this.fakers.get(this.random.weighted(this.companyLocales)).company.name();
      case 'surname':
        return this.fakers.get(this.random.pick(this.parts.surnameLocales)).person.lastName();
      case 'given':
        return this.fakers.get(this.random.pick(this.parts.surnameLocales)).person.firstName();
      case 'city':
        return this.random.chance(0.85) ? this.locations.wellKnownCity().name : this.fakers.get('en').location.city();
      case 'country':
        return this.random.pick(this.locations.real.countries);
      case 'place': {
        const roll = this.random.fraction();
        if (roll < 0.6) return this.locations.wellKnownCity().name;
        if (roll < 0.85) return this.random.pick(this.locations.real.countries);
        return this.random.pick(this.locations.real.regions).name;
      }
      case 'brand':
        return this.invented.brand();
      case 'acronym': {
        let letters = '';
        const length = this.random.weighted([
          { value: 3, weight: 6 },
          { value: 4, weight: 3 },
        ]);
        for (let index = 0; index < length; index += 1) letters += String.fromCharCode(65 + this.random.integer(0, 25));
        return letters;
      }
      default: {
        const list = this.parts.lists[token];
        if (!list) throw new Error(`unknown organization pattern token {${token}}`);
        return this.random.pick(list);
      }
    }
  }
}
