import type { SubtaskStatus } from '../../shared/domain.js';
import { BatonError, type SerializedError } from '../../shared/errors.js';
import type { RouteCandidate } from '../../shared/events.js';
import type { ChatMessage, FinishReason, LanguageModel, ToolCall, Usage } from '../../shared/language-model.js';
import type { PlannedSubtask } from '../../shared/plan.js';
import { hashPromptFeatures } from '../learning/prompt-features.js';
import type { SuccessEstimator } from '../learning/success-estimator.js';
import { hasImages } from '../privacy/image-inputs.js';
import { usesTools } from '../privacy/tool-call-redaction.js';
import { turnText } from '../privacy/turn-text.js';
import { couldNotReachServer } from '../providers/cloud-error-details.js';
import { costUsd } from '../providers/pricing-table.js';
import type { BatonDatabase } from '../storage/database.js';
import type { RecordOutcomeInput } from '../storage/outcome-repository.js';
import { estimateTokens, type ContextSection } from './context-fitting.js';
import { combineEvaluation, heuristicVerdict, qualityBar, type Evaluation, type EvaluationSubject } from './evaluator.js';
import { judgeMessages, judgeResponseSchema, parseJudgement, type Judgement } from './judge.js';
import type { ModelCallResult } from './model-call.js';
import type { PoolCandidate } from './model-pool.js';
import type { PrivacyFindings } from './privacy-inspector.js';
import type { RouteDecision, RouteQuery, Router, ScoredCandidate } from './router.js';
import type { AnswerOptions, RunSession } from './run-session.js';
import { asksForJson } from './task-kind-guess.js';

export interface SubtaskJob {
  planned: PlannedSubtask;
  /** The subtask's row in the database. */
  rowId: string;
  /** Its text is the answer: it streams as answer-delta. */
  streamsAnswer: boolean;
  /** The conversation's earlier turns go with it (the subtask that answers). */
  withHistory: boolean;
  /** A model the person named: that model only, no escalation, no fallback. */
  forced?: { model: LanguageModel; candidate: PoolCandidate; reason: string };
}

export interface AttemptReport {
  modelId: string;
  text: string;
  usage: Usage;
  costUsd: number;
  durationMs: number;
  finishReason: FinishReason;
  /** Absent when the call failed. */
  evaluation?: Evaluation;
  error?: SerializedError;
  /** The client's tools the model called instead of answering (a gateway request with tools). */
  toolCalls?: ToolCall[];
}

export interface EscalationReport {
  fromModelId: string;
  toModelId: string;
  reason: string;
  /** The score of the result that fell short. */
  score: number;
}

/** One subtask as it ended: the kept result and how it got there. */
export interface SubtaskOutcome {
  id: string;
  rowId: string;
  instruction: string;
  kind: PlannedSubtask['kind'];
  difficulty: number;
  dependsOn: string[];
  status: SubtaskStatus;
  /** The kept result (the best attempt's text), or the partial text of a cancelled one. */
  text: string;
  modelId: string | null;
  reason: string | null;
  /** The router's utility for the first choice (null for a model the person named). */
  routeScore: number | null;
  /** The evaluator's score of the kept result. */
  score: number | null;
  passed: boolean | null;
  /** Every model fell short of the bar; the best result was kept. */
  belowBar: boolean;
  escalations: EscalationReport[];
  attempts: AttemptReport[];
  candidates: RouteCandidate[];
  usage: Usage;
  costUsd: number;
  finishReason: FinishReason;
  /** The kept result's calls of the client's tools; empty for an answer in text. */
  toolCalls: ToolCall[];
}

interface Attempt extends AttemptReport {
  candidate: PoolCandidate;
  cancelled: boolean;
  failure?: BatonError;
  /** The outcome to record for an evaluated attempt. */
  outcome?: RecordOutcomeInput;
  /** Why this attempt's model was chosen (first route, fallback or escalation). */
  reason: string;
}

/** Fallbacks to another model after errors, besides the escalation hops. */
const maxFallbacks = 3;

/** A cloud call that was refused or could not go out; answering on this device is then expected. */
function refusedCloudCall(attempt: Attempt): boolean {
  const code = attempt.failure?.code;
  return (
    attempt.candidate.descriptor.locality !== 'on-device' &&
    (code === 'consent-denied' || code === 'privacy-blocked' || code === 'connection' || code === 'offline')
  );
}

