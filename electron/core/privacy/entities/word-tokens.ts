/**
 * Splits a text into the word tokens the entity classifier labels: runs of letters, runs of
 * digits, and every other visible character on its own. Han, Hiragana and Katakana characters
 * are one token each (those scripts write names without spaces). Offsets are UTF-16 indices
 * into the original text, so a labelled token run maps straight back to a span.
 */
export interface WordToken {
  text: string;
  start: number;
  end: number;
  /** Whitespace before the token holds a line break (a new line of a form, a signature). */
  newlineBefore: boolean;
  /** Any whitespace before the token ("Jean-Luc" has none before "-" and "Luc"). */
  spaceBefore: boolean;
}

const tokenPattern = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{M}]+|\p{N}+|[^\s\p{L}\p{M}\p{N}]/gu;

export function wordTokens(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(tokenPattern)) {
    const start = match.index;
    const gap = text.slice(previousEnd, start);
    tokens.push({
      text: match[0],
      start,
      end: start + match[0].length,
      newlineBefore: /[\n\r\u2028\u2029]/.test(gap),
      spaceBefore: gap.length > 0,
    });
    previousEnd = start + match[0].length;
  }
  return tokens;
}
