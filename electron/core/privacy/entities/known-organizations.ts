import type { Span } from '../../../shared/privacy.js';
import type { Gazetteers, PhraseMatch } from './gazetteers.js';
import { opensSentence } from './span-review.js';
import type { WordToken } from './word-tokens.js';

/**
 * Organisations found by what the tagger cannot know from synthetic text: the list's names
 * ("Barclays", "Infosys", "Japan Airlines") and names after a cue such as "works at" or
 * "Employer:" (organization-cues.ts). The tagger learned that an unknown capitalised word is
 * mostly a surname or a town, so it calls "Barclays" a person and the "Japan" of "Japan
 * Airlines" a place. Each candidate becomes an ORGANIZATION span, replacing the spans inside it.
 *
 * A span the tagger found that reaches beyond a candidate keeps its kind: it holds more than
 * the name ("Enzo Ferrari" is a person, "United Arab Emirates" a country, "Goldman Sachs
 * International" already an organisation). Street addresses are never retyped.
 */
export function withOrganizations(spans: readonly Span[], candidates: readonly TextRange[], source: string): Span[] {
  let result = [...spans];
  for (const { start, end } of candidates) {
    const overlapping = result.filter((span) => span.start < end && start < span.end);
    if (overlapping.some((span) => span.type === 'STREET_ADDRESS' || span.start < start || span.end > end)) continue;
    const score = Math.max(knownOrganizationScore, ...overlapping.map((span) => span.score));
    result = result.filter((span) => !overlapping.includes(span));
    result.push({ type: 'ORGANIZATION', start, end, score, source });
  }
  return result.sort((left, right) => left.start - right.start);
}

/** Characters from `start` up to (not including) `end`. */
export interface TextRange {
  start: number;
  end: number;
}

/** The organisation names of the list, written as names, in the text. */
export function listedOrganizations(text: string, tokens: readonly WordToken[], gazetteers: Gazetteers): TextRange[] {
  return gazetteers
    .organizationNames(tokens)
    .filter((match) => isWrittenAsName(match, text, tokens, gazetteers))
    .map((match) => ({ start: (tokens[match.start] as WordToken).start, end: (tokens[match.end - 1] as WordToken).end }));
}

/** Above the analyzer's threshold, like a name the word lists confirm (span-review.ts). */
const knownOrganizationScore = 0.6;

/** Small words inside organisation names that are written in lower case ("Bank of America"). */
const joiningWords = new Set(['of', 'and', 'the', 'for', 'de', 'del', 'der', 'des', 'di', 'da', 'do', 'du', 'la', 'le', 'les', 'los', 'las', 'y', 'e', 'et', 'und', 'für', 'van', 'von', 'a', 'an', 'at', 'in', 'on']);

/**
 * The match reads as a name: its first word and every word that is not a joining word starts
 * with a capital or a digit ("tesco" or "the guardian" in lower case are left to the tagger),
 * an entry of one or two letters is written in capitals ("BP"), and a title alone is no
 * organisation ("Ing." is an engineer's title). A name made only of English words ("General
 * Motors", "Royal Mail") that opens a sentence or a line may be a heading or ordinary words,
 * so it counts only inside a sentence.
 */
function isWrittenAsName(match: PhraseMatch, text: string, tokens: readonly WordToken[], gazetteers: Gazetteers): boolean {
  const words = tokens.slice(match.start, match.end).filter((token) => /[\p{L}\p{N}]/u.test(token.text));
  const first = words[0];
  if (!first || !startsAsName(first.text)) return false;
  if (words.some((word) => !joiningWords.has(word.text.toLowerCase()) && !startsAsName(word.text))) return false;
  if (words.length === 1 && first.text.length <= 2 && first.text !== first.text.toUpperCase()) return false;
  if (words.every((word) => gazetteers.has('person-titles', word.text))) return false;
  const contentWords = words.filter((word) => !joiningWords.has(word.text.toLowerCase()));
  if (!contentWords.every((word) => gazetteers.has('english-words', word.text))) return true;
  return !opensSentence(text, first.start);
}

function startsAsName(word: string): boolean {
  return /^[\p{Lu}\p{N}]/u.test(word);
}
