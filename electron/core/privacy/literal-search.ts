/** Escapes a literal for a regular expression in unicode mode (where only syntax characters may be escaped). */
export function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Every occurrence of any of `terms` in `text` that is not part of a longer word (no letter,
 * digit or underscore right before or after it), longest terms first, so "Acme Labs" wins
 * over "Acme". Returns `[start, end)` ranges in text order, never overlapping.
 */
export function findWholeTerms(text: string, terms: readonly string[], options: { ignoreCase: boolean }): [number, number][] {
  const unique = [...new Set(terms.map((term) => term.trim()).filter((term) => term.length > 0))].sort((a, b) => b.length - a.length);
  if (unique.length === 0) return [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${unique.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])`, options.ignoreCase ? 'giu' : 'gu');
  const ranges: [number, number][] = [];
  for (const match of text.matchAll(pattern)) {
    ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}
