import type { SerializedError } from './errors.js';
import type { FinishReason, Locality, Usage } from './language-model.js';
import type { ModelTier, Plan } from './plan.js';
import type { ConsentDecision, ConsentRequest, RedactionCount } from './privacy.js';

/**
 * What a run reports while it works. The UI, the CLI and the tests all consume these; every
 * event carries its run id so several runs can share one channel.
 */
export type RunEvent =
  | { type: 'run-started'; runId: string; conversationId: string; userMessageId: string; assistantMessageId: string }
  | { type: 'plan-created'; runId: string; plan: Plan }
  | {
      type: 'subtask-routed';
      runId: string;
      subtaskId: string;
      modelId: string;
      reason: string;
      /** The chosen model's expected utility (the conductor's router); absent when a person named the model. */
      score?: number;
      /** Every model the router looked at, with its score or why it was left out. */
      candidates?: RouteCandidate[];
    }
  | { type: 'consent-requested'; runId: string; subtaskId: string; request: ConsentRequest }
  | { type: 'consent-resolved'; runId: string; subtaskId: string; requestId: string; decision: ConsentDecision }
  /** What the shield replaced before a cloud call: types and counts, never the values. */
  | { type: 'subtask-redacted'; runId: string; subtaskId: string; redactions: RedactionCount[] }
  | { type: 'subtask-delta'; runId: string; subtaskId: string; text: string }
  | {
      type: 'subtask-escalated';
      runId: string;
      subtaskId: string;
      fromModelId: string;
      toModelId: string;
      reason: string;
      score: number;
      /**
       * True when this subtask's text was streaming as the answer (answer-delta): the answer
       * starts again with the next model's deltas, so a UI clears what it showed.
       */
      answerRestarts?: boolean;
    }
  /**
   * Something a person should know about how the run went: offline, budget reached, context
   * shortened, a cloud call refused and answered locally instead.
   */
  | {
      type: 'run-notice';
      runId: string;
      kind: RunNoticeKind;
      message: string;
      /** A retry's wait: when it ends (epoch milliseconds), for a countdown. */
      retryAt?: number;
    }
  | {
      type: 'subtask-finished';
      runId: string;
      subtaskId: string;
      modelId: string;
      usage: Usage;
      costUsd: number;
      durationMs: number;
      finishReason: FinishReason;
      /** The evaluator's score in [0, 1] of the kept result (conductor runs). */
      score?: number;
      /** False when every model fell short of the subtask's bar and the best result was kept. */
      passed?: boolean;
      /** How many times the subtask went one tier up. */
      escalations?: number;
    }
  | { type: 'answer-delta'; runId: string; text: string }
  | {
      type: 'run-finished';
      runId: string;
      answer: string;
      usage: Usage;
      costUsd: number;
      durationMs: number;
      finishReason: FinishReason;
    }
  | { type: 'run-failed'; runId: string; error: SerializedError; partialAnswer: string };

export type RunNoticeKind =
  | 'offline'
  | 'budget'
  | 'context-shortened'
  | 'privacy-fallback'
  | 'consent-denied'
  | 'retry'
  /** A model failed (errors after retries, timeout) and another model took the subtask over. */
  | 'fallback'
  /** No model reached the subtask's quality bar: the best result was kept and is marked. */
  | 'quality'
  /** How a conversation's documents were searched for the question (keyword alone, nothing matched). */
  | 'documents';

/** One model the router considered for a subtask: its expected utility, or why it was left out. */
export interface RouteCandidate {
  modelId: string;
  tier: ModelTier;
  locality: Locality;
  eligible: boolean;
  /** Why the model was left out (privacy, offline, missing key, budget, context window, ...). */
  excludedBecause?: string;
  /** Estimated P(success | model, kind, difficulty). */
  successProbability: number;
  estimatedCostUsd: number;
  estimatedLatencyMs: number;
  /** Expected utility; higher is better. Comparable only within one routing decision. */
  score: number;
}

export type RunEventType = RunEvent['type'];

export type RunEventListener = (event: RunEvent) => void;
