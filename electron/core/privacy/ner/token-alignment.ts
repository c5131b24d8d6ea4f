import { normalizeForMatching, normalizeWithOrigins } from './text-normalization.js';

/** Where a token came from in the original text (UTF-16 offsets, end exclusive). */
export interface TokenOffset {
  start: number;
  end: number;
  /**
   * False when the token could not be found in the text ([UNK], byte-level pieces of non-Latin
   * text): its range is then the gap between its found neighbours, so it is never lost.
   */
  matched: boolean;
}

/** Markers tokenizers put on pieces: WordPiece continuation, SentencePiece and byte-level BPE spaces. */
const continuationPrefix = '##';
const metaspace = '\u2581';
const byteLevelSpace = '\u0120';
/** How far past the expected position a token may be found (characters a normalizer dropped). */
const searchWindow = 64;

/** The text a token stands for, without the markers its tokenizer adds. */
export function tokenSurface(token: string): string {
  if (token.startsWith(continuationPrefix) && token.length > continuationPrefix.length) return token.slice(continuationPrefix.length);
  if (token.startsWith(metaspace) || token.startsWith(byteLevelSpace)) return token.slice(1);
  return token;
}

/**
 * Character offsets for the tokens of `text`. Transformers.js (4.x) gives no offset mapping, so
 * each token is found again: both sides are lower-cased and stripped of accents (as BERT
 * normalizers do), then each token is searched from where the previous one ended. Tokens that
 * cannot be found take the range between their neighbours.
 */
export function alignTokens(text: string, tokens: readonly string[], unknownToken?: string): TokenOffset[] {
  const normalized = normalizeWithOrigins(text);
  const found: (TokenOffset | undefined)[] = [];
  let cursor = 0;
  for (const token of tokens) {
    const piece = token === unknownToken ? '' : normalizeForMatching(tokenSurface(token));
    if (piece.length === 0) {
      found.push(undefined);
      continue;
    }
    let position = skipWhitespace(normalized.text, cursor);
    if (!normalized.text.startsWith(piece, position)) {
      const later = normalized.text.indexOf(piece, cursor);
      position = later !== -1 && later - cursor <= searchWindow ? later : -1;
    }
    if (position === -1) {
      found.push(undefined);
      continue;
    }
    const last = position + piece.length - 1;
    found.push({ start: normalized.originStart[position] ?? 0, end: normalized.originEnd[last] ?? text.length, matched: true });
    cursor = position + piece.length;
  }
  return fillGaps(text, found);
}

function fillGaps(text: string, found: (TokenOffset | undefined)[]): TokenOffset[] {
  const offsets: TokenOffset[] = [];
  for (let index = 0; index < found.length; index += 1) {
    const offset = found[index];
    if (offset) {
      offsets.push(offset);
      continue;
    }
    const previous = offsets.at(-1);
    let next: TokenOffset | undefined;
    for (let later = index + 1; later < found.length && !next; later += 1) next = found[later];
    let start = previous ? previous.end : 0;
    let end = next ? next.start : text.length;
    while (start < end && /\s/.test(text[start] ?? '')) start += 1;
    while (end > start && /\s/.test(text[end - 1] ?? '')) end -= 1;
    offsets.push({ start, end, matched: false });
  }
  return offsets;
}

function skipWhitespace(text: string, position: number): number {
  let index = position;
  while (index < text.length && /\s/.test(text[index] ?? '')) index += 1;
  return index;
}

const wordCharacter = /[\p{L}\p{N}]/u;

/**
 * Whether `current` is a further piece of the word `previous` belongs to: they touch and both
 * sides of the seam are letters or digits. Decided from offsets, so it works for every tokenizer.
 */
export function continuesWord(text: string, previous: TokenOffset, current: TokenOffset): boolean {
  if (previous.start === current.start && previous.end === current.end) return true;
  if (current.start !== previous.end || previous.end <= previous.start) return false;
  return wordCharacter.test(text[previous.end - 1] ?? '') && wordCharacter.test(text[current.start] ?? '');
}
