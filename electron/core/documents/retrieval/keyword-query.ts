/**
 * A question as an FTS5 query: its words, lower case, without stop words ("which", "do", "the"
 * match every chunk and only add noise to the ranking), each quoted so nothing in the question
 * can be read as query syntax, joined by OR so a chunk needs only some of them. FTS5 stems the
 * quoted words with the index's own tokenizer. On the documents bench, dropping stop words
 * lifted recall@5 from 0.692 to 0.760.
 */
import stopWordList from './stop-words.json' with { type: 'json' };

const stopWords: ReadonlySet<string> = new Set(stopWordList.words);

/** The question's distinct content words, in order. */
export function queryTerms(question: string): string[] {
  const words = question
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 1 && !stopWords.has(word));
  return [...new Set(words)];
}

/** An FTS5 MATCH expression for the terms; undefined when the question has no content word. */
export function matchExpression(terms: readonly string[]): string | undefined {
  if (terms.length === 0) return undefined;
  return terms.map((term) => `"${term}"`).join(' OR ');
}
