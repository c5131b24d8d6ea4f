import type { RunDetail } from '@shared/api';
import type { SerializedError } from '@shared/errors';
import type { FinishReason } from '@shared/language-model';
import type { RunEvent, RunNoticeKind } from '@shared/events';
import type { ConsentDecision, RedactionCount } from '@shared/privacy';

/** What the run view under an answer shows, built from live events or from a stored run. */
export interface SubtaskView {
  key: string;
  instruction: string;
  kind: string;
  difficulty: number;
  dependsOn: string[];
  modelId: string | null;
  reason: string | null;
  status: 'pending' | 'running' | 'finished' | 'failed' | 'cancelled';
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  durationMs: number | null;
  escalations: Array<{ fromModelId: string; toModelId: string; reason: string; score: number }>;
  redactions: RedactionCount[];
  consents: Array<{ requestId: string; provider: string; modelId: string; decision: ConsentDecision | null }>;
}

export interface RunView {
  runId: string;
  status: 'running' | 'finished' | 'failed' | 'cancelled' | 'interrupted';
  planSource: string | null;
  subtasks: SubtaskView[];
  notices: Array<{ kind: RunNoticeKind | string; message: string; retryAt?: number }>;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  durationMs: number | null;
  error: SerializedError | null;
  startedAt: number;
  /** Why the answer ended; 'length' is an answer cut off at the token limit. */
  finishReason: FinishReason | null;
  /** Who asked, when it was not this app (`gateway: OpenAI/JS 6.49.0`); null for the app's own runs. */
  source: string | null;
}

export function emptyRunView(runId: string): RunView {
  return {
    runId,
    status: 'running',
    planSource: null,
    subtasks: [],
    notices: [],
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    durationMs: null,
    error: null,
    startedAt: Date.now(),
    finishReason: null,
    source: null,
  };
}

function subtaskOf(view: RunView, key: string): SubtaskView {
  let subtask = view.subtasks.find((candidate) => candidate.key === key);
  if (!subtask) {
    subtask = {
      key,
      instruction: '',
      kind: 'chat',
      difficulty: 1,
      dependsOn: [],
      modelId: null,
      reason: null,
      status: 'pending',
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      durationMs: null,
      escalations: [],
      redactions: [],
      consents: [],
    };
    view.subtasks.push(subtask);
  }
  return subtask;
}

