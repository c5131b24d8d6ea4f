/**
 * Cuts a text too long for one chunk into pieces of at most `limit` characters: at sentence ends
 * where it can, filling each piece as far as it goes (so a piece of a split paragraph holds as
 * much of it as the budget allows); a sentence longer than the limit at the last space that
 * fits, and a run without any space (a URL, a hash) where the limit falls.
 */
import { splitSentences } from './sentence-splitting.js';

export function textPieces(text: string, limit: number): string[] {
  const pieces: string[] = [];
  let current = '';
  const flush = () => {
    const piece = current.trim();
    if (piece) pieces.push(piece);
    current = '';
  };
  for (const sentence of splitSentences(text)) {
    if ((current + sentence).trimEnd().length <= limit) {
      current += sentence;
      continue;
    }
    flush();
    if (sentence.trimEnd().length <= limit) {
      current = sentence;
      continue;
    }
    const words = wordPieces(sentence.trim(), limit);
    // The last piece of a long sentence may share its chunk piece with the sentences after it.
    current = `${words.pop() ?? ''} `;
    pieces.push(...words);
  }
  flush();
  return pieces;
}

function wordPieces(sentence: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = sentence;
  while (rest.length > limit) {
    const space = rest.lastIndexOf(' ', limit);
    const cut = space > 0 ? space : limit;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}
