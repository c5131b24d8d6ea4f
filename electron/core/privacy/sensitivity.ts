import type { Sensitivity, SensitiveTopic } from '../../shared/privacy.js';
import { sensitiveTopicLexicons, type TopicLexicon } from './sensitive-topic-lexicons.js';

/** One lexicon term found in a text, as the lexicon writes it ("diagnos*"): for tests and explanations. */
export interface TopicMatch {
  topic: SensitiveTopic;
  term: string;
}

/** A lexicon word: either the whole word, or (`diagnos*`) a prefix of it. */
interface LexiconWord {
  text: string;
  prefix: boolean;
}

/** A term or an ordinary phrase; `topic` is undefined for an ordinary phrase, which silences its words. */
interface LexiconEntry {
  topic: SensitiveTopic | undefined;
  term: string;
  words: LexiconWord[];
}

/**
 * Finds the sensitive topics of a text from local lexicons; nothing leaves the machine to decide it.
 * The text and the terms are folded the same way (see foldedWords), then read once from left to
 * right: at each word the longest entry that starts there wins, so the work grows with the text,
 * never with a regular expression per term.
 */
export class SensitivityDetector {
  /** Entries by their first word when that word is whole, and by its prefix when it ends in `*`. */
  private readonly byFirstWord = new Map<string, LexiconEntry[]>();
  private readonly byFirstPrefix = new Map<string, LexiconEntry[]>();
  private readonly prefixLengths: number[];
  /** Topics in the lexicons' order, so the same text always reports the same list. */
  private readonly topicOrder: SensitiveTopic[];

  constructor(lexicons: readonly TopicLexicon[] = sensitiveTopicLexicons) {
    this.topicOrder = lexicons.map((lexicon) => lexicon.topic);
    for (const lexicon of lexicons) {
      for (const term of Object.values(lexicon.terms).flat()) this.add(lexicon.topic, term);
      for (const phrase of lexicon.ordinary) this.add(undefined, phrase);
    }
    this.prefixLengths = [...new Set([...this.byFirstPrefix.keys()].map((prefix) => prefix.length))].sort((a, b) => a - b);
  }

  detect(text: string): Sensitivity {
    const found = new Set(this.findTerms(text).map((match) => match.topic));
    const topics = this.topicOrder.filter((topic) => found.has(topic));
    return { level: topics.length > 0 ? 'sensitive' : 'none', topics };
  }

  /** Every term found, in text order; the words an ordinary phrase covers count for nothing. */
  findTerms(text: string): TopicMatch[] {
    const words = foldedWords(text);
    const matches: TopicMatch[] = [];
    let index = 0;
    while (index < words.length) {
      const entry = this.longestEntryAt(words, index);
      if (entry === undefined) {
        index += 1;
        continue;
      }
      if (entry.topic !== undefined) matches.push({ topic: entry.topic, term: entry.term });
      index += entry.words.length;
    }
    return matches;
  }

  private longestEntryAt(words: readonly string[], index: number): LexiconEntry | undefined {
    let best: LexiconEntry | undefined;
    for (const entry of this.candidatesFor(words[index] as string)) {
      if (best !== undefined && entry.words.length <= best.words.length) continue;
      if (entry.words.every((word, offset) => index + offset < words.length && wordMatches(word, words[index + offset] as string))) best = entry;
    }
    return best;
  }

  /** Entries whose first word could match this text word: a few map lookups, whatever the lexicon's size. */
  private candidatesFor(word: string): LexiconEntry[] {
    const candidates = singularForms(word).flatMap((form) => this.byFirstWord.get(form) ?? []);
    for (const length of this.prefixLengths) {
      if (length > word.length) break;
      candidates.push(...(this.byFirstPrefix.get(word.slice(0, length)) ?? []));
    }
    return candidates;
  }

  private add(topic: SensitiveTopic | undefined, term: string): void {
    const words = foldedWords(term.replace(/\*/g, '')).map((text) => ({ text, prefix: false }));
    const last = words.at(-1);
    if (last === undefined) return;
    last.prefix = term.endsWith('*');
    const first = words[0] as LexiconWord;
    const index = first.prefix ? this.byFirstPrefix : this.byFirstWord;
    const entries = index.get(first.text) ?? [];
    // The same phrase in two languages ("cancer") is one entry: the first topic to list it keeps it.
    if (entries.some((entry) => entry.words.length === words.length && entry.words.every((word, offset) => sameWord(word, words[offset] as LexiconWord)))) return;
    entries.push({ topic, term, words });
    index.set(first.text, entries);
  }
}

/**
 * The words of a text as the lexicons are written: NFKC (full-width letters, ligatures), case
 * folding ("ß" as "ss"), accents removed ("dépression": "depression"), and abbreviations written
 * with dots read as one word ("H.I.V." and "S.T.D.s": "hiv", "stds"). Everything that is not a
 * letter or a digit separates words, so "non-binary" and "d'impôts" are two words each.
 */
export function foldedWords(text: string): string[] {
  const folded = text.normalize('NFKC').toLowerCase().replace(/ß/g, 'ss').normalize('NFD').replace(/\p{M}/gu, '');
  const words: string[] = [];
  // Runs of words joined by single dots, then split: "h.i.v" is one word, "file.txt" two.
  for (const [run] of folded.matchAll(/[\p{L}\p{N}]+(?:\.[\p{L}\p{N}]+)*/gu)) {
    const parts = run.split('.');
    if (parts.length > 1 && parts.every((part) => part.length === 1 && /\p{L}/u.test(part))) words.push(parts.join(''));
    else words.push(...parts);
  }
  return words;
}

/**
 * The word and what it would be without a plural ending (-s, -es, -ies), so lexicons list
 * singulars only; English, French and Spanish plurals are covered, German ones are listed.
 * Short words keep their ending ("bus", "gas" are not plurals worth a lookup), and so do words
 * in -ss, which are never plurals and would otherwise turn "process" into French "proces".
 */
function singularForms(word: string): string[] {
  const forms = [word];
  if (word.length <= 3 || !word.endsWith('s') || word.endsWith('ss')) return forms;
  forms.push(word.slice(0, -1));
  if (word.endsWith('es')) forms.push(word.slice(0, -2));
  if (word.endsWith('ies')) forms.push(`${word.slice(0, -3)}y`);
  return forms;
}

function wordMatches(lexiconWord: LexiconWord, textWord: string): boolean {
  if (lexiconWord.prefix) return textWord.startsWith(lexiconWord.text);
  return singularForms(textWord).includes(lexiconWord.text);
}

function sameWord(left: LexiconWord, right: LexiconWord): boolean {
  return left.text === right.text && left.prefix === right.prefix;
}
