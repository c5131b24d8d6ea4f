import { randomUUID } from 'node:crypto';
import { BatonError, toBatonError } from '../../shared/errors.js';
import type { Message } from '../../shared/domain.js';
import type { RunEvent, RunEventListener, RunNoticeKind } from '../../shared/events.js';
import { titleFrom } from './conversation-title.js';
import type { ChatMessage, FinishReason, LanguageModel, ToolCall, Usage } from '../../shared/language-model.js';
import type { Plan } from '../../shared/plan.js';
import type { SuccessEstimator } from '../learning/success-estimator.js';
import { TierPriorEstimator } from '../learning/tier-priors.js';
import type { CloudBoundary } from '../privacy/cloud-boundary-contract.js';
import type { BatonDatabase } from '../storage/database.js';
import { SpendingLedger, type SpendingReport } from './budget.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { concurrencyLimitOf, resolveConductorSettings, type ConductorSettings } from './conductor-settings.js';
import { estimateTokens } from './context-fitting.js';
import { runDag } from './executor.js';
import { fastPathDecision } from './fast-path.js';
import { answeringSubtask, concatenateResults, mergePrompt } from './merge.js';
import { tierOf, type ModelPool, type PoolCandidate } from './model-pool.js';
import { OfflineState } from './offline-state.js';
import { ProviderHealth } from './provider-health.js';
import { singleSubtaskPlan, repairPlan } from './plan-repair.js';
import { parsePlannerReply, plannerMessages, planResponseSchema } from './planner.js';
import { failClosedInspector, type PrivacyInspector } from './privacy-inspector.js';
import { Router, type RouteQuery } from './router.js';
import { RunEventBuffer } from './run-event-buffer.js';
import { RunSession, type AnswerOptions, type Attachment, type RunNotice } from './run-session.js';
import { SubtaskRunner, type SubtaskJob, type SubtaskOutcome } from './subtask-runner.js';

export type { Attachment, RunNotice } from './run-session.js';
export type { SubtaskOutcome } from './subtask-runner.js';

export interface ConductorOptions {
  database: BatonDatabase;
  /** The candidate models (local, cheap cloud, strong cloud) and how to load one. */
  models: ModelPool;
  /**
   * Wraps every model that is not on-device (redaction, consent, fail-closed). Without one, no
   * cloud or private-network model is ever called: give tests a pass-through boundary explicitly.
   */
  boundary?: CloudBoundary;
  /** The shield's view for routing; without one every text counts as sensitive (on-device only). */
  privacy?: PrivacyInspector;
  /** P(success | model, kind, difficulty); tier priors by default. */
  estimator?: SuccessEstimator;
  /** Fixed values, or a function read at the start of every run (settings change at run time). */
  settings?: Partial<ConductorSettings> | (() => Partial<ConductorSettings>);
  /** Milliseconds since the epoch: where "today" starts for the budget, when offline ends. */
  clock?: () => number;
  /** Share one with the UI to show and switch the offline state; one is made otherwise. */
  offline?: OfflineState;
  providers?: ProviderHealth;
}

