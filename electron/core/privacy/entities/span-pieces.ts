import type { Span } from '../../../shared/privacy.js';
import type { Gazetteers } from './gazetteers.js';
import { wordTokens, type WordToken } from './word-tokens.js';

/**
 * Cuts a span the tagger ran across the seams of a text into the names it holds: "Noa Levi
 * (Tel Aviv" → "Noa Levi", "Tel Aviv"; "Wijeratne   Town: Kandy" → "Wijeratne", "Kandy";
 * "Amsterdam sales team" → "Amsterdam". A name does not run across brackets, commas,
 * semicolons, bars, slashes, a spaced dash, a line break or a wide gap of spaces, and a
 * lower-case English word ends it unless it joins names ("Bank of America", "van der Berg").
 * A piece that opens a form's label ("Town:", "Last name:") goes. Street lines keep their commas ("12 Main Street, Apt 4") and are not cut;
 * nor is a name written all in lower case ("maria gonzalez"), whose words are no seams.
 */
export function entityPieces(span: Span, text: string, gazetteers: Gazetteers): Span[] {
  if (span.type === 'STREET_ADDRESS') return [span];
  const value = text.slice(span.start, span.end);
  const tokens = wordTokens(value);
  const hasCapital = tokens.some((token) => /^\p{Lu}/u.test(token.text));
  const pieces: { start: number; end: number }[] = [];
  let current: { start: number; end: number } | undefined;
  const close = () => {
    if (current) pieces.push(current);
    current = undefined;
  };
  tokens.forEach((token, index) => {
    const previous = tokens[index - 1];
    if (previous && /\s{2,}|[\t\n\r]/.test(value.slice(previous.end, token.start))) close();
    const isSeam = seamCharacters.has(token.text) || (dashes.has(token.text) && token.spaceBefore && tokens[index + 1]?.spaceBefore !== false);
    const endsName = hasCapital && /^\p{Ll}/u.test(token.text) && !joiningWords.has(token.text) && gazetteers.has('english-words', token.text);
    if (isSeam || endsName) {
      close();
      return;
    }
    if (current) current.end = token.end;
    else current = { start: token.start, end: token.end };
  });
  close();
  const kept = pieces
    .map((piece) => trimJoiningWords(piece, tokens))
    .filter((piece): piece is { start: number; end: number } => piece !== undefined && !opensFieldLabel(text, span.start + piece.start, gazetteers));
  if (kept.length === 1 && kept[0]?.start === 0 && kept[0].end === value.length) return [span];
  return kept.map((piece) => ({ ...span, start: span.start + piece.start, end: span.start + piece.end }));
}

const seamCharacters = new Set(['(', ')', '[', ']', '{', '}', ',', ';', '|', '/', '\\', ':', '·', '•', '+', '"', '“', '”', '=', '<', '>']);
const dashes = new Set(['-', '–', '—']);
/** Lower-case words that join the words of one name ("Bank of America", "Pieter van der Berg"). */
const joiningWords = new Set([
  'of', 'and', 'the', 'for', 'de', 'del', 'della', 'der', 'den', 'des', 'di', 'da', 'do', 'dos', 'das', 'du', 'la', 'le', 'les',
  'van', 'von', 'zu', 'ter', 'ten', 'bin', 'binti', 'ibn', 'al', 'el', 'y', 'e', 'et', 'und',
]);

/** A piece without its joining words at either end ("of Lagos" → "Lagos"); none when only those are left. */
function trimJoiningWords(piece: { start: number; end: number }, tokens: readonly WordToken[]): { start: number; end: number } | undefined {
  const inside = tokens.filter((token) => token.start >= piece.start && token.end <= piece.end && !dashes.has(token.text));
  while (inside.length > 0 && joiningWords.has((inside[0] as WordToken).text)) inside.shift();
  while (inside.length > 0 && joiningWords.has((inside[inside.length - 1] as WordToken).text)) inside.pop();
  const first = inside[0];
  const last = inside[inside.length - 1];
  return first && last ? { start: first.start, end: last.end } : undefined;
}

/**
 * The words from `offset` to a colon on the same line are English words only ("Town:", "Last
 * name:", "Postal code:"): a form's label, whether the tagger ran it into the name or not.
 */
function opensFieldLabel(text: string, offset: number, gazetteers: Gazetteers): boolean {
  const label = /^([\p{L} \t]{1,40}?)[ \t]*:/u.exec(text.slice(offset, offset + 48))?.[1];
  if (!label) return false;
  return wordTokens(label).every((token) => gazetteers.has('english-words', token.text));
}
