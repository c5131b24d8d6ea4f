import type { Outcome } from '../../shared/domain.js';

/**
 * Whether an outcome counts as a success for learning: the person's thumbs up or down when they
 * gave one, else the evaluator's verdict. The person read the answer; the evaluator guessed.
 */
export function judgedSuccess(outcome: Pick<Outcome, 'success' | 'userFeedback'>): boolean {
  return outcome.userFeedback === null ? outcome.success : outcome.userFeedback > 0;
}