/**
 * Runs one subtask: route it, call the model, evaluate the result, escalate one tier up while it
 * is under its bar (at most `maxEscalations` hops), fall back to an on-device model when a cloud
 * call fails or is refused, record every evaluated attempt as an outcome, keep the best result.
 */
export class SubtaskRunner {
  constructor(
    private readonly session: RunSession,
    private readonly router: Router,
    private readonly database: BatonDatabase,
    private readonly estimator: SuccessEstimator,
  ) {}

  async run(job: SubtaskJob, inputs: Map<string, SubtaskOutcome>, signal: AbortSignal): Promise<SubtaskOutcome> {
    const { session } = this;
    const { planned } = job;
    const started = performance.now();
    const sections = this.sectionsFor(job, inputs);
    const history = job.withHistory || session.transcript ? session.history : [];
    const privacy = await session.inspect(
      [session.settings.systemPrompt, planned.instruction, ...sections.map((section) => section.text), ...history.map(turnText)].join('\n\n'),
    );
    const sectionTokens = sections.reduce((total, section) => total + estimateTokens(section.label) + estimateTokens(section.text) + 2, 0);
    const taskTokens = estimateTokens(planned.instruction) + estimateTokens(session.settings.systemPrompt) + 32;
    const query: RouteQuery = {
      kind: planned.kind,
      difficulty: planned.difficulty,
      inputTokens: taskTokens + sectionTokens,
      minimumInputTokens: taskTokens,
      answerTokens: session.settings.answerTokens,
      privacy,
      excluded: transcriptExclusions(session.transcript, session.answerOptions, session.candidates),
      features: hashPromptFeatures(planned.instruction),
    };

    let decision: RouteDecision;
    if (job.forced) {
      const forced = this.forcedDecision(job.forced, query);
      if (forced instanceof BatonError) return this.fail(job, forced, []);
      decision = forced;
    } else {
      const conditions = session.conditions();
      const routed = this.router.route(session.candidates, query, conditions);
      if (!('candidate' in routed)) {
        session.reportExclusions(routed.scored, conditions);
        return this.fail(job, new BatonError('model-not-found', `${planned.id}: ${routed.reason}`), []);
      }
      session.reportExclusions(routed.candidates, conditions);
      decision = routed;
    }
    const firstDecision = decision;
    this.announceRoute(job, decision, 'running');

    const attempts: Attempt[] = [];
    const escalations: EscalationReport[] = [];
    let best: Attempt | undefined;
    let fallbacksLeft = maxFallbacks;
    for (;;) {
      const attempt = { ...(await this.attempt(job, decision.candidate, sections, history, privacy, signal, query.onDeviceOnly)), reason: decision.reason };
      attempts.push(attempt);
      if (attempt.cancelled) return this.finish(job, 'cancelled', best ?? attempt, attempts, escalations, firstDecision, started);

      if (attempt.failure) {
        query.excluded!.set(decision.candidate.descriptor.id, `it failed earlier in this run (${attempt.failure.message})`);
        // A model the person named is not swapped for another, except when the call never left
        // this machine (consent denied, shield blocked it, network down): then this device answers.
        const mayFallBack = !job.forced || refusedCloudCall(attempt);
        const fallback = mayFallBack && fallbacksLeft > 0 ? this.fallbackAfter(job, attempt, query) : undefined;
        if (fallback) {
          fallbacksLeft -= 1;
          if (job.streamsAnswer && attempt.text.length > 0) session.restartAnswer();
          decision = fallback;
          this.announceRoute(job, decision, 'running');
          continue;
        }
        if (best) break;
        return this.fail(job, attempt.failure, attempts);
      }

      const evaluation = attempt.evaluation!;
      if (!best || evaluation.score > (best.evaluation?.score ?? -1)) best = attempt;
      if (evaluation.passed || job.forced) break;
      if (escalations.length >= session.settings.maxEscalations) break;
      query.excluded!.set(decision.candidate.descriptor.id, 'its result fell short of the bar earlier in this run');
      const conditions = session.conditions();
      const next = this.router.escalate(session.candidates, decision.candidate, query, conditions);
      if (!next) break;
      const why = evaluation.problems.length > 0 ? evaluation.problems.join('; ') : `score ${evaluation.score.toFixed(2)} is under the bar ${evaluation.bar.toFixed(2)}`;
      const escalation: EscalationReport = {
        fromModelId: decision.candidate.descriptor.id,
        toModelId: next.candidate.descriptor.id,
        reason: `${why}; ${next.reason}`,
        score: evaluation.score,
      };
      escalations.push(escalation);
      session.emit({
        type: 'subtask-escalated',
        runId: session.runId,
        subtaskId: planned.id,
        ...escalation,
        ...(job.streamsAnswer ? { answerRestarts: true } : {}),
      });
      if (job.streamsAnswer) session.restartAnswer();
      decision = { ...next, reason: escalation.reason };
      this.database.subtasks.update(job.rowId, { modelId: next.candidate.descriptor.id, reason: escalation.reason });
    }
    return this.finish(job, 'finished', best!, attempts, escalations, firstDecision, started);
  }