/** Applies one event to the view (in place, so Svelte's state proxies see each change). */
export function applyRunEvent(view: RunView, event: RunEvent): void {
  switch (event.type) {
    case 'run-started':
      view.status = 'running';
      break;
    case 'plan-created':
      view.planSource = event.plan.source;
      for (const planned of event.plan.subtasks) {
        const subtask = subtaskOf(view, planned.id);
        subtask.instruction = planned.instruction;
        subtask.kind = planned.kind;
        subtask.difficulty = planned.difficulty;
        subtask.dependsOn = [...planned.dependsOn];
      }
      break;
    case 'subtask-routed': {
      const subtask = subtaskOf(view, event.subtaskId);
      subtask.modelId = event.modelId;
      subtask.reason = event.reason;
      if (subtask.status === 'pending') subtask.status = 'running';
      break;
    }
    case 'consent-requested': {
      const subtask = subtaskOf(view, event.subtaskId);
      if (!subtask.consents.some((consent) => consent.requestId === event.request.id)) {
        subtask.consents.push({ requestId: event.request.id, provider: event.request.provider, modelId: event.request.modelId, decision: null });
      }
      break;
    }
    case 'consent-resolved': {
      const consent = subtaskOf(view, event.subtaskId).consents.find((candidate) => candidate.requestId === event.requestId);
      if (consent) consent.decision = event.decision;
      else subtaskOf(view, event.subtaskId).consents.push({ requestId: event.requestId, provider: '', modelId: '', decision: event.decision });
      break;
    }
    case 'subtask-redacted': {
      const subtask = subtaskOf(view, event.subtaskId);
      for (const redaction of event.redactions) {
        const existing = subtask.redactions.find((candidate) => candidate.type === redaction.type);
        if (existing) existing.count = Math.max(existing.count, redaction.count);
        else subtask.redactions.push({ ...redaction });
      }
      break;
    }
    case 'subtask-delta': {
      const subtask = subtaskOf(view, event.subtaskId);
      if (subtask.status === 'pending') subtask.status = 'running';
      break;
    }
    case 'subtask-escalated':
      subtaskOf(view, event.subtaskId).escalations.push({
        fromModelId: event.fromModelId,
        toModelId: event.toModelId,
        reason: event.reason,
        score: event.score,
      });
      subtaskOf(view, event.subtaskId).modelId = event.toModelId;
      break;
    case 'run-notice':
      if (!view.notices.some((notice) => notice.kind === event.kind && notice.message === event.message)) {
        view.notices.push({ kind: event.kind, message: event.message, ...(event.retryAt !== undefined ? { retryAt: event.retryAt } : {}) });
      }
      break;
    case 'subtask-finished': {
      const subtask = subtaskOf(view, event.subtaskId);
      subtask.modelId = event.modelId;
      subtask.status = event.finishReason === 'aborted' ? 'cancelled' : event.finishReason === 'error' ? 'failed' : 'finished';
      subtask.inputTokens = event.usage.inputTokens;
      subtask.outputTokens = event.usage.outputTokens;
      subtask.costUsd = event.costUsd;
      subtask.durationMs = event.durationMs;
      break;
    }
    case 'answer-delta':
      break;
    case 'run-finished':
      view.status = event.finishReason === 'aborted' ? 'cancelled' : 'finished';
      view.inputTokens = event.usage.inputTokens;
      view.outputTokens = event.usage.outputTokens;
      view.costUsd = event.costUsd;
      view.durationMs = event.durationMs;
      view.finishReason = event.finishReason;
      for (const subtask of view.subtasks) if (subtask.status === 'running' || subtask.status === 'pending') subtask.status = view.status === 'cancelled' ? 'cancelled' : 'finished';
      break;
    case 'run-failed':
      view.status = 'failed';
      view.error = event.error;
      for (const subtask of view.subtasks) if (subtask.status === 'running' || subtask.status === 'pending') subtask.status = 'failed';
      break;
    default:
      // A newer orchestrator may report more; the view shows what it knows.
      break;
  }
}

/** A stored run: its kept events first (escalations, redactions, notices), then what the database holds. */
export function runViewFromDetail(run: RunDetail): RunView {
  const view = emptyRunView(run.id);
  view.startedAt = Date.parse(run.startedAt);
  for (const event of run.events) applyRunEvent(view, event);
  for (const stored of run.subtasks) {
    const subtask = subtaskOf(view, stored.key);
    subtask.instruction = stored.instruction;
    subtask.kind = stored.kind;
    subtask.difficulty = stored.difficulty;
    subtask.dependsOn = stored.dependsOn;
    subtask.modelId = stored.modelId;
    subtask.reason = stored.reason;
    subtask.status = stored.status;
    subtask.inputTokens = stored.inputTokens;
    subtask.outputTokens = stored.outputTokens;
    subtask.costUsd = stored.costUsd;
    if (stored.startedAt && stored.finishedAt) subtask.durationMs = Date.parse(stored.finishedAt) - Date.parse(stored.startedAt);
  }
  view.status = run.status;
  view.inputTokens = run.inputTokens;
  view.outputTokens = run.outputTokens;
  view.costUsd = run.costUsd;
  view.error = run.error;
  view.finishReason = run.finishReason ?? view.finishReason;
  view.source = run.source;
  if (run.finishedAt) view.durationMs = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  return view;
}

/** While a running run waits to retry a call: "retrying in 12 s"; otherwise null. */
export function retryCountdown(view: RunView, now: number): string | null {
  if (view.status !== 'running') return null;
  const waits = view.notices.flatMap((notice) => (notice.retryAt !== undefined && notice.retryAt > now ? [notice.retryAt] : []));
  if (waits.length === 0) return null;
  return `retrying in ${Math.ceil((Math.max(...waits) - now) / 1000)} s`;
}