export interface ConductorRequest {
  /** Continue this conversation; a new one is made when absent. */
  conversationId?: string;
  text: string;
  /** Documents dropped in with the request (already turned into text). */
  attachments?: Attachment[];
  signal?: AbortSignal;
  onEvent?: RunEventListener;
  /** The person named a model: the fast path on that model only (no planner, no escalation). */
  modelOverride?: LanguageModel;
  /** Why that model, in words (`named with --model`); a default is used otherwise. */
  modelOverrideReason?: string;
  /** The longest answer, in tokens, for this request only (`baton ask --max-tokens`). */
  maxTokens?: number;
  /** Instead of the system prompt in Settings: a gateway client's own (its system messages). */
  systemPrompt?: string;
  /** Who asked, when it was not the app itself (`gateway: CLIENT`): stored with the run. */
  source?: string;
  /** A gateway client's temperature, stop sequences, JSON schema and tools for the answer. */
  answerOptions?: AnswerOptions;
  /**
   * A gateway client's whole conversation when it uses tools (tool calls and results in it) or
   * holds pictures: answered in one call, as sent, by a cloud model (see RunSession.transcript).
   * `text` is then what is stored as the question.
   */
  transcript?: ChatMessage[];
  /**
   * A plan the caller made (documents: one subtask over the passages retrieved for a question,
   * or a subtask per chunk and a reduce step): run as given, no planner call. Each subtask is
   * still routed, checked and sent through the cloud boundary like any other.
   */
  plan?: Plan;
  /** What the caller learned before the run and a person should see with it (documents searched by keyword alone). */
  notices?: ReadonlyArray<{ kind: RunNoticeKind; message: string }>;
  /**
   * Not a new turn but a new version of one, in `conversationId`; the replaced messages are kept
   * as earlier versions (Message.supersededBy) and the model sees only what came before them.
   * `answer`: this assistant message is answered again, for the question before it (`questionId`),
   * whose text `text` must be. `question`: this user message is replaced by `text`, with every
   * message after it.
   */
  replacing?: { answer: string; questionId: string } | { question: string };
}

/** The synthesis step of a plan with several results. */
export interface MergeReport {
  modelId: string | null;
  reason: string;
  usage: Usage;
  costUsd: number;
}

export interface ConductorResult {
  runId: string;
  conversationId: string;
  userMessageId: string;
  assistantMessageId: string;
  answer: string;
  /** The model that wrote the answer: the answering subtask's, or the synthesis step's. */
  modelId: string | null;
  /** The client's tools the model called instead of answering (finishReason 'tool-calls'); usually empty. */
  toolCalls: ToolCall[];
  plan: Plan;
  subtasks: SubtaskOutcome[];
  /** Absent when one subtask's result is the answer. */
  merge?: MergeReport;
  /** Every model call of the run: planner, subtasks (all attempts), judge, summaries, merge. */
  usage: Usage;
  costUsd: number;
  durationMs: number;
  finishReason: FinishReason;
  notices: RunNotice[];
  spending: SpendingReport;
}

/**
 * The conductor: plans a request into subtasks (or takes the fast path), routes each to the
 * model that fits, runs independent subtasks at the same time, checks results, escalates weak
 * ones, merges, and stores the turn, the run, its subtasks and every outcome as it goes.
 */
export class Conductor {
  readonly offline: OfflineState;
  /** Each cloud provider's circuit breaker: a provider that keeps failing is paused, the others go on. */
  readonly providers: ProviderHealth;
  readonly limiter: ConcurrencyLimiter;
  readonly spending: SpendingLedger;
  private readonly router: Router;
  private readonly estimator: SuccessEstimator;
  /** What runs report, kept for the run view after a restart (see RunEventBuffer). */
  private readonly runEvents: RunEventBuffer;
  private readonly privacy: PrivacyInspector;
  private currentSettings: ConductorSettings;

  constructor(private readonly options: ConductorOptions) {
    this.currentSettings = this.readSettings();
    this.estimator = options.estimator ?? new TierPriorEstimator();
    this.runEvents = new RunEventBuffer(options.database);
    this.router = new Router(this.estimator);
    this.privacy = options.privacy ?? failClosedInspector;
    this.offline =
      options.offline ??
      new OfflineState({
        setting: () => this.currentSettings.offline,
        recheckMs: () => this.currentSettings.offlineRecheckMs,
        ...(options.clock ? { clock: options.clock } : {}),
      });
    this.providers = options.providers ?? new ProviderHealth(options.clock ? { clock: options.clock } : {});
    this.limiter = new ConcurrencyLimiter((provider) => concurrencyLimitOf(this.currentSettings, provider));
    this.spending = new SpendingLedger(options.database, options.clock);
  }

  get settings(): ConductorSettings {
    return this.currentSettings;
  }