  private sectionsFor(job: SubtaskJob, inputs: Map<string, SubtaskOutcome>): ContextSection[] {
    const { session } = this;
    const sections: ContextSection[] = [];
    for (const dependency of job.planned.dependsOn) {
      const input = inputs.get(dependency);
      if (input) sections.push({ label: `Result of ${dependency} (${briefInstruction(input.instruction)})`, text: input.text });
    }
    if (job.planned.instruction.trim() !== session.requestText.trim()) {
      sections.push({ label: "The person's whole request, for context", text: session.requestText });
    }
    for (const attachment of session.attachments) sections.push({ label: `Document "${attachment.name}"`, text: attachment.text });
    return sections;
  }

  private forcedDecision(forced: NonNullable<SubtaskJob['forced']>, query: RouteQuery): RouteDecision | BatonError {
    const { session } = this;
    const conditions = session.conditions();
    const { scored } = this.router.score([forced.candidate], query, conditions);
    const entry = scored[0];
    // Privacy is the boundary's job here (the person named the model: consent is asked there);
    // offline, budget, a missing boundary still stop a cloud call.
    const blocking = entry?.excludedBecause;
    if (entry && blocking && !blocking.includes('stays on-device') && !blocking.includes('context window')) {
      // What the client's request needs and the model lacks (pictures, tools) is the request's problem.
      const code = blocking.startsWith('offline')
        ? 'offline'
        : blocking.includes('budget')
          ? 'budget-exceeded'
          : query.excluded?.get(forced.model.id) === blocking
            ? 'invalid-request'
            : 'privacy-blocked';
      return new BatonError(code, `${forced.model.id} cannot be used: ${blocking}.`);
    }
    return { candidate: forced.candidate, reason: forced.reason, score: Number.NaN, candidates: scored, mustShorten: false };
  }

  private announceRoute(job: SubtaskJob, decision: RouteDecision, status: SubtaskStatus): void {
    const { session } = this;
    const modelId = decision.candidate.descriptor.id;
    this.database.subtasks.update(job.rowId, { modelId, reason: decision.reason, status });
    session.emit({
      type: 'subtask-routed',
      runId: session.runId,
      subtaskId: job.planned.id,
      modelId,
      reason: decision.reason,
      ...(Number.isNaN(decision.score) ? {} : { score: decision.score }),
      candidates: decision.candidates.map(publicCandidate),
    });
  }

