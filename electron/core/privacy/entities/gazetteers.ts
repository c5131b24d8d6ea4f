import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { wordTokens, type WordToken } from './word-tokens.js';

/**
 * Word lists the entity classifier reads as features (never as verdicts): first and last
 * names, places, organisation words, person titles, street words and common English words.
 * The model trained with lists held out in part (training/generate), so it learned to use a
 * hit as a hint, not to trust it; the app's lists are whole. `english-words`, a larger
 * vocabulary, `never-entities` (weekdays, holidays, languages, software...) and
 * `organization-names` (companies, banks, universities... known by name) are no features: the
 * first two tell a slip of the tagger ("blocking", "Monday") from a name, the last names
 * organisations the tagger cannot know from synthetic text ("Barclays", "Infosys").
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
  'organization-names',
] as const;
export type GazetteerName = (typeof gazetteerNames)[number];
/** Lists whose entries may be several words, matched as token sequences. */
type PhraseListName = 'places' | 'organization-names';

/** A run of tokens, from `start` up to (not including) `end`, that a phrase list knows. */
export interface PhraseMatch {
  start: number;
  end: number;
}

/** Lower case without accents: "Müller" and "MULLER" meet the same entry. */
export function gazetteerKey(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

export class Gazetteers {
  private readonly singleWords: Map<GazetteerName, ReadonlySet<string>>;
  private readonly phrases: Record<PhraseListName, PhraseList>;

  constructor(lists: Record<GazetteerName, readonly string[]>) {
    this.singleWords = new Map(gazetteerNames.filter((name) => !isPhraseList(name)).map((name) => [name, new Set(lists[name].map(gazetteerKey))]));
    this.phrases = {
      // Places as the tagger was trained to see them: entries of up to six tokens.
      places: new PhraseList(lists.places, 6),
      'organization-names': new PhraseList(lists['organization-names'], 12),
    };
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

  has(name: Exclude<GazetteerName, PhraseListName>, token: string): boolean {
    return this.singleWords.get(name)?.has(gazetteerKey(token)) ?? false;
  }

  /** For each token: whether it lies inside the longest place entry that matches there. */
  placeTokens(tokens: readonly WordToken[]): boolean[] {
    const inside = new Array<boolean>(tokens.length).fill(false);
    for (const match of this.phrases.places.matches(tokens)) inside.fill(true, match.start, match.end);
    return inside;
  }

  /** Whether one place entry is exactly these tokens ("Sri Lanka"; "Washington Irving" is two places, not one). */
  isPlace(tokens: readonly WordToken[]): boolean {
    return tokens.length > 0 && this.phrases.places.matches(tokens).some((match) => match.start === 0 && match.end === tokens.length);
  }

  /** The runs of tokens that name an organisation the list knows: left to right, each the longest there, none overlapping. */
  organizationNames(tokens: readonly WordToken[]): PhraseMatch[] {
    const chosen: PhraseMatch[] = [];
    for (const match of this.phrases['organization-names'].matches(tokens)) {
      if (match.start >= (chosen[chosen.length - 1]?.end ?? 0)) chosen.push(match);
    }
    return chosen;
  }
}

function isPhraseList(name: GazetteerName): name is PhraseListName {
  return name === 'places' || name === 'organization-names';
}

/** Entries as their tokens' keys joined by spaces, found in a text's tokens longest first. */
class PhraseList {
  private readonly entries = new Set<string>();
  /** Longest entry (in tokens) that starts with a given key. */
  private readonly lengths = new Map<string, number>();

  /** Entries longer than `maxTokens` tokens are left out. */
  constructor(entries: readonly string[], maxTokens: number) {
    for (const entry of entries) {
      const keys = wordTokens(entry).map((token) => gazetteerKey(token.text));
      if (keys.length === 0 || keys.length > maxTokens) continue;
      this.entries.add(keys.join(' '));
      const first = keys[0] as string;
      this.lengths.set(first, Math.max(this.lengths.get(first) ?? 0, keys.length));
    }
  }

  /** The longest entry that starts at each token, where one does (matches may overlap). */
  matches(tokens: readonly WordToken[]): PhraseMatch[] {
    const keys = tokens.map((token) => gazetteerKey(token.text));
    const found: PhraseMatch[] = [];
    for (let start = 0; start < tokens.length; start += 1) {
      let length = Math.min(this.lengths.get(keys[start] as string) ?? 0, tokens.length - start);
      while (length >= 1 && !this.entries.has(keys.slice(start, start + length).join(' '))) length -= 1;
      if (length >= 1) found.push({ start, end: start + length });
    }
    return found;
  }
}
