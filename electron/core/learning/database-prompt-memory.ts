import type { OutcomeFeatureRepository, StoredOutcomeFeatures } from '../storage/outcome-feature-repository.js';
import { decodeFeatures, encodeFeatures } from './feature-encoding.js';
import type { PromptOutcomeMemory, RememberedOutcome } from './prompt-aware-estimator.js';

/**
 * The regressions forget 1/10,000 of their weights per outcome of their model
 * (PromptSuccessSettings.decay): older outcomes would barely count, and relearning them would
 * only slow the first routing after a start (about 1.7 s for 10,000 on one core).
 */
export const rememberedOutcomes = 10_000;

/** Outcomes' prompt features kept in the database's outcome_features table. */
export class DatabasePromptMemory implements PromptOutcomeMemory {
  constructor(
    private readonly table: OutcomeFeatureRepository,
    private readonly limit = rememberedOutcomes,
  ) {}

  keep({ outcome, tier, features }: RememberedOutcome): void {
    try {
      this.table.save(outcome.id, tier, encodeFeatures(features));
    } catch {
      // A full disk, or the outcome deleted with its conversation meanwhile: what this outcome
      // taught is lost after a restart, never the answer it belongs to.
    }
  }

  recall(): Iterable<RememberedOutcome> {
    return decoded(this.table.recent(this.limit));
  }

  /** The outcomes of a run (or of one of its subtasks) with their features, as they are now: a rating in. */
  ofRun(runId: string, subtaskKey?: string): RememberedOutcome[] {
    return [...decoded(this.table.ofRun(runId, subtaskKey))];
  }
}

function* decoded(rows: readonly StoredOutcomeFeatures[]): Iterable<RememberedOutcome> {
  for (const stored of rows) {
    let features;
    try {
      features = decodeFeatures(stored.features);
    } catch {
      // A damaged row costs what it taught, nothing more: routing still has the floor.
      continue;
    }
    yield { outcome: stored.outcome, tier: stored.tier, features };
  }
}
