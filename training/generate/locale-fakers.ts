/**
 * One faker per locale, all sharing a single seeded randomizer, so that seeding the main faker
 * (`faker.seed(n)`) fixes every value any of them produces.
 */
import { Faker, allLocales, base, en, generateMersenne53Randomizer, type LocaleDefinition } from '@faker-js/faker';
import { readJson } from './data-files.js';

export interface LocaleSettings {
  code: string;
  weight: number;
  /** How native full names are written: given name first (default) or family name first. */
  nameOrder?: 'given-first' | 'family-first';
  /** What stands between the two native name parts (default: a space). */
  nameJoiner?: string;
  /** Share of names in a non-Latin script written in Latin letters instead. */
  latinShare?: number;
  /** Latin letters through character transliteration (Cyrillic, Greek, Georgian, Armenian). */
  transliterate?: boolean;
  /** Latin letters from a romanized list in romanized-names.json. */
  latinNames?: string;
  /** Latin letters from a sister faker locale. */
  latinLocale?: string;
  /** Honorifics written after a native family name (outside the name span). */
  honorifics?: string[];
}

const localeDefinitions = allLocales as Record<string, LocaleDefinition>;

export class LocaleFakers {
  readonly main: Faker;
  readonly settings: readonly LocaleSettings[];
  private readonly randomizer = generateMersenne53Randomizer();
  private readonly fakers = new Map<string, Faker>();

  constructor(seed: number) {
    this.main = new Faker({ locale: [en, base], randomizer: this.randomizer });
    this.main.seed(seed);
    this.settings = readJson<{ locales: LocaleSettings[] }>('data/locales.json').locales;
    for (const settings of this.settings) this.get(settings.code);
  }

  /** The faker of a locale, falling back to its language, then English. */
  get(code: string): Faker {
    const existing = this.fakers.get(code);
    if (existing) return existing;
    const own = localeDefinitions[code];
    if (!own) throw new Error(`faker has no locale ${code}`);
    const chain: LocaleDefinition[] = [own];
    const language = code.split('_')[0] as string;
    const parent = localeDefinitions[language];
    if (language !== code && parent) chain.push(parent);
    if (language !== 'en') chain.push(en);
    chain.push(base);
    const faker = new Faker({ locale: chain, randomizer: this.randomizer });
    this.fakers.set(code, faker);
    return faker;
  }

  /** The locale's own data (without fallbacks), to tell what it really has. */
  ownDefinitions(code: string): LocaleDefinition {
    const own = localeDefinitions[code];
    if (!own) throw new Error(`faker has no locale ${code}`);
    return own;
  }

  settingsOf(code: string): LocaleSettings {
    return this.settings.find((settings) => settings.code === code) ?? { code, weight: 0 };
  }
}
