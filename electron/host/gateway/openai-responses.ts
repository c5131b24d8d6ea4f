import { randomUUID } from 'node:crypto';
import type { BatonError, BatonErrorCode } from '../../shared/errors.js';
import type { FinishReason, ToolCall, Usage } from '../../shared/language-model.js';
import type { AnswerIdentity, GatewayDialect } from './gateway-dialect.js';

/**
 * OpenAI's Chat Completions shapes: a chat completion, its streamed chunks (server-sent events
 * ending in `[DONE]`), and errors with OpenAI's status codes and types, so an OpenAI client reads
 * Baton's answers as it would OpenAI's.
 */

function finishReasonOf(reason: FinishReason): 'stop' | 'length' | 'tool_calls' {
  if (reason === 'tool-calls') return 'tool_calls';
  return reason === 'length' ? 'length' : 'stop';
}

function toolCallsOf(calls: readonly ToolCall[]) {
  return calls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } }));
}

function usageOf(usage: Usage) {
  return { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens };
}

interface Delta {
  role?: 'assistant';
  content?: string;
  tool_calls?: Array<ReturnType<typeof toolCallsOf>[number] & { index: number }>;
}

function chunk(identity: AnswerIdentity, delta: Delta, finishReason: FinishReason | null): string {
  const body = {
    ...identity,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason === null ? null : finishReasonOf(finishReason) }],
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

const errorShapes: Partial<Record<BatonErrorCode, { status: number; type: string }>> = {
  'invalid-request': { status: 400, type: 'invalid_request_error' },
  'context-overflow': { status: 400, type: 'invalid_request_error' },
  authentication: { status: 401, type: 'authentication_error' },
  'consent-denied': { status: 403, type: 'permission_error' },
  'privacy-blocked': { status: 403, type: 'permission_error' },
  'model-not-found': { status: 404, type: 'not_found_error' },
  'budget-exceeded': { status: 429, type: 'insufficient_quota' },
  'rate-limited': { status: 429, type: 'rate_limit_error' },
  offline: { status: 503, type: 'service_unavailable' },
  timeout: { status: 504, type: 'timeout' },
};

function errorOf(error: BatonError) {
  const shape = errorShapes[error.code] ?? { status: 500, type: 'server_error' };
  return { status: shape.status, body: { error: { message: error.message, type: shape.type, param: null, code: error.code } } };
}

export const openAIDialect: GatewayDialect = {
  newId: () => `chatcmpl-${randomUUID()}`,
  answer: (identity, text, toolCalls, finishReason, usage) => ({
    ...identity,
    object: 'chat.completion',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          // OpenAI sends null content beside tool calls when the model wrote no text.
          content: toolCalls.length > 0 && text.length === 0 ? null : text,
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCallsOf(toolCalls) } : {}),
        },
        logprobs: null,
        finish_reason: finishReasonOf(finishReason),
      },
    ],
    usage: usageOf(usage),
  }),
  streamStart: (identity) => chunk(identity, { role: 'assistant', content: '' }, null),
  streamText: (identity, text) => chunk(identity, { content: text }, null),
  streamEnd: (identity, toolCalls, finishReason, usage, includeUsage) =>
    (toolCalls.length > 0 ? chunk(identity, { tool_calls: toolCallsOf(toolCalls).map((call, index) => ({ index, ...call })) }, null) : '') +
    chunk(identity, {}, finishReason) +
    // Asked for with stream_options.include_usage: a last chunk with no choices and the usage.
    (includeUsage ? `data: ${JSON.stringify({ ...identity, object: 'chat.completion.chunk', choices: [], usage: usageOf(usage) })}\n\n` : '') +
    'data: [DONE]\n\n',
  streamError: (error) => `data: ${JSON.stringify(errorOf(error).body)}\n\n`,
  error: errorOf,
};
