import type { Outcome } from '../../shared/domain.js';
import type { ChatMessage } from '../../shared/language-model.js';
import type { TaskKind } from '../../shared/plan.js';
import { decodeFeatures } from '../learning/feature-encoding.js';
import type { HashedFeatures } from '../learning/prompt-features.js';
import type { SuccessEstimator } from '../learning/success-estimator.js';
import type { BatonDatabase } from '../storage/database.js';
import { callModel } from './model-call.js';
import { localCandidates, type ModelPool } from './model-pool.js';
import { shadowVerdict, type ShadowVerdict } from './shadow-verdict.js';

export interface ShadowLearnerOptions {
  database: BatonDatabase;
  models: ModelPool;
  /** The conductor's estimator: the shadow outcome teaches it like any other. */
  estimator: SuccessEstimator;
  settings: () => { systemPrompt: string; answerTokens: number; subtaskTimeoutMs: number };
}

/** One cloud answer tried again on this device, and what it taught. */
export interface ShadowRun {
  cloudOutcomeId: string;
  localModelId: string;
  verdict: ShadowVerdict;
  outcome: Outcome;
}

/**
 * Shadow learning (opt-in, when the machine is idle): a cloud-answered subtask is answered again
 * by the strongest local model, the two answers are compared (shadow-verdict.ts), and the result
 * is recorded as an outcome of the local model with the prompt's features. Routing so learns
 * where a local answer would have done, at no cost; nothing leaves the machine, since only a
 * local model is called. Each subtask is tried once.
 */
export class ShadowLearner {
  constructor(private readonly options: ShadowLearnerOptions) {}

  /** Tries the latest candidate; undefined when there is none, no local model, or `signal` stopped it. */
  async runOnce(signal: AbortSignal): Promise<ShadowRun | undefined> {
    const { database, models, estimator } = this.options;
    const [candidate] = database.outcomeFeatures.shadowCandidates(1);
    if (!candidate) return undefined;
    const [local] = localCandidates(await models.candidates());
    if (!local || signal.aborted) return undefined;
    const model = await models.load(local.descriptor.id, signal);
    const settings = this.options.settings();
    const messages: ChatMessage[] = [...(settings.systemPrompt ? [{ role: 'system' as const, content: settings.systemPrompt }] : []), { role: 'user', content: candidate.instruction }];
    const result = await callModel(model, { messages, maxTokens: settings.answerTokens }, { signal, timeoutMs: settings.subtaskTimeoutMs });
    // Stopped because the person came back: tried again another time.
    if (result.finishReason === 'aborted') return undefined;

    const kind = candidate.kind as TaskKind;
    const verdict: ShadowVerdict = result.error
      ? { goodEnough: false, reason: `the local model failed: ${result.error.message}` }
      : shadowVerdict({
          instruction: candidate.instruction,
          kind,
          difficulty: candidate.difficulty,
          localAnswer: result.text,
          localFinishReason: result.finishReason,
          cloudAnswer: candidate.cloudAnswer,
        });
    const outcome = database.outcomes.record({
      subtaskId: candidate.subtaskId,
      modelId: local.descriptor.id,
      kind,
      difficulty: candidate.difficulty,
      success: verdict.goodEnough,
      inputTokens: result.usage.inputTokens,
      outputTokens: result.usage.outputTokens,
      latencyMs: result.durationMs,
      costUsd: 0,
    });
    let features: HashedFeatures | undefined;
    try {
      features = decodeFeatures(candidate.features);
    } catch {
      // Damaged features teach nothing; the row is kept so that this subtask is not tried again.
      database.outcomeFeatures.save(outcome.id, 'local', candidate.features);
    }
    estimator.observe?.(outcome, features, 'local');
    return { cloudOutcomeId: candidate.outcomeId, localModelId: local.descriptor.id, verdict, outcome };
  }
}
