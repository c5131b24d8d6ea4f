import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { wordTokens, type WordToken } from './word-tokens.js';

/**
 * Word lists the entity classifier reads as features (never as verdicts): first and last
 * names, places, organisation words, person titles, street words and common English words.
 * The model trained with lists held out in part (training/generate), so it learned to use a
 * hit as a hint, not to trust it; the app's lists are whole. `english-words`, a larger
 * vocabulary, and `never-entities` (weekdays, holidays, languages, software...) are no
 * features: they tell a slip of the tagger ("blocking", "Monday") from a name.
 */
export const gazetteerNames = [
  'first-names',
  'last-names',
  'places',
  'organization-words',
  'person-titles',
  'street-words',
  'common-words',
  'english-words',
  'never-entities',
] as const;
export type GazetteerName = (typeof gazetteerNames)[number];

/** Places are matched as token sequences (longest first) up to this many tokens. */
const maxPlaceTokens = 6;

/** Lower case without accents: "Müller" and "MULLER" meet the same entry. */
export function gazetteerKey(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

export class Gazetteers {
  private readonly singleWords: Map<GazetteerName, ReadonlySet<string>>;
  /** Places: every entry as its tokens' keys joined by spaces. */
  private readonly places: ReadonlySet<string>;
  /** Longest place entry (in tokens) that starts with a given key. */
  private readonly placeLengths: ReadonlyMap<string, number>;

  constructor(lists: Record<GazetteerName, readonly string[]>) {
    this.singleWords = new Map(gazetteerNames.filter((name) => name !== 'places').map((name) => [name, new Set(lists[name].map(gazetteerKey))]));
    const places = new Set<string>();
    const lengths = new Map<string, number>();
    for (const entry of lists.places) {
      const keys = wordTokens(entry).map((token) => gazetteerKey(token.text));
      if (keys.length === 0 || keys.length > maxPlaceTokens) continue;
      places.add(keys.join(' '));
      const first = keys[0] as string;
      lengths.set(first, Math.max(lengths.get(first) ?? 0, keys.length));
    }
    this.places = places;
    this.placeLengths = lengths;
  }

  /** Reads `<folder>/<name>.txt` for every list: one entry per line. */
  static load(folder: string): Gazetteers {
    const lists = {} as Record<GazetteerName, string[]>;
    for (const name of gazetteerNames) {
      lists[name] = readFileSync(join(folder, `${name}.txt`), 'utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.length > 0);
    }
    return new Gazetteers(lists);
  }

  has(name: Exclude<GazetteerName, 'places'>, token: string): boolean {
    return this.singleWords.get(name)?.has(gazetteerKey(token)) ?? false;
  }

  /** For each token: whether it lies inside the longest place entry that matches there. */
  placeTokens(tokens: readonly WordToken[]): boolean[] {
    const keys = tokens.map((token) => gazetteerKey(token.text));
    const inside = new Array<boolean>(tokens.length).fill(false);
    for (let start = 0; start < tokens.length; start += 1) {
      const longest = Math.min(this.placeLengths.get(keys[start] as string) ?? 0, tokens.length - start);
      for (let length = longest; length >= 1; length -= 1) {
        if (this.places.has(keys.slice(start, start + length).join(' '))) {
          for (let index = start; index < start + length; index += 1) inside[index] = true;
          break;
        }
      }
    }
    return inside;
  }
}
