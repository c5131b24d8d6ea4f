import type { BatonError, BatonErrorCode } from '../../shared/errors.js';
import type { FinishReason, Usage } from '../../shared/language-model.js';

/**
 * What Baton's gateway answers in OpenAI's own shapes: a chat completion, its streamed chunks,
 * and errors with OpenAI's status codes and types, so an OpenAI client reads them as it would
 * OpenAI's.
 */

export function finishReasonOf(reason: FinishReason): 'stop' | 'length' {
  return reason === 'length' ? 'length' : 'stop';
}

function usageOf(usage: Usage) {
  return { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens };
}

export interface CompletionIdentity {
  id: string;
  /** Seconds since the epoch. */
  created: number;
  /** The model that answered (a local fallback included), else the one asked for. */
  model: string;
}

export function chatCompletion(identity: CompletionIdentity, answer: string, finishReason: FinishReason, usage: Usage) {
  return {
    ...identity,
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: answer, refusal: null }, logprobs: null, finish_reason: finishReasonOf(finishReason) }],
    usage: usageOf(usage),
  };
}

export function chatCompletionChunk(identity: CompletionIdentity, delta: { role?: 'assistant'; content?: string }, finishReason: FinishReason | null) {
  return {
    ...identity,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason === null ? null : finishReasonOf(finishReason) }],
  };
}

/** The last chunk of a stream asked for with stream_options.include_usage: no choices, the usage. */
export function usageChunk(identity: CompletionIdentity, usage: Usage) {
  return { ...identity, object: 'chat.completion.chunk', choices: [], usage: usageOf(usage) };
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
  aborted: { status: 499, type: 'aborted' },
};

export function openAIError(error: BatonError): { status: number; body: { error: { message: string; type: string; param: null; code: string } } } {
  const shape = errorShapes[error.code] ?? { status: 500, type: 'server_error' };
  return { status: shape.status, body: { error: { message: error.message, type: shape.type, param: null, code: error.code } } };
}