  private async attempt(
    job: SubtaskJob,
    candidate: PoolCandidate,
    sections: ContextSection[],
    history: RunSession['history'],
    privacy: PrivacyFindings,
    signal: AbortSignal,
    /** Set once a cloud call of this subtask was refused: the judge then stays on this device too. */
    onDeviceOnly: string | undefined,
  ): Promise<Omit<Attempt, 'reason'>> {
    const { session } = this;
    const { planned } = job;
    const modelId = candidate.descriptor.id;
    // Fitting checks a local model's prompt in its own tokens before the call (RunSession.fit).
    // Should the model still refuse it before writing anything (a model without a count, or a
    // count that fell short after three refits), fit it into a window half as large and try
    // again, three times at most, rather than fail the subtask.
    let contextWindow = candidate.descriptor.contextWindow;
    let result = await this.fitAndCall(job, candidate, sections, history, signal, contextWindow);
    for (let retry = 0; retry < 3 && result.error?.code === 'context-overflow' && result.text.length === 0 && candidate.descriptor.locality === 'on-device'; retry += 1) {
      contextWindow = Math.floor(contextWindow / 2);
      session.notice('context-shortened', `${planned.id} on ${modelId}: the prompt was longer in the model's own tokens than estimated (${result.error.message}); shortened further to fit.`);
      result = await this.fitAndCall(job, candidate, sections, history, signal, contextWindow);
    }
    const base = {
      candidate,
      modelId,
      text: result.text,
      usage: result.usage,
      costUsd: costUsd(candidate.descriptor.pricing, result.usage),
      durationMs: result.durationMs,
      finishReason: result.finishReason,
      ...(result.toolCalls.length > 0 ? { toolCalls: result.toolCalls } : {}),
    };
    if (result.finishReason === 'aborted') return { ...base, cancelled: true };
    if (result.error) return { ...base, cancelled: false, failure: result.error, error: result.error.toJSON() };

    const { evaluation, judgeUsage, judgeCostUsd } =
      result.toolCalls.length > 0 ? toolCallEvaluation(planned) : await this.evaluate(job, result, privacy, signal, onDeviceOnly);
    const attempt: Omit<Attempt, 'reason'> = {
      ...base,
      usage: addUsage(base.usage, judgeUsage),
      costUsd: base.costUsd + judgeCostUsd,
      cancelled: signal.aborted,
      evaluation,
    };
    if (!signal.aborted) {
      // Written with the subtask's final update, in one transaction (see finish).
      attempt.outcome = {
        subtaskId: job.rowId,
        modelId,
        kind: planned.kind,
        difficulty: planned.difficulty,
        score: evaluation.score,
        success: evaluation.passed,
        userFeedback: null,
        inputTokens: result.usage.inputTokens,
        outputTokens: result.usage.outputTokens,
        latencyMs: Math.round(result.durationMs),
        costUsd: base.costUsd,
      };
    }
    return attempt;
  }

  /** One call of the subtask on `candidate`, its prompt fitted into `contextWindow` tokens. */
  private async fitAndCall(
    job: SubtaskJob,
    candidate: PoolCandidate,
    sections: ContextSection[],
    history: RunSession['history'],
    signal: AbortSignal,
    contextWindow: number,
  ): Promise<ModelCallResult> {
    const { session } = this;
    const { planned } = job;
    const modelId = candidate.descriptor.id;
    const named = job.forced && candidate === job.forced.candidate ? job.forced.model : undefined;
    const onDelta = (text: string) => {
      session.emit({ type: 'subtask-delta', runId: session.runId, subtaskId: planned.id, text });
      if (job.streamsAnswer) session.appendAnswer(text);
    };
    if (session.transcript) {
      // A conversation with tools or pictures goes as the client sent it: its tool turns cannot be
      // shortened or summarised without breaking the calls they answer, nor its pictures put in
      // words. A model whose window it overflows refuses it, and the client hears so.
      const system = session.settings.systemPrompt ? [{ role: 'system' as const, content: session.settings.systemPrompt }] : [];
      return session.call(
        candidate,
        { messages: [...system, ...session.transcript], maxTokens: session.settings.answerTokens, ...session.answerOptions },
        { key: planned.id, signal, ...(named ? { model: named } : {}), onDelta },
      );
    }
    const fitted = await session.fit(
      candidate,
      {
        ...(session.settings.systemPrompt ? { system: session.settings.systemPrompt } : {}),
        history,
        task: planned.instruction,
        sections,
        contextWindow,
        answerTokens: session.settings.answerTokens,
        summarize: session.summarizer(signal),
      },
      named,
    );
    for (const note of fitted.notes) session.notice('context-shortened', `${planned.id} on ${modelId}: ${note}.`);
    if (session.answerTokensAsked !== undefined && fitted.answerTokens < session.answerTokensAsked) {
      session.notice(
        'context-shortened',
        `${planned.id} on ${modelId}: the answer may be ${fitted.answerTokens} tokens long, not the ${session.answerTokensAsked} asked for (half of the model's ${candidate.descriptor.contextWindow}-token context).`,
      );
    }

    const result = await session.call(
      candidate,
      { messages: fitted.messages, maxTokens: fitted.answerTokens, ...(job.streamsAnswer ? session.answerOptions : {}) },
      {
        key: planned.id,
        signal,
        // The named model itself (it may not be in the pool); a fallback is loaded from the pool.
        ...(named ? { model: named } : {}),
        onDelta,
      },
    );
    return result;
  }

