import type { Gazetteers } from './gazetteers.js';
import type { WordToken } from './word-tokens.js';

/**
 * The numbers the entity classifier sees for each word token. Training (training/featurize.ts)
 * and the app call this same code, so the two can never drift apart; `featureLayout` is
 * written next to the model and checked when it loads.
 *
 * Per token: a hashed word id (lower case), the first characters as ids (case kept: capitals
 * are the strongest hint for names), a shape class and a set of 0/1 flags (gazetteer hits,
 * line breaks, sentence starts).
 */
export const featureLayout = {
  version: 1,
  /** Hashed word ids: 0 is padding, 1 an unknown word (training drops words to it). */
  wordBuckets: 16384,
  /** Character ids: 0 is padding; code points below 1536 (Latin, Greek, Cyrillic, Hebrew, ...) are their own id, others hashed. */
  charBuckets: 2048,
  charsPerToken: 16,
  shapes: ['padding', 'lower', 'title', 'upper', 'single-capital', 'mixed-case', 'caseless-letters', 'digits', 'period', 'comma', 'apostrophe-or-hyphen', 'other-symbol'],
  flags: [
    'first-name',
    'last-name',
    'place',
    'organization-word',
    'person-title',
    'street-word',
    'common-word',
    'newline-before',
    'space-before',
    'sentence-start',
  ],
} as const;

export type ShapeName = (typeof featureLayout.shapes)[number];

export interface TokenFeatures {
  /** Tokens in this batch of features. */
  length: number;
  wordIds: BigInt64Array;
  /** `length × charsPerToken`, row by row. */
  charIds: BigInt64Array;
  shapeIds: BigInt64Array;
  /** `length × flags.length`, 0 or 1. */
  flags: Float32Array;
}

const directCodePoints = 1536;

export function featuresOf(tokens: readonly WordToken[], gazetteers: Gazetteers): TokenFeatures {
  const { charsPerToken, flags: flagNames } = featureLayout;
  const length = tokens.length;
  const features: TokenFeatures = {
    length,
    wordIds: new BigInt64Array(length),
    charIds: new BigInt64Array(length * charsPerToken),
    shapeIds: new BigInt64Array(length),
    flags: new Float32Array(length * flagNames.length),
  };
  const places = gazetteers.placeTokens(tokens);
  tokens.forEach((token, index) => {
    features.wordIds[index] = BigInt(wordId(token.text));
    let position = 0;
    for (const character of token.text) {
      if (position === charsPerToken) break;
      features.charIds[index * charsPerToken + position] = BigInt(charId(character.codePointAt(0) as number));
      position += 1;
    }
    features.shapeIds[index] = BigInt(featureLayout.shapes.indexOf(shapeOf(token.text)));
    const previous = tokens[index - 1];
    const values: Record<(typeof flagNames)[number], boolean> = {
      'first-name': gazetteers.has('first-names', token.text),
      'last-name': gazetteers.has('last-names', token.text),
      place: places[index] as boolean,
      'organization-word': gazetteers.has('organization-words', token.text),
      'person-title': gazetteers.has('person-titles', token.text),
      'street-word': gazetteers.has('street-words', token.text),
      'common-word': gazetteers.has('common-words', token.text),
      'newline-before': token.newlineBefore || index === 0,
      'space-before': token.spaceBefore,
      'sentence-start': previous === undefined || token.newlineBefore || /^[.!?:;]$/.test(previous.text),
    };
    flagNames.forEach((name, flag) => {
      features.flags[index * flagNames.length + flag] = values[name] ? 1 : 0;
    });
  });
  return features;
}

/** FNV-1a over the lower-cased word, into buckets 2 … wordBuckets-1. */
export function wordId(word: string): number {
  let hash = 0x811c9dc5;
  const lower = word.toLowerCase();
  for (let index = 0; index < lower.length; index += 1) {
    hash ^= lower.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return 2 + (hash % (featureLayout.wordBuckets - 2));
}

export function charId(codePoint: number): number {
  if (codePoint < directCodePoints) return codePoint + 1;
  return directCodePoints + 1 + (codePoint % (featureLayout.charBuckets - directCodePoints - 1));
}

export function shapeOf(token: string): ShapeName {
  if (/^\p{N}+$/u.test(token)) return 'digits';
  if (token === '.') return 'period';
  if (token === ',') return 'comma';
  if (/^['’‘`\-‐‑–]$/u.test(token)) return 'apostrophe-or-hyphen';
  if (!/\p{L}/u.test(token)) return 'other-symbol';
  const upper = token.toUpperCase();
  const lower = token.toLowerCase();
  if (upper === lower) return 'caseless-letters';
  if (token === lower) return 'lower';
  if (token === upper) return [...token].length === 1 ? 'single-capital' : 'upper';
  const [first = '', ...rest] = [...token];
  if (first === first.toUpperCase() && rest.join('') === rest.join('').toLowerCase()) return 'title';
  return 'mixed-case';
}
