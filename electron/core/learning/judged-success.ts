import type { Outcome } from '../../shared/domain.js';

/**
 * Whether an outcome counts as a success for learning: the person's thumbs up or down when they
 * gave one, else the evaluator's verdict. The person read the answer; the evaluator guessed.
 */
export function judgedSuccess(outcome: Pick<Outcome, 'success' | 'userFeedback'>): boolean {
  return outcome.userFeedback === null ? outcome.success : outcome.userFeedback > 0;
}

/**
 * The rating an answer gets when the person asks for it again: a soft "down". It counts as a
 * failure in the per-(model, kind) tallies and as 0.25 in the prompt regressions (learnedLabel);
 * a thumbs up or down given to the answer replaces it.
 */
export const regeneratedRating = -0.5;