  private async evaluate(
    job: SubtaskJob,
    result: ModelCallResult,
    privacy: PrivacyFindings,
    signal: AbortSignal,
    onDeviceOnly: string | undefined,
  ): Promise<{ evaluation: Evaluation; judgeUsage: Usage; judgeCostUsd: number }> {
    const { planned } = job;
    const subject: EvaluationSubject = {
      instruction: planned.instruction,
      kind: planned.kind,
      difficulty: planned.difficulty,
      answer: result.text,
      finishReason: result.finishReason,
      expectJson: asksForJson(planned.instruction) || (job.streamsAnswer && this.session.answerOptions.responseSchema !== undefined),
      languageReference: job.streamsAnswer ? this.session.requestText : planned.instruction,
    };
    const heuristics = heuristicVerdict(subject);
    const settings = this.session.settings;
    const wantJudge =
      !job.forced &&
      settings.judgeModelId !== '' &&
      planned.difficulty >= settings.judgeMinDifficulty &&
      heuristics.score >= qualityBar(planned.kind, planned.difficulty);
    let judgement: Judgement | undefined;
    let judgeUsage: Usage = { inputTokens: 0, outputTokens: 0 };
    let judgeCostUsd = 0;
    if (wantJudge) {
      const judged = await this.judge(job, subject, privacy, signal, onDeviceOnly);
      judgement = judged.judgement;
      judgeUsage = judged.usage;
      judgeCostUsd = judged.costUsd;
    }
    return { evaluation: combineEvaluation(subject, heuristics, judgement), judgeUsage, judgeCostUsd };
  }

  /** Asks the judge model; any failure (unavailable, refused, broken JSON) leaves the heuristics alone. */
  private async judge(
    job: SubtaskJob,
    subject: EvaluationSubject,
    subjectPrivacy: PrivacyFindings,
    signal: AbortSignal,
    onDeviceOnly: string | undefined,
  ): Promise<{ judgement: Judgement; usage: Usage; costUsd: number }> {
    const { session } = this;
    const none = { usage: { inputTokens: 0, outputTokens: 0 }, costUsd: 0 };
    const candidate = session.candidates.find((entry) => entry.descriptor.id === session.settings.judgeModelId);
    if (!candidate) return { judgement: { note: `the judge ${session.settings.judgeModelId} is not configured; heuristics only` }, ...none };
    const messages = judgeMessages(subject);
    const answerPrivacy = await session.inspect(subject.answer);
    const tokens = messages.reduce((total, message) => total + estimateTokens(message.content) + 8, 0);
    const { scored } = this.router.score(
      [candidate],
      {
        kind: subject.kind,
        difficulty: subject.difficulty,
        inputTokens: tokens,
        minimumInputTokens: tokens,
        answerTokens: 128,
        ...(onDeviceOnly ? { onDeviceOnly } : {}),
        privacy: {
          hasSensitiveValues: subjectPrivacy.hasSensitiveValues || answerPrivacy.hasSensitiveValues,
          sensitiveTopics: [...subjectPrivacy.sensitiveTopics, ...answerPrivacy.sensitiveTopics],
        },
      },
      session.conditions(),
    );
    const excluded = scored[0]?.excludedBecause;
    if (excluded) return { judgement: { note: `the judge was not asked: ${excluded}` }, ...none };
    const result = await session.call(
      candidate,
      { messages, maxTokens: 200, temperature: 0, responseSchema: judgeResponseSchema },
      { key: job.planned.id, signal },
    );
    const spent = { usage: result.usage, costUsd: costUsd(candidate.descriptor.pricing, result.usage) };
    if (result.error) return { judgement: { note: `the judge failed (${result.error.message}); heuristics only` }, ...spent };
    if (result.finishReason === 'aborted') return { judgement: { note: 'the judge was cancelled' }, ...spent };
    return { judgement: parseJudgement(result.text), ...spent };
  }

