import type { EntityType, Span } from '../../../shared/privacy.js';
import type { Recognizer } from '../recognizer.js';

/** One regex hit handed to a rule's validator: the value and where it sits in the text. */
export interface PatternHit {
  /** `text.slice(start, end)`: the whole match, or the rule's value group. */
  value: string;
  start: number;
  end: number;
  text: string;
  match: RegExpExecArray;
}

/**
 * What a validator decides about a hit: `true` keeps the rule's score, `false` drops the hit, a
 * number is the final score, and an object can also move the span (a trimmed IBAN) or retype it.
 */
export type Verdict = boolean | number | { score: number; start?: number; end?: number; type?: EntityType };

export interface PatternRule {
  type: EntityType;
  /**
   * A global regex ('g'). With `valueGroup` it also needs 'd' (match indices), so the span can be
   * just the value of a `password=value` pair rather than the whole pair.
   */
  pattern: RegExp;
  score: number;
  valueGroup?: string;
  validate?: (hit: PatternHit) => Verdict;
  /** Which identifier within the type the rule finds (`DE_KVNR`), carried on its spans as `detail`. */
  detail?: string;
}

export interface PatternRecognizerDefinition {
  name: string;
  contextWords?: readonly string[];
  rules: readonly PatternRule[];
}

/**
 * Builds a recognizer from precompiled rules. Regexes are compiled once, at module load; every
 * call uses `matchAll`, which works on a copy, so concurrent callers never share `lastIndex`.
 */
export function createPatternRecognizer(definition: PatternRecognizerDefinition): Recognizer {
  for (const rule of definition.rules) {
    if (!rule.pattern.global) throw new Error(`Recognizer ${definition.name}: pattern ${rule.pattern} needs the g flag`);
    if (rule.valueGroup && !rule.pattern.hasIndices) {
      throw new Error(`Recognizer ${definition.name}: pattern ${rule.pattern} needs the d flag for its value group`);
    }
  }
  return {
    name: definition.name,
    ...(definition.contextWords ? { contextWords: definition.contextWords } : {}),
    analyze(text: string): Span[] {
      const spans: Span[] = [];
      for (const rule of definition.rules) {
        for (const match of text.matchAll(rule.pattern)) {
          const span = spanOf(text, rule, match, definition.name);
          if (span) spans.push(span);
        }
      }
      return spans;
    },
  };
}

function spanOf(text: string, rule: PatternRule, match: RegExpExecArray, source: string): Span | undefined {
  let start = match.index;
  let end = start + match[0].length;
  if (rule.valueGroup) {
    const indices = match.indices?.groups?.[rule.valueGroup];
    // An optional value group that did not take part in the match: nothing to report.
    if (!indices) return undefined;
    [start, end] = indices;
  }
  if (end <= start) return undefined;
  let score = rule.score;
  let type = rule.type;
  if (rule.validate) {
    const verdict = rule.validate({ value: text.slice(start, end), start, end, text, match });
    if (verdict === false) return undefined;
    if (typeof verdict === 'number') score = verdict;
    else if (typeof verdict === 'object') {
      score = verdict.score;
      start = verdict.start ?? start;
      end = verdict.end ?? end;
      type = verdict.type ?? type;
    }
  }
  if (score <= 0 || end <= start) return undefined;
  return { type, start, end, score: Math.min(1, score), source, ...(rule.detail ? { detail: rule.detail } : {}) };
}
