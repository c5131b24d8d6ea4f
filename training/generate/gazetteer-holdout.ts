/**
 * Which names and places go into the gazetteers. Part of them is held out on purpose, so the
 * generator's texts hold names both inside and outside the lists and a model learns to treat
 * a list hit as a hint, not a verdict. The choice is a stable hash of the entry's lookup key
 * (lower case without accents, as the app matches it), so spelling variants share one fate.
 */
import { gazetteerKey } from '../../electron/core/privacy/entities/gazetteers.js';

/** Share kept, in tenths: person names 7 of 10, places 8 of 10. */
export const keptTenthsOfNames = 7;
export const keptTenthsOfPlaces = 8;

/** 32-bit FNV-1a over the UTF-8 bytes of the text. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function keptInGazetteer(entry: string, keptTenths: number): boolean {
  return stableHash(gazetteerKey(entry)) % 10 < keptTenths;
}