  async run(request: ConductorRequest): Promise<ConductorResult> {
    const { database } = this.options;
    const started = performance.now();
    const tell = (event: RunEvent) => request.onEvent?.(event);
    const emit = (event: RunEvent) => {
      this.runEvents.add(event);
      tell(event);
    };
    const attachments = request.attachments ?? [];
    if (request.text.trim().length === 0 && attachments.length === 0) {
      throw new BatonError('invalid-request', 'The request is empty: write a question or attach a document.');
    }

    const existing = request.conversationId ? database.conversations.get(request.conversationId) : undefined;
    if (request.conversationId && !existing) throw new BatonError('invalid-request', `There is no conversation "${request.conversationId}".`);
    // The request's own limit, else the one the person chose for the conversation, else Settings'.
    const answerTokensAsked = request.maxTokens ?? existing?.maxAnswerTokens ?? undefined;
    const stored = this.readSettings();
    const settings = (this.currentSettings = {
      ...stored,
      ...(answerTokensAsked ? { answerTokens: answerTokensAsked } : {}),
      ...(request.systemPrompt !== undefined ? { systemPrompt: request.systemPrompt } : {}),
    });
    const replacing = request.replacing;
    const replacedFrom = replacing === undefined ? undefined : 'answer' in replacing ? replacing.questionId : replacing.question;
    const history = existing ? historyOf(database, existing.id, replacedFrom) : [];
    const candidates = withoutPausedProviders(await this.options.models.candidates(), this.providers);

    const runId = randomUUID();
    // One transaction for the turn's rows: one commit instead of three, and a write the disk
    // refuses leaves nothing behind (not even an empty new conversation).
    const { conversation, userMessage, assistantMessage } = database.connection.transaction(() => {
      const conversation = existing ?? database.conversations.create({ title: titleFrom(request.text) });
      if (replacing && 'answer' in replacing) currentMessage(database, conversation.id, replacing.answer, 'assistant');
      if (replacing && 'question' in replacing) currentMessage(database, conversation.id, replacing.question, 'user');
      const question = replacing && 'answer' in replacing ? currentMessage(database, conversation.id, replacing.questionId, 'user') : undefined;
      if (question && question.content !== request.text) throw new BatonError('invalid-request', 'An answer is regenerated for its own question, unchanged.');
      const user = question ?? database.messages.append({ conversationId: conversation.id, role: 'user', content: request.text, runId });
      const assistant = database.messages.append({
        conversationId: conversation.id,
        role: 'assistant',
        content: '',
        status: 'streaming',
        runId,
        modelId: request.modelOverride?.id ?? null,
      });
      if (replacing && 'answer' in replacing) database.messages.supersede(replacing.answer, assistant.id);
      if (replacing && 'question' in replacing) database.messages.supersede(replacing.question, user.id, { following: true, keep: [assistant.id] });
      database.runs.start({
        id: runId,
        conversationId: conversation.id,
        userMessageId: user.id,
        assistantMessageId: assistant.id,
        ...(request.source ? { source: request.source } : {}),
      });
      return { conversation, userMessage: user, assistantMessage: assistant };
    })();
    emit({ type: 'run-started', runId, conversationId: conversation.id, userMessageId: userMessage.id, assistantMessageId: assistantMessage.id });

    const signal = request.signal ?? new AbortController().signal;
    const session = new RunSession(
      {
        pool: this.options.models,
        boundary: this.options.boundary,
        privacy: this.privacy,
        limiter: this.limiter,
        offline: this.offline,
        providers: this.providers,
        ledger: this.spending,
        messages: database.messages,
      },
      {
        runId,
        conversationId: conversation.id,
        assistantMessageId: assistantMessage.id,
        settings,
        signal,
        emit,
        candidates,
        requestText: request.text,
        attachments,
        // A transcript is the whole conversation: what the shield's routing check reads.
        history: request.transcript ?? history,
        ...(answerTokensAsked ? { answerTokensAsked } : {}),
        ...(request.answerOptions ? { answerOptions: request.answerOptions } : {}),
        ...(request.transcript ? { transcript: request.transcript } : {}),
      },
    );
    const ids = { runId, conversationId: conversation.id, userMessageId: userMessage.id, assistantMessageId: assistantMessage.id };
    const run: RunInProgress = { session, ids, started, tell };
    for (const notice of request.notices ?? []) session.notice(notice.kind, notice.message);

    let plan: Plan = { source: 'fast-path', subtasks: [] };
    const outcomes = new Map<string, SubtaskOutcome>();
    let merge: MergeReport | undefined;
    try {
      plan = await this.plan(session, request);
      if (signal.aborted) return this.finish(run, plan, outcomes, undefined, 'cancelled');
      emit({ type: 'plan-created', runId, plan });

      const answerKey = answeringSubtask(plan.subtasks);
      const jobs = new Map<string, SubtaskJob>();
      database.connection.transaction(() => {
        for (const planned of plan.subtasks) {
          const row = database.subtasks.create({
            runId,
            key: planned.id,
            instruction: planned.instruction,
            kind: planned.kind,
            difficulty: planned.difficulty,
            dependsOn: planned.dependsOn,
          });
          jobs.set(planned.id, {
            planned,
            rowId: row.id,
            streamsAnswer: planned.id === answerKey,
            withHistory: planned.id === answerKey,
            ...(request.modelOverride ? { forced: this.forced(request, candidates) } : {}),
          });
        }
      })();

      const runner = new SubtaskRunner(session, this.router, database, this.estimator);
      const results = await runDag<SubtaskOutcome>(
        plan.subtasks,
        async (node, inputs, dagSignal) => {
          const outcome = await runner.run(jobs.get(node.id)!, inputs, dagSignal);
          outcomes.set(node.id, outcome);
          return outcome;
        },
        signal,
      );
      if (signal.aborted || [...results.values()].some((outcome) => outcome.status === 'cancelled')) {
        return this.finish(run, plan, outcomes, undefined, 'cancelled');
      }

      let answer: string;
      let modelId: string | null;
      let toolCalls: ToolCall[] = [];
      if (answerKey) {
        const outcome = results.get(answerKey)!;
        answer = outcome.text;
        modelId = outcome.modelId;
        toolCalls = outcome.toolCalls;
      } else {
        merge = await this.merge(session, plan, results);
        if (signal.aborted) return this.finish(run, plan, outcomes, merge, 'cancelled');
        answer = session.answerSoFar;
        modelId = merge.modelId;
      }
      return this.finish(run, plan, outcomes, merge, 'finished', { answer, modelId, toolCalls });
    } catch (error) {
      if (signal.aborted) return this.finish(run, plan, outcomes, merge, 'cancelled');
      const failure = toBatonError(error);
      this.finish(run, plan, outcomes, merge, 'failed', undefined, failure);
      throw failure;
    }
  }

