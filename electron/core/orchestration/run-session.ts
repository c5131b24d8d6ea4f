import { BatonError, ModelCallError, toBatonError } from '../../shared/errors.js';
import type { RunEvent, RunNoticeKind } from '../../shared/events.js';
import type { ChatMessage, GenerateRequest, JsonSchema, LanguageModel, ToolChoice, ToolDefinition, Usage } from '../../shared/language-model.js';
import type { CloudBoundary } from '../privacy/cloud-boundary-contract.js';
import { couldNotReachServer } from '../providers/cloud-error-details.js';
import { costUsd } from '../providers/pricing-table.js';
import { reportRetryWaits } from '../providers/retry-wait-limit.js';
import type { MessageRepository } from '../storage/message-repository.js';
import type { SpendingLedger } from './budget.js';
import type { ConcurrencyLimiter } from './concurrency-limiter.js';
import type { ConductorSettings } from './conductor-settings.js';
import { shorten, type FitRequest, type FitResult } from './context-fitting.js';
import { fitCounted } from './counted-context-fit.js';
import { callModel, callWithRetry, type ModelCallResult } from './model-call.js';
import { localCandidates, type ModelPool, type PoolCandidate } from './model-pool.js';
import type { OfflineState } from './offline-state.js';
import type { ProviderHealth } from './provider-health.js';
import { PartialAnswerWriter } from './partial-answer-writer.js';
import type { PrivacyFindings, PrivacyInspector } from './privacy-inspector.js';
import type { RouteConditions, ScoredCandidate } from './router.js';

export interface Attachment {
  name: string;
  text: string;
}

/**
 * How the answer itself is to be written, as a gateway client asks: applied to the calls whose
 * text becomes the answer (the answering subtask, or the merge), not to planning or judging.
 */
export interface AnswerOptions {
  temperature?: number;
  stopSequences?: string[];
  /** The answer is JSON that follows this schema. */
  responseSchema?: JsonSchema;
  /** The client's tools, which the model may call instead of answering (cloud models only). */
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
}

export interface RunNotice {
  kind: RunNoticeKind;
  message: string;
}

/** The services a run's steps share, owned by the conductor. */
export interface SessionServices {
  pool: ModelPool;
  boundary: CloudBoundary | undefined;
  privacy: PrivacyInspector;
  limiter: ConcurrencyLimiter;
  offline: OfflineState;
  providers: ProviderHealth;
  ledger: SpendingLedger;
  messages: MessageRepository;
}

export interface SessionInit {
  runId: string;
  conversationId: string;
  assistantMessageId: string;
  settings: ConductorSettings;
  signal: AbortSignal;
  emit: (event: RunEvent) => void;
  candidates: PoolCandidate[];
  requestText: string;
  attachments: Attachment[];
  history: ChatMessage[];
  /** The answer length the person asked for (`--max-tokens`), when they did. */
  answerTokensAsked?: number;
  answerOptions?: AnswerOptions;
  /**
   * The client's whole conversation, tool turns and pictures included (a gateway request with
   * tools or pictures): sent as it is, after the system prompt, instead of a fitted history and
   * the question.
   */
  transcript?: ChatMessage[];
}

export interface SessionCallOptions {
  /** The plan key (or 'plan', 'merge', 'summary') the call belongs to: consent events carry it. */
  key: string;
  /** A model a person named: used as is instead of loading the candidate from the pool. */
  model?: LanguageModel;
  onDelta?: (text: string) => void;
  signal?: AbortSignal;
}

/**
 * One run's state and the services its steps use: model calls (through the cloud boundary, the
 * provider's concurrency limit, retries, timeouts), routing conditions, privacy inspection,
 * notices, spending and the streaming answer.
 */
