import type { FinishReason } from '../../shared/language-model.js';
import type { TaskKind } from '../../shared/plan.js';
import { heuristicVerdict, qualityBar } from './evaluator.js';
import { finalNumberOf, nearlyEqual } from '../learning/answer-checks.js';

/** A local model's answer to a subtask a cloud model answered well, and that answer. */
export interface ShadowComparison {
  instruction: string;
  kind: TaskKind;
  difficulty: number;
  localAnswer: string;
  localFinishReason: FinishReason;
  cloudAnswer: string;
}

export interface ShadowVerdict {
  /** Would the local answer have done: what routing learns for the local model on this prompt. */
  goodEnough: boolean;
  /** Why, in words. */
  reason: string;
}

/**
 * Kinds whose right answer is close to unique, so a good local answer shares most of its words
 * with the cloud's, and the least share of them (F1 over content words) that counts as the same
 * answer. Writing, chat, code and reasoning have many right answers in different words: for them
 * the evaluator's checks decide alone.
 */
const agreementNeeded: Partial<Record<TaskKind, number>> = { extract: 0.5, classify: 0.5, translate: 0.35, summarize: 0.25 };

/**
 * Whether the local answer would have been good enough, judged without any model: it must pass
 * the evaluator's checks at the subtask's bar (not empty, no refusal, not cut off, valid code or
 * JSON, the right language...); for maths its final number must be the cloud answer's; for kinds
 * with one right answer it must say much the same words. A cheap proxy, biased towards "not good
 * enough" where the answers merely differ in form: shadow learning may then keep a prompt in the
 * cloud that local could have answered, never the other way round.
 */
export function shadowVerdict(comparison: ShadowComparison): ShadowVerdict {
  const { kind, difficulty, localAnswer, cloudAnswer } = comparison;
  const checks = heuristicVerdict({
    instruction: comparison.instruction,
    kind,
    difficulty,
    answer: localAnswer,
    finishReason: comparison.localFinishReason,
    expectJson: false,
  });
  const bar = qualityBar(kind, difficulty);
  if (checks.score < bar) return { goodEnough: false, reason: `the local answer failed the checks: ${checks.problems.join('; ')}` };
  if (kind === 'math') {
    const cloudNumber = finalNumberOf(cloudAnswer);
    const localNumber = finalNumberOf(localAnswer);
    if (cloudNumber !== undefined) {
      if (localNumber === undefined) return { goodEnough: false, reason: 'the local answer has no final number' };
      if (!nearlyEqual(localNumber, cloudNumber)) return { goodEnough: false, reason: `the local answer ends with ${localNumber}, the cloud's with ${cloudNumber}` };
      return { goodEnough: true, reason: `both answers end with ${cloudNumber}` };
    }
  }
  const needed = agreementNeeded[kind];
  if (needed !== undefined) {
    const agreement = contentWordF1(localAnswer, cloudAnswer);
    if (agreement < needed) return { goodEnough: false, reason: `the answers share too few words (${agreement.toFixed(2)} < ${needed})` };
    return { goodEnough: true, reason: `the answers agree (${agreement.toFixed(2)} of their words)` };
  }
  return { goodEnough: true, reason: 'the local answer passed the checks' };
}

/** F1 of the two texts' content words (letters or digits, two characters or more, any case), counted with repeats. */
export function contentWordF1(left: string, right: string): number {
  const leftWords = contentWords(left);
  const rightWords = contentWords(right);
  if (leftWords.length === 0 || rightWords.length === 0) return 0;
  const remaining = new Map<string, number>();
  for (const word of rightWords) remaining.set(word, (remaining.get(word) ?? 0) + 1);
  let shared = 0;
  for (const word of leftWords) {
    const count = remaining.get(word) ?? 0;
    if (count > 0) {
      shared += 1;
      remaining.set(word, count - 1);
    }
  }
  const precision = shared / leftWords.length;
  const recall = shared / rightWords.length;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? []).filter((word) => !stopWords.has(word));
}

const stopWords = new Set(
  'the a an and or of to in on at for with by from is are was were be been it its this that these those as not no but if then so do does did has have had can will would should could'.split(' '),
);