  /** After a failed call: a notice, and the model that takes over (on-device after a cloud failure). */
  private fallbackAfter(job: SubtaskJob, attempt: Attempt, query: RouteQuery): RouteDecision | undefined {
    const { session } = this;
    const error = attempt.failure!;
    const failed = attempt.candidate.descriptor;
    const fromCloud = failed.locality !== 'on-device';
    const key = job.planned.id;
    // A server that answered badly (an HTML page, a stream cut after its 200) is its provider's
    // trouble, not the network's: it is told as a failure, not as offline.
    const networkFailed = couldNotReachServer(error);
    const onDeviceReason: Partial<Record<string, string>> = {
      'consent-denied': 'the person did not allow sending it to the cloud',
      'privacy-blocked': 'the privacy shield blocked the cloud call',
      ...(networkFailed ? { connection: 'the network failed, so Baton is offline for now' } : {}),
    };
    if (fromCloud) query.onDeviceOnly = onDeviceReason[error.code] ?? `the cloud call to ${failed.id} failed in this run`;

    const conditions = session.conditions();
    const routed = this.router.route(session.candidates, query, conditions);
    const next = 'candidate' in routed ? routed : undefined;
    const outcome = next ? `answering with ${next.candidate.descriptor.id}${next.candidate.descriptor.locality === 'on-device' ? ' on this device' : ''} instead` : 'no other model can take it';
    if (error.code === 'consent-denied') session.notice('consent-denied', `${key}: sending to ${failed.id} was not allowed; ${outcome}.`);
    else if (error.code === 'privacy-blocked') session.notice('privacy-fallback', `${key}: the privacy shield blocked ${failed.id} (${error.message}); ${outcome}.`);
    else if (networkFailed && fromCloud) session.notice('offline', `${failed.id} could not be reached (${error.message}): Baton is offline for now; ${outcome}.`);
    else session.notice('fallback', `${key}: ${failed.id} failed (${error.message}); ${outcome}.`);
    if (!next) return undefined;
    return { ...next, reason: `fallback after ${failed.id} failed (${error.code}): ${next.reason}` };
  }

  private finish(
    job: SubtaskJob,
    status: 'finished' | 'cancelled',
    kept: Attempt,
    attempts: Attempt[],
    escalations: EscalationReport[],
    firstDecision: RouteDecision,
    started: number,
  ): SubtaskOutcome {
    const { session } = this;
    const { planned } = job;
    const usage = attempts.reduce((total, attempt) => addUsage(total, attempt.usage), { inputTokens: 0, outputTokens: 0 });
    const cost = attempts.reduce((total, attempt) => total + attempt.costUsd, 0);
    const evaluation = kept.evaluation;
    const belowBar = status === 'finished' && evaluation !== undefined && !evaluation.passed;
    if (belowBar && !job.forced) {
      session.notice(
        'quality',
        `${planned.id}: no model reached the bar (${evaluation.bar.toFixed(2)}); kept the best result, from ${kept.modelId} (score ${evaluation.score.toFixed(2)}${evaluation.problems.length > 0 ? `: ${evaluation.problems.join('; ')}` : ''}).`,
      );
    }
    const reason = kept.reason;
    const text = status === 'cancelled' ? (attempts.at(-1)?.text ?? '') : kept.text;
    // One transaction for the subtask's end and its outcomes: fewer commits, and never one without the other.
    const outcomes = this.database.connection.transaction(() => {
      this.database.subtasks.update(job.rowId, {
        status,
        result: text,
        modelId: kept.modelId,
        reason: belowBar ? `${reason} (kept below the bar: ${evaluation?.score.toFixed(2)} < ${evaluation?.bar.toFixed(2)})` : reason,
        ...usage,
        costUsd: cost,
      });
      return attempts.flatMap((attempt) => (attempt.outcome ? [this.database.outcomes.record(attempt.outcome)] : []));
    })();
    // What the outcomes teach does not change this answer: it is learned once the answer is on
    // its way (the next event-loop turn), off the path a waiting person or client feels.
    setImmediate(() => {
      try {
        // Its conversation deleted meanwhile: what it taught is gone with it.
        if (outcomes.length === 0 || !this.database.subtasks.get(job.rowId)) return;
        // Hashed again rather than carried: only bucket numbers reach the estimator.
        const features = hashPromptFeatures(planned.instruction);
        for (const outcome of outcomes) this.estimator.observe?.(outcome, features);
      } catch {
        // Routing keeps what it knew; the outcomes themselves are stored.
      }
    });
    const durationMs = Math.round(performance.now() - started);
    const finishReason: FinishReason = status === 'cancelled' ? 'aborted' : kept.finishReason;
    const toolCalls = status === 'cancelled' ? [] : (kept.toolCalls ?? []);
    session.emit({
      type: 'subtask-finished',
      runId: session.runId,
      subtaskId: planned.id,
      modelId: kept.modelId,
      usage,
      costUsd: cost,
      durationMs,
      finishReason,
      ...(evaluation ? { score: evaluation.score, passed: evaluation.passed } : {}),
      escalations: escalations.length,
    });
    return {
      ...this.describe(job),
      status,
      text,
      modelId: kept.modelId,
      reason,
      routeScore: Number.isNaN(firstDecision.score) ? null : firstDecision.score,
      score: evaluation?.score ?? null,
      passed: evaluation?.passed ?? null,
      belowBar,
      escalations,
      attempts: attempts.map(publicAttempt),
      candidates: firstDecision.candidates.map(publicCandidate),
      usage,
      costUsd: cost,
      finishReason,
      toolCalls,
    };
  }