export class RunSession {
  readonly runId: string;
  readonly conversationId: string;
  readonly settings: ConductorSettings;
  readonly signal: AbortSignal;
  readonly candidates: PoolCandidate[];
  readonly requestText: string;
  readonly attachments: Attachment[];
  readonly answerTokensAsked: number | undefined;
  readonly answerOptions: AnswerOptions;
  readonly transcript: ChatMessage[] | undefined;
  readonly history: ChatMessage[];
  readonly notices: RunNotice[] = [];
  usage: Usage = { inputTokens: 0, outputTokens: 0 };
  costUsd = 0;
  private readonly emitEvent: (event: RunEvent) => void;
  private readonly inspections = new Map<string, Promise<PrivacyFindings>>();
  private readonly wrapped = new Map<string, LanguageModel>();
  private readonly summaries = new Map<string, Promise<string | undefined>>();
  private answerWriter: PartialAnswerWriter;

  constructor(
    private readonly services: SessionServices,
    private readonly init: SessionInit,
  ) {
    this.runId = init.runId;
    this.conversationId = init.conversationId;
    this.settings = init.settings;
    this.signal = init.signal;
    this.candidates = init.candidates;
    this.requestText = init.requestText;
    this.attachments = init.attachments;
    this.answerTokensAsked = init.answerTokensAsked;
    this.answerOptions = init.answerOptions ?? {};
    this.transcript = init.transcript;
    this.history = init.history;
    this.emitEvent = init.emit;
    this.answerWriter = new PartialAnswerWriter(services.messages, init.assistantMessageId);
  }

  emit(event: RunEvent): void {
    this.emitEvent(event);
  }

  /** Reports something a person should know, once per run and message. */
  notice(kind: RunNoticeKind, message: string, retryAt?: number): void {
    if (this.notices.some((notice) => notice.kind === kind && notice.message === message)) return;
    this.notices.push({ kind, message });
    this.emit({ type: 'run-notice', runId: this.runId, kind, message, ...(retryAt !== undefined ? { retryAt } : {}) });
  }

  /** The answer as it streams: saved as it grows and sent as answer-delta. */
  appendAnswer(text: string): void {
    this.answerWriter.append(text);
    this.emit({ type: 'answer-delta', runId: this.runId, text });
  }

  get answerSoFar(): string {
    return this.answerWriter.content;
  }

  /** The streamed answer starts again (the subtask that streams it escalated or fell back). */
  restartAnswer(): void {
    this.answerWriter = new PartialAnswerWriter(this.services.messages, this.init.assistantMessageId);
  }

  conditions(): RouteConditions {
    return {
      settings: this.settings,
      offline: this.services.offline.status(),
      budgetLeftUsd: this.services.ledger.budgetLeftUsd(this.settings.dailyBudgetUsd),
      cloudBoundary: this.services.boundary !== undefined,
    };
  }

  /** Says so when a routing decision left cloud models out for budget or offline reasons. */
  reportExclusions(scored: ScoredCandidate[], conditions: RouteConditions): void {
    const cloudCandidates = scored.filter((entry) => entry.locality !== 'on-device' && entry.candidate.available);
    if (cloudCandidates.length === 0) return;
    if (conditions.offline.offline) {
      this.notice('offline', `Offline (${conditions.offline.reason}): only on-device models are used.`);
    }
    if (cloudCandidates.some((entry) => entry.excludedBecause?.includes('budget'))) {
      const budget = this.settings.dailyBudgetUsd ?? 0;
      this.notice(
        'budget',
        (conditions.budgetLeftUsd ?? 0) <= 0
          ? `Today's budget ($${budget.toFixed(2)}) is used up: only local models are used until tomorrow.`
          : `Cloud models that would cost more than what is left of today's budget ($${(conditions.budgetLeftUsd ?? 0).toFixed(4)}) are left out.`,
      );
    }
  }

  /** What the shield finds in a text (asked once per text per run). A failing shield fails closed: on-device only. */
  inspect(text: string): Promise<PrivacyFindings> {
    let findings = this.inspections.get(text);
    if (!findings) {
      findings = this.services.privacy.inspect(text).catch((error: unknown) => {
        this.notice('privacy-fallback', `The privacy check failed (${toBatonError(error).message}); the text stays on this device.`);
        return { hasSensitiveValues: true, sensitiveTopics: ['unchecked'] };
      });
      this.inspections.set(text, findings);
    }
    return findings;
  }

