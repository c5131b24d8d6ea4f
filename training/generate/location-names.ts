/**
 * Places (LOCATION): real cities, regions and countries from the SimpleMaps list, faker's
 * cities, states and countries from many locales (often in their own language and script),
 * everyday aliases ("UK", "Holland") and larger regions ("Southeast Asia", "Bavaria").
 */
import type { LocaleFakers } from './locale-fakers.js';
import { readList } from './data-files.js';
import type { RandomChoices } from './random-choices.js';
import { RealPlaces, cleanCountryName, type RealCity } from './real-places.js';
import { entity, mapPieces, plain, type Piece } from './text-pieces.js';

type PlaceKind = 'city' | 'country' | 'state' | 'region' | 'city-country' | 'city-state';

const locationWeights: Record<PlaceKind, number> = { city: 50, country: 22, state: 9, region: 7, 'city-country': 8, 'city-state': 4 };

export class LocationNames {
  readonly real = new RealPlaces();
  private readonly aliases = readList('data/country-aliases.txt');
  private readonly regionNames = readList('data/regions.txt');
  private readonly withArticle = new Set(readList('data/countries-with-article.txt'));
  /** Locales with their own cities, states and countries, weighted as in locales.json. */
  private readonly cityLocales: { value: string; weight: number }[];
  private readonly stateLocales: { value: string; weight: number }[];
  private readonly countryLocales: { value: string; weight: number }[];
  private readonly wellKnownCount: number;

  constructor(
    private readonly random: RandomChoices,
    private readonly fakers: LocaleFakers,
  ) {
    const weighted = fakers.settings.map((settings) => ({ value: settings.code, weight: settings.weight }));
    const own = (code: string) => fakers.ownDefinitions(code).location ?? {};
    this.cityLocales = weighted.filter(({ value }) => own(value).city_name || own(value).city_pattern);
    this.stateLocales = weighted.filter(({ value }) => (own(value).state ?? []).length > 0);
    this.countryLocales = weighted.filter(({ value }) => (own(value).country ?? []).length > 0);
    this.wellKnownCount = Math.min(6000, this.real.cities.length);
  }

  /** One of the few thousand most populous cities. */
  wellKnownCity(): RealCity {
    const city = this.real.cities[this.random.integer(0, this.wellKnownCount - 1)];
    if (!city) throw new Error('the city list is empty');
    return city;
  }

  cityName(): string {
    const roll = this.random.fraction();
    if (roll < 0.45) return this.wellKnownCity().name;
    if (roll < 0.62) return this.random.pick(this.real.cities).name;
    return this.fakers.get(this.random.weighted(this.cityLocales)).location.city();
  }

  stateName(): string {
    if (this.random.chance(0.5)) return this.random.pick(this.real.regions).name;
    return this.fakers.get(this.random.weighted(this.stateLocales)).location.state();
  }

  countryName(): string {
    const roll = this.random.fraction();
    if (roll < 0.6) return this.random.pick(this.real.countries);
    if (roll < 0.72) return this.random.pick(this.aliases);
    return cleanCountryName(this.fakers.get(this.random.weighted(this.countryLocales)).location.country());
  }

  city(): Piece[] {
    return this.withRandomCase([entity('LOCATION', this.cityName())]);
  }

  state(): Piece[] {
    return this.withRandomCase([entity('LOCATION', this.stateName())]);
  }

  country(): Piece[] {
    return this.withRandomCase(this.withOptionalArticle(this.countryName()));
  }

  region(): Piece[] {
    return this.withRandomCase(this.withOptionalArticle(this.random.pick(this.regionNames)));
  }

  /** Any kind of place, sometimes two ("Lyon, France"). */
  location(): Piece[] {
    switch (this.random.weightedKey(locationWeights)) {
      case 'city':
        return this.city();
      case 'country':
        return this.country();
      case 'state':
        return this.state();
      case 'region':
        return this.region();
      case 'city-country': {
        const city = this.wellKnownCity();
        return this.withRandomCase([entity('LOCATION', city.name), plain(', '), entity('LOCATION', city.country)]);
      }
      case 'city-state': {
        const city = this.wellKnownCity();
        if (!city.region) return this.withRandomCase([entity('LOCATION', city.name)]);
        return this.withRandomCase([entity('LOCATION', city.name), plain(', '), entity('LOCATION', city.region)]);
      }
    }
  }

  /** "the Netherlands": the article goes before the span, not in it. */
  withOptionalArticle(name: string): Piece[] {
    const bare = name.startsWith('the ') ? name.slice(4) : name;
    const takesArticle = name.startsWith('the ') || this.withArticle.has(bare);
    if (takesArticle && this.random.chance(0.85)) return [plain('the '), entity('LOCATION', bare)];
    return [entity('LOCATION', bare)];
  }

  /** About 5% lower case and 4% ALL CAPS. */
  withRandomCase(pieces: Piece[]): Piece[] {
    const roll = this.random.fraction();
    if (roll < 0.05) return mapPieces(pieces, (text) => text.toLowerCase());
    if (roll < 0.09) return mapPieces(pieces, (text) => text.toUpperCase());
    return pieces;
  }
}
