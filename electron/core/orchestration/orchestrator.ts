import { randomUUID } from 'node:crypto';
import { BatonError, toBatonError } from '../../shared/errors.js';
import type { RunEvent, RunEventListener } from '../../shared/events.js';
import type { ChatMessage, FinishReason, LanguageModel, Usage } from '../../shared/language-model.js';
import type { Plan } from '../../shared/plan.js';
import type { CloudBoundary } from '../privacy/cloud-boundary-contract.js';
import { costUsd } from '../providers/pricing-table.js';
import type { BatonDatabase } from '../storage/database.js';
import { PartialAnswerWriter } from './partial-answer-writer.js';

export interface RunRequest {
  /** Continue this conversation; a new one is made when absent. */
  conversationId?: string;
  text: string;
  model: LanguageModel;
  /** Why this model was chosen, in words a person can read. */
  routeReason: string;
  maxTokens?: number;
  systemPrompt?: string;
  signal?: AbortSignal;
  onEvent?: RunEventListener;
  /**
   * An on-device model to answer with when the privacy shield refuses the cloud call (consent
   * denied or the payload blocked); without one, the refusal fails the run.
   */
  localFallback?: () => Promise<LanguageModel | undefined>;
}

export interface RunResult {
  runId: string;
  conversationId: string;
  assistantMessageId: string;
  answer: string;
  modelId: string;
  usage: Usage;
  costUsd: number;
  durationMs: number;
  finishReason: FinishReason;
}

/**
 * The first orchestrator: one request, one subtask, one chosen model. It stores the turn,
 * streams the answer (saving it as it grows), records the outcome and reports typed events.
 * With a cloud boundary, every model that is not on-device is called through it.
 */
export class Orchestrator {
  constructor(
    private readonly database: BatonDatabase,
    private readonly boundary?: CloudBoundary,
  ) {}

