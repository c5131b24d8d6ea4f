/**
 * Streets (STREET) and full postal addresses: a street line in one of many national styles
 * ("221B Baker Street", "Hauptstraße 5", "Calle de Alcalá 42, 3º B", "PO Box 123"), and
 * addresses that add city, region and country (each LOCATION) around an unlabelled postcode.
 */
import { readJson } from './data-files.js';
import type { LocaleFakers } from './locale-fakers.js';
import type { LocationNames } from './location-names.js';
import type { RandomChoices } from './random-choices.js';
import type { RealCity } from './real-places.js';
import { entity, mapPieces, plain, type Piece } from './text-pieces.js';

interface StreetStyle {
  weight: number;
  fakerLocale: string;
  patterns: Record<string, number>;
}

interface StreetFormats {
  lists: Record<string, string[]>;
  styles: Record<string, StreetStyle>;
}

interface AddressStyle {
  weight: number;
  iso2: string;
  fakerLocale: string;
  streetStyles: string[];
  zip: string;
  countryNames: string[];
  layouts: string[];
}

const tokenPattern = /\{([a-z0-9_]+)\}/g;
const letters = 'ABCDEFGH';

export class StreetAddresses {
  private readonly formats = readJson<StreetFormats>('data/street-formats.json');
  private readonly addressStyles = readJson<{ styles: Record<string, AddressStyle> }>('data/address-formats.json').styles;
  /** Locales with their own street formats, weighted as in locales.json. */
  private readonly streetLocales: { value: string; weight: number }[];
  private readonly stateAbbreviations = new Map<string, Map<string, string>>();

  constructor(
    private readonly random: RandomChoices,
    private readonly fakers: LocaleFakers,
    private readonly locations: LocationNames,
  ) {
    this.streetLocales = fakers.settings
      .map((settings) => ({ value: settings.code, weight: settings.weight }))
      .filter(({ value }) => {
        const location = fakers.ownDefinitions(value).location ?? {};
        return Boolean(location.street_address ?? location.street_pattern);
      });
  }

  /** A street line in a random national style (or the named one). */
  streetLine(styleName?: string): string {
    const name = styleName ?? this.random.weightedKey(Object.fromEntries(Object.entries(this.formats.styles).map(([key, style]) => [key, style.weight])));
    const style = this.formats.styles[name];
    if (!style) throw new Error(`no street style ${name}`);
    const localeCode = style.fakerLocale === '*' ? this.random.weighted(this.streetLocales) : style.fakerLocale;
    const pattern = this.random.weightedKey(style.patterns);
    return this.expand(pattern, localeCode, 0).replace(/\s+/g, ' ').trim();
  }

  private expand(pattern: string, localeCode: string, depth: number): string {
    if (depth > 3) throw new Error(`street pattern nests too deep: ${pattern}`);
    return pattern.replace(tokenPattern, (_, token: string) => this.expandToken(token, localeCode, depth));
  }

  private expandToken(token: string, localeCode: string, depth: number): string {
    const faker = this.fakers.get(localeCode);
    switch (token) {
      case 'n': {
        const roll = this.random.fraction();
        return String(roll < 0.6 ? this.random.integer(1, 60) : roll < 0.9 ? this.random.integer(1, 300) : this.random.integer(1, 2500));
      }
      case 'n2':
        return String(this.random.integer(1, 99));
      case 'floor':
        return String(this.random.integer(1, 12));
      case 'n3':
        return String(this.random.integer(100, 999));
      case 'n4':
        return String(this.random.integer(1000, 9999));
      case 'letter':
        return letters.charAt(this.random.integer(0, letters.length - 1));
      case 'first':
        return faker.person.firstName();
      case 'last':
        return faker.person.lastName();
      case 'faker_street':
        return faker.location.street();
      case 'faker_street_address':
        return faker.location.streetAddress(false);
      case 'faker_street_address_full':
        return faker.location.streetAddress(true);
      default: {
        const list = this.formats.lists[token];
        if (!list) throw new Error(`unknown street pattern token {${token}}`);
        return this.expand(this.random.pick(list), localeCode, depth + 1);
      }
    }
  }

  /** A street line as a STREET span, about 4% lower case and 5% ALL CAPS. */
  street(): Piece[] {
    return this.withRandomCase([entity('STREET', this.streetLine())], 0.04, 0.05);
  }

