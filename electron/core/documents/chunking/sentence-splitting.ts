/**
 * Splits a paragraph into sentences, so a paragraph longer than a chunk is cut where a sentence
 * ends rather than in the middle of one. A full stop after a known abbreviation ("e.g.", "Fig.",
 * "et al.") or a single initial ("J. Smith") ends no sentence. Each sentence keeps the spaces
 * that follow it, so joining the pieces gives back the paragraph exactly.
 */

const abbreviations = new Set([
  'al', 'approx', 'cf', 'co', 'corp', 'dept', 'dr', 'e.g', 'eg', 'eq', 'eqs', 'esp', 'etc', 'fig', 'figs', 'i.e', 'ie', 'inc',
  'jr', 'ltd', 'mr', 'mrs', 'ms', 'no', 'nos', 'p', 'pp', 'prof', 'ref', 'refs', 'sec', 'sect', 'sr', 'st', 'tab', 'vol', 'vs',
]);

/** A sentence end: . ! ? (or an ellipsis), closing quotes or brackets, then white space. */
const sentenceEnd = /[.!?…]+["'”’)\]]*\s+/g;

export function splitSentences(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of paragraph.matchAll(sentenceEnd)) {
    const end = match.index + match[0].length;
    if (end >= paragraph.length) break;
    if (endsWithAbbreviation(paragraph.slice(start, match.index + 1))) continue;
    // A lower-case letter after the stop is most often a stop inside a sentence ("approx. two").
    if (/^\p{Ll}/u.test(paragraph.slice(end))) continue;
    sentences.push(paragraph.slice(start, end));
    start = end;
  }
  if (start < paragraph.length) sentences.push(paragraph.slice(start));
  return sentences;
}

function endsWithAbbreviation(sentence: string): boolean {
  const lastWord = /(\S+)\.$/.exec(sentence)?.[1];
  if (!lastWord) return false;
  const word = lastWord.replace(/^[("'[]+/, '').toLowerCase();
  // A single letter is an initial ("J. Smith") or a list label ("a."), not a sentence.
  return abbreviations.has(word) || /^\p{L}$/u.test(word);
}