  /** The fast path, the person's model, or the planner (with repair and fallback). */
  private async plan(session: RunSession, request: ConductorRequest): Promise<Plan> {
    const { settings } = session;
    if (request.plan) return request.plan;
    const fast = fastPathDecision(request.text, session.attachments.length, settings.fastPathMaxCharacters);
    if (request.modelOverride) {
      return {
        source: 'single-model',
        notes: [`${request.modelOverride.id} was named: that model only`],
        subtasks: [{ id: 's1', instruction: request.text, kind: fast.kind, dependsOn: [], difficulty: fast.difficulty }],
      };
    }
    if (request.transcript) {
      return {
        source: 'fast-path',
        notes: ["a conversation with the client's tools or pictures: one call, as the client sent it"],
        subtasks: [{ id: 's1', instruction: request.text, kind: fast.kind, dependsOn: [], difficulty: fast.difficulty }],
      };
    }
    if (fast.fast) {
      return {
        source: 'fast-path',
        notes: [fast.reason],
        subtasks: [{ id: 's1', instruction: request.text, kind: fast.kind, dependsOn: [], difficulty: fast.difficulty }],
      };
    }

    const planner = await this.plannerModel(session);
    if ('unavailable' in planner) return singleSubtaskPlan(request.text, 'fallback', [`not planned: ${planner.unavailable}`]);
    const { candidate } = planner;
    const onDevice = candidate.descriptor.locality === 'on-device';
    const compact = candidate.descriptor.contextWindow < 2048;
    const [system, ...rest] = plannerMessages({
      requestText: request.text,
      attachmentNames: session.attachments.map((attachment) => attachment.name),
      history: [],
      maxSubtasks: settings.maxSubtasks,
      compact,
    });
    const answerTokens = Math.min(1024, 120 * settings.maxSubtasks + 60);
    const fitted = await session.fit(candidate, {
      system: system!.content,
      history: session.history,
      task: rest.at(-1)!.content,
      sections: [],
      contextWindow: candidate.descriptor.contextWindow,
      answerTokens,
      summarize: session.summarizer(session.signal),
    });
    for (const note of fitted.notes) session.notice('context-shortened', `planning on ${candidate.descriptor.id}: ${note}.`);
    const result = await session.call(
      candidate,
      { messages: fitted.messages, maxTokens: fitted.answerTokens, temperature: 0, responseSchema: planResponseSchema(settings.maxSubtasks, onDevice) },
      { key: 'plan' },
    );
    if (result.finishReason === 'aborted') throw new BatonError('aborted', 'The run was cancelled while planning.');
    const notes = [`planned by ${candidate.descriptor.id}`];
    if (result.error) return singleSubtaskPlan(request.text, 'fallback', [...notes, `the planner failed (${result.error.message})`]);
    const parsed = parsePlannerReply(result.text);
    if ('error' in parsed) return singleSubtaskPlan(request.text, 'fallback', [...notes, parsed.error]);
    const plan = repairPlan(parsed.value, { maxSubtasks: settings.maxSubtasks, requestText: request.text });
    return { ...plan, notes: [...notes, ...(plan.notes ?? [])] };
  }