  async run(request: RunRequest): Promise<RunResult> {
    const { database } = this;
    const started = performance.now();
    const emit = (event: RunEvent) => request.onEvent?.(event);

    const conversation = request.conversationId
      ? database.conversations.get(request.conversationId)
      : database.conversations.create({ title: titleFrom(request.text) });
    if (!conversation) throw new BatonError('invalid-request', `There is no conversation "${request.conversationId}".`);

    const history = historyOf(database, conversation.id);
    const runId = randomUUID();
    const userMessage = database.messages.append({ conversationId: conversation.id, role: 'user', content: request.text, runId });
    const assistantMessage = database.messages.append({
      conversationId: conversation.id,
      role: 'assistant',
      content: '',
      status: 'streaming',
      runId,
      modelId: request.model.id,
    });
    database.runs.start({ id: runId, conversationId: conversation.id, userMessageId: userMessage.id, assistantMessageId: assistantMessage.id });
    emit({ type: 'run-started', runId, conversationId: conversation.id, userMessageId: userMessage.id, assistantMessageId: assistantMessage.id });

    const plan: Plan = {
      source: 'single-model',
      subtasks: [{ id: 's1', instruction: request.text, kind: 'chat', dependsOn: [], difficulty: 1 }],
    };
    emit({ type: 'plan-created', runId, plan });
    const subtask = database.subtasks.create({
      runId,
      key: 's1',
      instruction: request.text,
      kind: 'chat',
      difficulty: 1,
      modelId: request.model.id,
      reason: request.routeReason,
      status: 'running',
    });
    emit({ type: 'subtask-routed', runId, subtaskId: 's1', modelId: request.model.id, reason: request.routeReason });

    const messages: ChatMessage[] = [
      ...(request.systemPrompt ? [{ role: 'system' as const, content: request.systemPrompt }] : []),
      ...history,
      { role: 'user', content: request.text },
    ];
    const writer = new PartialAnswerWriter(database.messages, assistantMessage.id);
    let usage: Usage = { inputTokens: 0, outputTokens: 0 };
    // Typed through `as`: the assignments happen inside `consume`, where narrowing cannot see them.
    let finishReason = 'stop' as FinishReason;
    let answeringModel = request.model;

    const consume = async (model: LanguageModel): Promise<BatonError | undefined> => {
      try {
        for await (const part of model.stream({ messages, maxTokens: request.maxTokens }, request.signal)) {
          if (part.type === 'text-delta') {
            writer.append(part.text);
            emit({ type: 'subtask-delta', runId, subtaskId: 's1', text: part.text });
            emit({ type: 'answer-delta', runId, text: part.text });
          } else if (part.type === 'usage') {
            usage = part.usage;
          } else if (part.type === 'finish') {
            finishReason = part.reason;
          } else {
            return part.error;
          }
        }
        return undefined;
      } catch (error) {
        // Providers report failures as parts; a throw here is a bug in a provider, still reported.
        return toBatonError(error);
      }
    };

    const guarded =
      this.boundary && request.model.locality !== 'on-device'
        ? this.boundary.wrap(request.model, { conversationId: conversation.id, runId, subtaskId: 's1', onEvent: request.onEvent })
        : request.model;
    let failure = await consume(guarded);
    if (failure && isPrivacyRefusal(failure) && writer.content.length === 0 && request.localFallback) {
      const refusal = failure;
      const fallback = await localFallbackOf(request.localFallback, (error) =>
        emit({ type: 'run-notice', runId, kind: 'privacy-fallback', message: `${refusal.message} No local model could answer instead: ${error.message}` }),
      );
      if (fallback) {
        const kind = refusal.code === 'consent-denied' ? 'consent-denied' : 'privacy-fallback';
        emit({ type: 'run-notice', runId, kind, message: `${refusal.message} Answered on this device with ${fallback.displayName} instead.` });
        const reason =
          kind === 'consent-denied'
            ? 'the cloud call was not allowed, so a local model answers'
            : 'the privacy shield blocked the cloud call, so a local model answers';
        database.subtasks.update(subtask.id, { modelId: fallback.id, reason });
        emit({ type: 'subtask-routed', runId, subtaskId: 's1', modelId: fallback.id, reason });
        answeringModel = fallback;
        usage = { inputTokens: 0, outputTokens: 0 };
        failure = await consume(fallback);
      }
    }

    const durationMs = Math.round(performance.now() - started);
    const cost = costUsd(answeringModel.pricing, usage);
    const answer = writer.content;
    const finishedAt = new Date().toISOString();

    if (failure) {
      database.messages.setStatus(assistantMessage.id, 'failed', answer);
      database.subtasks.update(subtask.id, { status: 'failed', result: answer, ...usage, costUsd: cost, finishedAt });
      database.runs.finish(runId, { status: 'failed', ...usage, costUsd: cost, error: failure.toJSON() });
      emit({ type: 'run-failed', runId, error: failure.toJSON(), partialAnswer: answer });
      throw failure;
    }

    const cancelled = finishReason === 'aborted';
    database.messages.setStatus(assistantMessage.id, cancelled ? 'incomplete' : 'complete', answer);
    database.subtasks.update(subtask.id, {
      status: cancelled ? 'cancelled' : 'finished',
      result: answer,
      ...usage,
      costUsd: cost,
      finishedAt,
    });
    database.runs.finish(runId, { status: cancelled ? 'cancelled' : 'finished', ...usage, costUsd: cost });
    database.conversations.touch(conversation.id);
    if (!cancelled) {
      database.outcomes.record({
        subtaskId: subtask.id,
        modelId: answeringModel.id,
        kind: 'chat',
        difficulty: 1,
        score: null,
        success: answer.trim().length > 0,
        userFeedback: null,
        ...usage,
        latencyMs: durationMs,
        costUsd: cost,
      });
    }
    emit({ type: 'subtask-finished', runId, subtaskId: 's1', modelId: answeringModel.id, usage, costUsd: cost, durationMs, finishReason });
    emit({ type: 'run-finished', runId, answer, usage, costUsd: cost, durationMs, finishReason });
    return {
      runId,
      conversationId: conversation.id,
      assistantMessageId: assistantMessage.id,
      answer,
      modelId: answeringModel.id,
      usage,
      costUsd: cost,
      durationMs,
      finishReason,
    };
  }
}

function isPrivacyRefusal(error: BatonError): boolean {
  return error.code === 'consent-denied' || error.code === 'privacy-blocked';
}

/** The fallback model when it is on-device; one that fails to load is reported and the refusal stands. */
async function localFallbackOf(
  localFallback: () => Promise<LanguageModel | undefined>,
  onFailure: (error: BatonError) => void,
): Promise<LanguageModel | undefined> {
  try {
    const model = await localFallback();
    return model?.locality === 'on-device' ? model : undefined;
  } catch (error) {
    onFailure(toBatonError(error));
    return undefined;
  }
}

/** Earlier turns sent as context: finished answers and partial ones that have text. */
function historyOf(database: BatonDatabase, conversationId: string): ChatMessage[] {
  return database.messages
    .listByConversation(conversationId)
    .filter((message) => message.content.length > 0 && message.status !== 'failed')
    .map((message) => ({ role: message.role, content: message.content }));
}

function titleFrom(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}...` : line || 'New conversation';
}
