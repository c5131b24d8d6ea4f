import { mapCharactersWithOrigins } from '../normalization/character-mapping.js';

/**
 * A lower-cased, accent-free copy of a text that remembers where each of its characters came
 * from, so that tokens (which tokenizers lower-case and strip of accents) can be found again
 * in the original text.
 */
export interface NormalizedText {
  text: string;
  /** For each UTF-16 unit of `text`: the start of the original character it came from. */
  originStart: number[];
  /** For each UTF-16 unit of `text`: the end of the original character it came from. */
  originEnd: number[];
}

const combiningMarks = /\p{M}/gu;

/** Lower-case, decomposed, combining marks removed: what BERT-style normalizers do to a character. */
export function normalizeForMatching(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(combiningMarks, '');
}

export function normalizeWithOrigins(text: string): NormalizedText {
  return mapCharactersWithOrigins(text, normalizeForMatching);
}