  /**
   * The planner: the configured one when the request may go to it (privacy, offline, budget),
   * else the strongest local model. The request is what the planner sees, so it is inspected.
   */
  private async plannerModel(session: RunSession): Promise<{ candidate: PoolCandidate } | { unavailable: string }> {
    const { settings } = session;
    const local = session.strongestLocal();
    if (settings.plannerModelId) {
      const configured = session.candidates.find((candidate) => candidate.descriptor.id === settings.plannerModelId);
      if (configured) {
        // Everything the planner would see: the request, the history, the document names.
        const text = [session.requestText, ...session.attachments.map((attachment) => attachment.name), ...session.history.map((turn) => turn.content)].join('\n\n');
        const tokens = estimateTokens(session.requestText) + 400;
        const query: RouteQuery = {
          kind: 'reasoning',
          difficulty: 3,
          inputTokens: tokens,
          minimumInputTokens: tokens,
          answerTokens: 800,
          privacy: await session.inspect(text),
        };
        const { scored } = this.router.score([configured], query, session.conditions());
        const excluded = scored[0]?.excludedBecause;
        if (!excluded) return { candidate: configured };
        if (local) session.notice('privacy-fallback', `Planning on ${local.descriptor.id} instead of ${configured.descriptor.id}: ${excluded}.`);
      }
    }
    if (local) return { candidate: local };
    return { unavailable: 'no on-device model is available to plan' };
  }

