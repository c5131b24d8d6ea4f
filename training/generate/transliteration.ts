/**
 * Writes Cyrillic, Greek, Georgian and Armenian names in Latin letters ("Сергей" → "Sergey"),
 * with the letter table in data/transliteration.json.
 */
import { readJson } from './data-files.js';
import { capitalise } from './pronounceable-words.js';

interface TransliterationTable {
  letters: Record<string, string>;
  overrides: Record<string, Record<string, string>>;
}

export class Transliteration {
  private readonly tables = new Map<string, { map: Map<string, string>; longest: number }>();
  private readonly source = readJson<TransliterationTable>('data/transliteration.json');

  private tableFor(localeCode: string): { map: Map<string, string>; longest: number } {
    const existing = this.tables.get(localeCode);
    if (existing) return existing;
    const letters = { ...this.source.letters, ...(this.source.overrides[localeCode.split('_')[0] as string] ?? {}) };
    const map = new Map<string, string>();
    for (const [key, value] of Object.entries(letters)) {
      map.set(key, value);
      const upper = key.toUpperCase();
      if (upper !== key) map.set(upper, capitalise(value));
    }
    const longest = Math.max(...[...map.keys()].map((key) => key.length));
    const table = { map, longest };
    this.tables.set(localeCode, table);
    return table;
  }

  latin(text: string, localeCode: string): string {
    const { map, longest } = this.tableFor(localeCode);
    let result = '';
    let index = 0;
    while (index < text.length) {
      let matched = false;
      for (let length = Math.min(longest, text.length - index); length >= 1; length -= 1) {
        const value = map.get(text.slice(index, index + length));
        if (value !== undefined) {
          result += value;
          index += length;
          matched = true;
          break;
        }
      }
      if (!matched) {
        result += text.charAt(index);
        index += 1;
      }
    }
    // Georgian has no capital letters: give each name part one.
    return result.replace(/(^|[\s-])(\p{Ll})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
  }
}