  /** A whole postal address: street, city, region, country, postcode in a national layout. */
  address(): Piece[] {
    const styles = this.addressStyles;
    const styleName = this.random.weightedKey(Object.fromEntries(Object.entries(styles).map(([key, style]) => [key, style.weight])));
    const style = styles[styleName];
    if (!style) throw new Error(`no address style ${styleName}`);
    const faker = this.fakers.get(style.fakerLocale);

    let city: string;
    let region: string;
    let country: string;
    const realCity = this.pickRealCity(style.iso2);
    if (realCity && this.random.chance(0.8)) {
      city = realCity.name;
      region = realCity.region;
      country = style.countryNames.length > 0 ? this.random.pick(style.countryNames) : realCity.country;
    } else {
      city = faker.location.city();
      region = (this.fakers.ownDefinitions(style.fakerLocale).location?.state ?? []).length > 0 ? faker.location.state() : '';
      country = style.countryNames.length > 0 ? this.random.pick(style.countryNames) : this.locations.countryName();
    }
    const abbreviation = this.abbreviationOf(style.fakerLocale, region);
    const layouts = style.layouts.filter((layout) => region.length > 0 || !/\{state(_abbr)?\}/.test(layout));
    const layout = this.random.pick(layouts.length > 0 ? layouts : style.layouts);
    const street = this.streetLine(this.random.pick(style.streetStyles));
    const zip = style.zip === 'faker' ? faker.location.zipCode() : this.fillPattern(style.zip);

    const pieces: Piece[] = [];
    let last = 0;
    for (const match of layout.matchAll(tokenPattern)) {
      if (match.index > last) pieces.push(plain(layout.slice(last, match.index)));
      last = match.index + match[0].length;
      switch (match[1]) {
        case 'street':
          pieces.push(entity('STREET', street));
          break;
        case 'city':
          pieces.push(entity('LOCATION', city));
          break;
        case 'state':
          if (region) pieces.push(entity('LOCATION', region));
          break;
        case 'state_abbr':
          if (region) pieces.push(entity('LOCATION', abbreviation ?? region));
          break;
        case 'country':
          if (country.startsWith('the ')) pieces.push(plain('the '), entity('LOCATION', country.slice(4)));
          else pieces.push(entity('LOCATION', country));
          break;
        case 'zip':
          pieces.push(plain(zip));
          break;
        default:
          throw new Error(`unknown address layout token ${match[0]}`);
      }
    }
    if (last < layout.length) pieces.push(plain(layout.slice(last)));
    return this.withRandomCase(pieces, 0.03, 0.06);
  }

  private pickRealCity(iso2: string): RealCity | undefined {
    if (iso2 === '*') return this.locations.wellKnownCity();
    const cities = this.locations.real.citiesIn(iso2);
    if (cities.length === 0) return undefined;
    const top = Math.min(cities.length, 300);
    return this.random.chance(0.7) ? cities[this.random.integer(0, top - 1)] : this.random.pick(cities);
  }

  /** "Illinois" → "IL", from faker's aligned state and state_abbr lists of the locale. */
  private abbreviationOf(localeCode: string, region: string): string | undefined {
    let table = this.stateAbbreviations.get(localeCode);
    if (!table) {
      const location = this.fakers.get(localeCode).rawDefinitions.location ?? {};
      const names = location.state ?? [];
      const abbreviations = location.state_abbr ?? [];
      table = new Map(names.length === abbreviations.length ? names.map((name, index) => [name, abbreviations[index] as string]) : []);
      this.stateAbbreviations.set(localeCode, table);
    }
    return table.get(region);
  }

  /** "#####-###" → "04538-132"; "?" is a capital letter. */
  private fillPattern(pattern: string): string {
    let text = '';
    for (const character of pattern) {
      if (character === '#') text += String(this.random.integer(0, 9));
      else if (character === '?') text += String.fromCharCode(65 + this.random.integer(0, 25));
      else text += character;
    }
    return text;
  }

  private withRandomCase(pieces: Piece[], lowerShare: number, upperShare: number): Piece[] {
    const roll = this.random.fraction();
    if (roll < lowerShare) return mapPieces(pieces, (text) => text.toLowerCase());
    if (roll < lowerShare + upperShare) return mapPieces(pieces, (text) => text.toUpperCase());
    return pieces;
  }
}