  /** The strongest on-device model, for planning, summarizing and as the privacy fallback. */
  strongestLocal(): PoolCandidate | undefined {
    return localCandidates(this.candidates)[0];
  }

  /**
   * Fits a step's prompt to the candidate's context window (fitContext); for an on-device model
   * the fit is checked in the model's own tokens before the call (fitCounted). `model`: the model
   * a person named, which the pool may not hold. A model that cannot be loaded is fitted by the
   * estimate alone: the call that follows reports why it cannot run.
   */
  async fit(candidate: PoolCandidate, request: FitRequest, model?: LanguageModel): Promise<FitResult> {
    if (candidate.descriptor.locality !== 'on-device') return fitCounted(request, undefined);
    let counted: LanguageModel | undefined;
    try {
      counted = model ?? (await this.services.pool.load(candidate.descriptor.id, this.signal));
    } catch {
      counted = undefined;
    }
    const counter = counted?.countPromptTokens?.bind(counted);
    return fitCounted(request, counter ? (messages) => counter(messages, this.signal) : undefined);
  }

  /**
   * One model call for one step: the model (wrapped by the cloud boundary unless it runs
   * on-device), the provider's concurrency slot, the per-call timeout, retries with backoff.
   * Spending is counted; a cloud call's failure counts against its provider (provider-health.ts)
   * and, when the network seems gone, marks Baton offline. Never throws.
   */
  async call(candidate: PoolCandidate, request: GenerateRequest, options: SessionCallOptions): Promise<ModelCallResult> {
    const signal = options.signal ?? this.signal;
    const { descriptor } = candidate;
    let model: LanguageModel;
    try {
      model = await this.modelFor(candidate, options, signal);
    } catch (error) {
      const failure = toBatonError(error);
      return {
        text: '',
        usage: { inputTokens: 0, outputTokens: 0 },
        finishReason: signal.aborted ? 'aborted' : 'error',
        toolCalls: [],
        ...(signal.aborted ? {} : { error: failure }),
        durationMs: 0,
      };
    }
    const result = await callWithRetry(
      async () => {
        let release: () => void;
        try {
          release = await this.services.limiter.acquire(descriptor.provider, signal);
        } catch {
          // Only an abort rejects the wait for a slot.
          return { text: '', usage: { inputTokens: 0, outputTokens: 0 }, finishReason: 'aborted', toolCalls: [], durationMs: 0 };
        }
        // The cloud SDKs wait out a short Retry-After themselves: each such wait is told, for the countdown.
        let waits = 0;
        const onWait = (waitMs: number) => {
          waits += 1;
          this.notice('retry', `${descriptor.id} is rate limited; the call is tried again in ${Math.ceil(waitMs / 1000)} s (wait ${waits}).`, Date.now() + waitMs);
        };
        try {
          return await reportRetryWaits(onWait, () => callModel(model, request, { signal, timeoutMs: this.settings.subtaskTimeoutMs, onDelta: options.onDelta }));
        } finally {
          release();
        }
      },
      {
        maxRetries: this.settings.maxRetries,
        baseDelayMs: this.settings.retryBaseDelayMs,
        maxWaitMs: this.settings.rateLimitMaxWaitMs,
        signal,
        onRetry: (error, attempt, delayMs) =>
          this.notice('retry', `${descriptor.id} failed (${error.message}); retry ${attempt} of ${this.settings.maxRetries} in ${delayMs} ms.`, Date.now() + delayMs),
      },
    );
    this.spend(result.usage, costUsd(descriptor.pricing, result.usage));
    const rateLimit = this.longRateLimit(result.error);
    if (rateLimit) {
      // Not waited for: the provider rests until the limit lifts and another model answers.
      const message = `${descriptor.provider} is rate-limited until ${formatClockTime(rateLimit.liftsAt)} (${result.error?.message ?? 'HTTP 429'})`;
      this.services.providers.pauseUntil(descriptor.provider, rateLimit.liftsAt, message);
      return { ...result, error: new ModelCallError('rate-limited', message, { provider: descriptor.provider, retryAfterMs: rateLimit.waitMs, retryable: false }) };
    }
    if (descriptor.locality !== 'on-device') {
      if (result.error) {
        this.services.providers.recordFailure(descriptor.provider, result.error.code, result.error.message);
        if (couldNotReachServer(result.error)) this.services.offline.noteConnectionFailure(descriptor.provider, result.error.message);
      } else if (result.finishReason !== 'aborted') {
        this.services.providers.recordSuccess(descriptor.provider);
        this.services.offline.markReachable();
      }
    }
    return result;
  }

