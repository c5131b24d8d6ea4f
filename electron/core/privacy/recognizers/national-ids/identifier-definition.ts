import type { EntityType } from '../../../../shared/privacy.js';
import { createAdjacentContextMatcher, createContextMatcher } from '../context-words.js';
import type { PatternRule } from '../pattern-recognizer.js';

/**
 * One national identifier, as data: what it is, where it is issued, its written shape, its
 * official check and the words that announce it. The national-id recognizer is built from a
 * table of these, and the passport and driver-license recognizers add their countries' tables,
 * so adding an identifier is adding one entry with its tests.
 */
export interface IdentifierDefinition {
  /** Presidio-style entity name (UK_NHS, AU_ABN, ...): which identifier a hit is. */
  entity: string;
  /**
   * The span type; NATIONAL_ID unless said otherwise. Country passports and driving licences
   * are PASSPORT and DRIVER_LICENSE, so they are redacted and counted with the documents of
   * every other country.
   */
  type?: EntityType;
  /** ISO 3166 regions that issue it. */
  regions: readonly string[];
  /** The shape, without word boundaries (added here), compiled once with the 'u' flag. */
  pattern: string;
  /** The official check (check digit, check letter, valid ranges) on the matched text. */
  validate: (value: string) => boolean;
  /** Words that announce it, looked for in the 48 characters before. */
  contextWords: readonly string[];
  /**
   * The words must come right before the value, with only filler ("number is", "no.:") between:
   * for shapes that are any number (a bank account's digits), not just near it.
   */
  contextAdjacent?: boolean;
  /**
   * Score of a valid hit without context words. 0 for bare digit runs that a check digit alone
   * cannot tell from any other number (one in ten or eleven random runs passes).
   */
  score: number;
  /** Score of a valid hit announced by its context words. */
  scoreWithContext: number;
}

const before = '(?<![\\p{L}\\p{N}])';
const after = '(?![\\p{L}\\p{N}])';

/** The definition as a pattern rule of the shared pattern recognizer. */
export function ruleOf(definition: IdentifierDefinition): PatternRule {
  const hasContext = definition.contextAdjacent
    ? createAdjacentContextMatcher(definition.contextWords, 48)
    : createContextMatcher(definition.contextWords, { before: 48, after: 0 });
  const score = Math.max(definition.score, definition.scoreWithContext);
  return {
    type: definition.type ?? 'NATIONAL_ID',
    detail: definition.entity,
    pattern: new RegExp(`${before}(?:${definition.pattern})${after}`, 'gu'),
    score,
    validate: ({ value, text, start, end }) => {
      if (!definition.validate(value)) return false;
      return hasContext(text, start, end) ? definition.scoreWithContext : definition.score;
    },
  };
}

/** A birth date written YYMMDD (or DDMMYY) is a real calendar day, whatever the century. */
export function isCalendarDay(month: number, day: number): boolean {
  const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return month >= 1 && month <= 12 && day >= 1 && day <= (daysInMonth[month - 1] ?? 0);
}
