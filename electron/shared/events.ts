import type { SerializedError } from './errors.js';
import type { FinishReason, Usage } from './language-model.js';
import type { Plan } from './plan.js';
import type { ConsentDecision, ConsentRequest, RedactionCount } from './privacy.js';

/**
 * What a run reports while it works. The UI, the CLI and the tests all consume these; every
 * event carries its run id so several runs can share one channel.
 */
export type RunEvent =
  | { type: 'run-started'; runId: string; conversationId: string; userMessageId: string; assistantMessageId: string }
  | { type: 'plan-created'; runId: string; plan: Plan }
  | { type: 'subtask-routed'; runId: string; subtaskId: string; modelId: string; reason: string }
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
    }
  /**
   * Something a person should know about how the run went: offline, budget reached, context
   * shortened, a cloud call refused and answered locally instead.
   */
  | { type: 'run-notice'; runId: string; kind: RunNoticeKind; message: string }
  | {
      type: 'subtask-finished';
      runId: string;
      subtaskId: string;
      modelId: string;
      usage: Usage;
      costUsd: number;
      durationMs: number;
      finishReason: FinishReason;
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

export type RunNoticeKind = 'offline' | 'budget' | 'context-shortened' | 'privacy-fallback' | 'consent-denied' | 'retry';

export type RunEventType = RunEvent['type'];

export type RunEventListener = (event: RunEvent) => void;