  /** A 429 whose retry-after is longer than the person will wait (rateLimitMaxWaitMs), with when it lifts. */
  private longRateLimit(error: BatonError | undefined): { waitMs: number; liftsAt: number } | undefined {
    if (!(error instanceof ModelCallError) || error.code !== 'rate-limited' || error.retryAfterMs === undefined) return undefined;
    if (error.retryAfterMs <= this.settings.rateLimitMaxWaitMs) return undefined;
    return { waitMs: error.retryAfterMs, liftsAt: Date.now() + error.retryAfterMs };
  }

  /** Summarizes older turns on this device, for context fitting; undefined when no local model can. */
  summarizer(signal: AbortSignal): ((turns: ChatMessage[], targetTokens: number) => Promise<string | undefined>) | undefined {
    const local = this.strongestLocal();
    if (!local) return undefined;
    return (turns, targetTokens) => {
      // Each model of a run (escalation, merge) may need the same summary: made once.
      const key = `${turns.length}:${targetTokens}`;
      let summary = this.summaries.get(key);
      if (!summary) {
        summary = this.summarize(local, turns, targetTokens, signal);
        this.summaries.set(key, summary);
      }
      return summary;
    };
  }

  private async summarize(local: PoolCandidate, turns: ChatMessage[], targetTokens: number, signal: AbortSignal): Promise<string | undefined> {
    const transcript = turns.map((turn) => `${turn.role === 'user' ? 'Person' : turn.role === 'assistant' ? 'Assistant' : 'Note'}: ${turn.content}`).join('\n\n');
    const room = Math.max(64, Math.floor(local.descriptor.contextWindow / 2) - targetTokens);
    const result = await this.call(
      local,
      {
        messages: [
          {
            role: 'system',
            content: `Summarize this conversation in at most ${Math.round(targetTokens * 0.7)} words. Keep names, numbers, decisions and open questions.`,
          },
          { role: 'user', content: shorten(transcript, room) },
        ],
        maxTokens: targetTokens,
        temperature: 0,
      },
      { key: 'summary', signal },
    );
    return result.error || result.finishReason === 'aborted' ? undefined : result.text;
  }

  private spend(usage: Usage, cost: number): void {
    this.usage = { inputTokens: this.usage.inputTokens + usage.inputTokens, outputTokens: this.usage.outputTokens + usage.outputTokens };
    this.costUsd += cost;
    if (cost > 0) this.services.ledger.add(this.runId, this.conversationId, cost);
  }

  private async modelFor(candidate: PoolCandidate, options: SessionCallOptions, signal: AbortSignal): Promise<LanguageModel> {
    const model = options.model ?? (await this.services.pool.load(candidate.descriptor.id, signal));
    if (model.locality === 'on-device') return model;
    const boundary = this.services.boundary;
    if (!boundary) {
      throw new BatonError('privacy-blocked', `No cloud boundary is configured, so nothing may be sent to ${model.id}.`);
    }
    const key = `${model.id}\u0000${options.key}`;
    let wrapped = this.wrapped.get(key);
    if (!wrapped) {
      wrapped = boundary.wrap(model, {
        conversationId: this.conversationId,
        runId: this.runId,
        subtaskId: options.key,
        onEvent: (event) => this.emit(event),
      });
      this.wrapped.set(key, wrapped);
    }
    return wrapped;
  }
}

/** "14:05" in the person's time zone: when a rate limit lifts. */
function formatClockTime(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