  /** The synthesis step: routed like a writing subtask; on failure, on-device; at worst the results one after the other. */
  private async merge(session: RunSession, plan: Plan, results: Map<string, SubtaskOutcome>): Promise<MergeReport> {
    const { settings } = session;
    const parts = plan.subtasks.map((subtask) => ({ id: subtask.id, instruction: subtask.instruction, text: results.get(subtask.id)?.text ?? '' }));
    const { task, sections } = mergePrompt({ requestText: session.requestText, results: parts });
    const privacy = await session.inspect(
      [settings.systemPrompt, task, ...sections.map((section) => section.text), ...session.history.map((turn) => turn.content)].join('\n\n'),
    );
    const taskTokens = estimateTokens(task) + estimateTokens(settings.systemPrompt) + 32;
    const query: RouteQuery = {
      kind: 'writing',
      difficulty: Math.min(3, Math.max(...plan.subtasks.map((subtask) => subtask.difficulty))),
      inputTokens: taskTokens + sections.reduce((total, section) => total + estimateTokens(section.label) + estimateTokens(section.text) + 2, 0),
      minimumInputTokens: taskTokens,
      answerTokens: settings.answerTokens,
      privacy,
      excluded: new Map(),
    };
    let usage: Usage = { inputTokens: 0, outputTokens: 0 };
    let cost = 0;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const conditions = session.conditions();
      const routed = this.router.route(session.candidates, query, conditions);
      if (!('candidate' in routed)) break;
      session.reportExclusions(routed.candidates, conditions);
      const { candidate } = routed;
      const fitted = await session.fit(candidate, {
        ...(settings.systemPrompt ? { system: settings.systemPrompt } : {}),
        history: session.history,
        task,
        sections,
        contextWindow: candidate.descriptor.contextWindow,
        answerTokens: settings.answerTokens,
        summarize: session.summarizer(session.signal),
      });
      for (const note of fitted.notes) session.notice('context-shortened', `merging on ${candidate.descriptor.id}: ${note}.`);
      const before = session.costUsd;
      const result = await session.call(
        candidate,
        { messages: fitted.messages, maxTokens: fitted.answerTokens, ...session.answerOptions },
        { key: 'merge', onDelta: (text) => session.appendAnswer(text) },
      );
      usage = { inputTokens: usage.inputTokens + result.usage.inputTokens, outputTokens: usage.outputTokens + result.usage.outputTokens };
      cost += session.costUsd - before;
      if (result.finishReason === 'aborted') return { modelId: candidate.descriptor.id, reason: routed.reason, usage, costUsd: cost };
      if (!result.error && result.text.trim().length > 0) return { modelId: candidate.descriptor.id, reason: routed.reason, usage, costUsd: cost };
      const why = result.error?.message ?? 'it answered nothing';
      session.notice('fallback', `Merging the results on ${candidate.descriptor.id} failed (${why}); trying on this device.`);
      if (result.text.length > 0) session.restartAnswer();
      query.excluded!.set(candidate.descriptor.id, 'it failed to merge earlier in this run');
      query.onDeviceOnly = 'merging fell back to this device';
    }
    session.notice('fallback', 'The results could not be merged by a model; they are shown one after the other.');
    session.restartAnswer();
    session.appendAnswer(concatenateResults(parts));
    return { modelId: null, reason: 'no model could merge the results; they are shown one after the other', usage, costUsd: cost };
  }

  private forced(request: ConductorRequest, candidates: PoolCandidate[]): NonNullable<SubtaskJob['forced']> {
    const model = request.modelOverride!;
    const listed = candidates.find((candidate) => candidate.descriptor.id === model.id);
    const candidate: PoolCandidate = listed
      ? { ...listed, available: true }
      : {
          descriptor: model,
          tier: tierOf(model),
          strength: 0,
          available: true,
        };
    return { model, candidate, reason: request.modelOverrideReason ?? `${model.id} was named for this request` };
  }

  private finish(
    { session, ids, started, tell }: RunInProgress,
    plan: Plan,
    outcomes: Map<string, SubtaskOutcome>,
    merge: MergeReport | undefined,
    status: 'finished' | 'cancelled' | 'failed',
    final?: { answer: string; modelId: string | null; toolCalls?: ToolCall[] },
    failure?: BatonError,
  ): ConductorResult {
    const { database } = this.options;
    const { runId } = ids;
    const answer = final?.answer ?? session.answerSoFar;
    const finishReason: FinishReason = status === 'cancelled' ? 'aborted' : status === 'failed' ? 'error' : finishReasonOf(plan, outcomes);
    const durationMs = Math.round(performance.now() - started);
    const end: RunEvent = failure
      ? { type: 'run-failed', runId, error: failure.toJSON(), partialAnswer: answer }
      : { type: 'run-finished', runId, answer, usage: session.usage, costUsd: session.costUsd, durationMs, finishReason };
    // The run's end in one transaction: the answer, leftover subtasks, the run row, the
    // conversation, and the events not yet written with the end's own. Stored by the time the
    // run returns: whoever reads the run next finds all it reported.
    database.connection.transaction(() => {
      database.messages.setStatus(ids.assistantMessageId, status === 'finished' ? 'complete' : status === 'cancelled' ? 'incomplete' : 'failed', answer);
      for (const subtask of database.subtasks.listByRun(runId)) {
        if (subtask.status === 'pending' || subtask.status === 'running') database.subtasks.update(subtask.id, { status: 'cancelled' });
      }
      database.runs.finish(runId, { status, ...session.usage, costUsd: session.costUsd, finishReason, ...(failure ? { error: failure.toJSON() } : {}) });
      database.conversations.touch(ids.conversationId);
      this.runEvents.add(end);
      this.runEvents.flush();
    })();
    this.spending.settle(runId);
    tell(end);
    const dailyBudgetUsd = session.settings.dailyBudgetUsd;
    const todayUsd = this.spending.spentTodayUsd();
    return {
      ...ids,
      answer,
      modelId: final?.modelId ?? null,
      toolCalls: final?.toolCalls ?? [],
      plan,
      subtasks: plan.subtasks.flatMap((subtask) => outcomes.get(subtask.id) ?? []),
      ...(merge ? { merge } : {}),
      usage: session.usage,
      costUsd: session.costUsd,
      durationMs,
      finishReason,
      notices: session.notices,
      spending: {
        runUsd: session.costUsd,
        conversationUsd: this.spending.spentInConversationUsd(ids.conversationId),
        todayUsd,
        dailyBudgetUsd,
        budgetLeftUsd: this.spending.budgetLeftUsd(dailyBudgetUsd, todayUsd),
      },
    };
  }

  private readSettings(): ConductorSettings {
    const given = this.options.settings;
    return resolveConductorSettings(typeof given === 'function' ? given() : given);
  }
}

