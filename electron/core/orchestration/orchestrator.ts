import { randomUUID } from 'node:crypto';
import { BatonError, toBatonError } from '../../shared/errors.js';
import type { RunEvent, RunEventListener } from '../../shared/events.js';
import type { ChatMessage, FinishReason, LanguageModel, Usage } from '../../shared/language-model.js';
import type { Plan } from '../../shared/plan.js';
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
 */
export class Orchestrator {
  constructor(private readonly database: BatonDatabase) {}

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
    let finishReason: FinishReason = 'stop';
    let failure: BatonError | undefined;

    try {
      for await (const part of request.model.stream({ messages, maxTokens: request.maxTokens }, request.signal)) {
        if (part.type === 'text-delta') {
          writer.append(part.text);
          emit({ type: 'subtask-delta', runId, subtaskId: 's1', text: part.text });
          emit({ type: 'answer-delta', runId, text: part.text });
        } else if (part.type === 'usage') {
          usage = part.usage;
        } else if (part.type === 'finish') {
          finishReason = part.reason;
        } else {
          failure = part.error;
        }
      }
    } catch (error) {
      // Providers report failures as parts; a throw here is a bug in a provider, still reported.
      failure = toBatonError(error);
    }

    const durationMs = Math.round(performance.now() - started);
    const cost = costUsd(request.model.pricing, usage);
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
        modelId: request.model.id,
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
    emit({ type: 'subtask-finished', runId, subtaskId: 's1', modelId: request.model.id, usage, costUsd: cost, durationMs, finishReason });
    emit({ type: 'run-finished', runId, answer, usage, costUsd: cost, durationMs, finishReason });
    return {
      runId,
      conversationId: conversation.id,
      assistantMessageId: assistantMessage.id,
      answer,
      modelId: request.model.id,
      usage,
      costUsd: cost,
      durationMs,
      finishReason,
    };
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
