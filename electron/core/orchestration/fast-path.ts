import type { TaskKind } from '../../shared/plan.js';
import { guessKind } from './task-kind-guess.js';

export interface FastPathDecision {
  /** True: one subtask, no planner call. */
  fast: boolean;
  /** Which rule decided, in words (kept in the plan's notes). */
  reason: string;
  kind: TaskKind;
  difficulty: number;
}

/**
 * Whether a request is simple enough to skip the planner. All of these must hold:
 *
 * - no attached documents (what to do with a document is worth a plan);
 * - at most `maxCharacters` characters (280 by default: a tweet-sized request);
 * - at most two lines, and no list items (`-`, `*`, `1.`): lists are several requests;
 * - at most one question mark and at most two sentences;
 * - no code fence (code plus a question is usually "explain, then fix");
 * - no word that chains steps: then, after that, afterwards, first, finally, step by step, also,
 *   compare, each of, as well as, and then.
 *
 * The kind comes from the words (see guessKind); difficulty 1 up to 80 characters, else 2.
 */
export function fastPathDecision(text: string, attachmentCount: number, maxCharacters: number): FastPathDecision {
  const trimmed = text.trim();
  const kind = guessKind(trimmed);
  const difficulty = trimmed.length <= 80 ? 1 : 2;
  const slow = (reason: string): FastPathDecision => ({ fast: false, reason, kind, difficulty });

  if (attachmentCount > 0) return slow('documents are attached');
  if (trimmed.length > maxCharacters) return slow(`longer than ${maxCharacters} characters`);
  const lines = trimmed.split(/\n+/).filter((line) => line.trim().length > 0);
  if (lines.length > 2) return slow('more than two lines');
  if (lines.some((line) => /^\s*([-*•]|\d+[.)])\s+/.test(line))) return slow('it is a list');
  if ((trimmed.match(/\?/g) ?? []).length > 1) return slow('several questions');
  if (sentenceCount(trimmed) > 2) return slow('more than two sentences');
  if (trimmed.includes('```')) return slow('it holds a code block');
  const chain = /\b(then|after that|afterwards|first|finally|step by step|also|compare|each of|as well as)\b/i.exec(trimmed);
  if (chain) return slow(`"${chain[0]}" chains several steps`);
  return { fast: true, reason: 'a short, single request (fast path: no planner call)', kind, difficulty };
}

function sentenceCount(text: string): number {
  // A sentence ends at . ! ? followed by a space and more text; decimals and "e.g." rarely matter at this length.
  return text.split(/[.!?]+\s+(?=\S)/).filter((sentence) => sentence.trim().length > 0).length;
}