/** What `finish` needs of a run under way. */
interface RunInProgress {
  session: RunSession;
  ids: { runId: string; conversationId: string; userMessageId: string; assistantMessageId: string };
  /** performance.now() when the run began. */
  started: number;
  /** Tells the request's listener of an event, without keeping it (finish keeps the end itself). */
  tell: (event: RunEvent) => void;
}

/** 'length' when the answering subtask stopped at its limit; 'stop' otherwise. */
function finishReasonOf(plan: Plan, outcomes: Map<string, SubtaskOutcome>): FinishReason {
  const answerKey = answeringSubtask(plan.subtasks);
  return answerKey ? (outcomes.get(answerKey)?.finishReason ?? 'stop') : 'stop';
}

/**
 * Earlier turns sent as context: the conversation as it stands (no earlier version), finished
 * answers and partial ones that have text; before `beforeMessageId` when a turn is redone from there.
 */
function historyOf(database: BatonDatabase, conversationId: string, beforeMessageId?: string): ChatMessage[] {
  const messages = database.messages.listByConversation(conversationId);
  const end = beforeMessageId === undefined ? messages.length : messages.findIndex((message) => message.id === beforeMessageId);
  return messages
    .slice(0, end === -1 ? messages.length : end)
    .filter((message) => message.supersededBy === null && message.content.length > 0 && message.status !== 'failed')
    .map((message) => ({ role: message.role, content: message.content }));
}

/** A message a turn is redone from: of this conversation as it stands (no earlier version), of this role. */
function currentMessage(database: BatonDatabase, conversationId: string, messageId: string, role: Message['role']): Message {
  const message = database.messages.get(messageId);
  if (!message || message.conversationId !== conversationId || message.role !== role || message.supersededBy !== null) {
    throw new BatonError('invalid-request', `There is no ${role === 'user' ? 'question' : 'answer'} "${messageId}" in this conversation as it stands.`);
  }
  return message;
}

/** A cloud model whose provider is paused (its circuit breaker is open) is not available for now, with the reason. */
function withoutPausedProviders(candidates: PoolCandidate[], providers: ProviderHealth): PoolCandidate[] {
  return candidates.map((candidate) => {
    if (!candidate.available || candidate.descriptor.locality === 'on-device') return candidate;
    const status = providers.status(candidate.descriptor.provider);
    return status.state === 'paused' ? { ...candidate, available: false, unavailableReason: status.reason ?? 'its provider is paused' } : candidate;
  });
}