  /** Stores the failure and throws it: the run cannot answer without this subtask. */
  private fail(job: SubtaskJob, error: BatonError, attempts: Attempt[]): never {
    const usage = attempts.reduce((total, attempt) => addUsage(total, attempt.usage), { inputTokens: 0, outputTokens: 0 });
    this.database.subtasks.update(job.rowId, {
      status: 'failed',
      result: attempts.at(-1)?.text ?? null,
      ...usage,
      costUsd: attempts.reduce((total, attempt) => total + attempt.costUsd, 0),
    });
    throw error;
  }

  private describe(job: SubtaskJob) {
    const { planned } = job;
    return {
      id: planned.id,
      rowId: job.rowId,
      instruction: planned.instruction,
      kind: planned.kind,
      difficulty: planned.difficulty,
      dependsOn: planned.dependsOn,
    };
  }
}

/**
 * A model that called the client's tools has not answered yet: the client runs them and asks
 * again. There is no text to check, so the call passes; what the tools return is the client's.
 */
function toolCallEvaluation(planned: PlannedSubtask): { evaluation: Evaluation; judgeUsage: Usage; judgeCostUsd: number } {
  return {
    evaluation: { score: 1, bar: qualityBar(planned.kind, planned.difficulty), passed: true, problems: [], judgeNote: "the model called the client's tools; not judged" },
    judgeUsage: { inputTokens: 0, outputTokens: 0 },
    judgeCostUsd: 0,
  };
}

/**
 * The models a client's conversation (sent as it is) cannot go to: with tools, on-device models
 * (they cannot call them); with pictures, every model that does not take images.
 */
function transcriptExclusions(
  transcript: readonly ChatMessage[] | undefined,
  options: AnswerOptions,
  candidates: readonly PoolCandidate[],
): Map<string, string> {
  const excluded = new Map<string, string>();
  if (!transcript) return excluded;
  const pictures = hasImages(transcript);
  const tools = usesTools({ messages: [...transcript], ...(options.tools ? { tools: options.tools } : {}) });
  for (const { descriptor } of candidates) {
    if (pictures && !descriptor.acceptsImages) excluded.set(descriptor.id, 'it cannot read pictures');
    else if (tools && descriptor.locality === 'on-device') excluded.set(descriptor.id, "it cannot call the client's tools");
  }
  return excluded;
}

function publicCandidate(entry: ScoredCandidate | RouteCandidate): RouteCandidate {
  const { modelId, tier, locality, eligible, excludedBecause, successProbability, estimatedCostUsd, estimatedLatencyMs, score } = entry;
  return {
    modelId,
    tier,
    locality,
    eligible,
    ...(excludedBecause === undefined ? {} : { excludedBecause }),
    successProbability,
    estimatedCostUsd,
    estimatedLatencyMs,
    score,
  };
}

function publicAttempt(attempt: Attempt): AttemptReport {
  const { modelId, text, usage, costUsd: cost, durationMs, finishReason, evaluation, error } = attempt;
  return {
    modelId,
    text,
    usage,
    costUsd: cost,
    durationMs: Math.round(durationMs),
    finishReason,
    ...(evaluation ? { evaluation } : {}),
    ...(error ? { error } : {}),
  };
}

function addUsage(left: Usage, right: Usage): Usage {
  return { inputTokens: left.inputTokens + right.inputTokens, outputTokens: left.outputTokens + right.outputTokens };
}

/** An instruction as a section's label: its first line, at most 100 characters (a map step's instruction carries its whole passage below). */
function briefInstruction(instruction: string): string {
  const line = instruction.trim().split('\n')[0] ?? '';
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}
