import type { BatonError, BatonErrorCode } from '../../shared/errors.js';
import type { FinishReason, Usage } from '../../shared/language-model.js';
import type { CompletionIdentity } from './openai-responses.js';

/**
 * What Baton's gateway answers in Anthropic's own shapes: a message, its stream of events, and
 * errors with Anthropic's status codes and types, so an Anthropic client reads them as it would
 * Anthropic's.
 */

function stopReasonOf(reason: FinishReason): 'end_turn' | 'max_tokens' {
  return reason === 'length' ? 'max_tokens' : 'end_turn';
}

export function anthropicMessage(identity: CompletionIdentity, answer: string, finishReason: FinishReason, usage: Usage) {
  return {
    id: identity.id,
    type: 'message',
    role: 'assistant',
    model: identity.model,
    content: [{ type: 'text', text: answer }],
    stop_reason: stopReasonOf(finishReason),
    stop_sequence: null,
    usage: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens },
  };
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function anthropicStreamStart(identity: CompletionIdentity): string {
  const message = { id: identity.id, type: 'message', role: 'assistant', model: identity.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } };
  return (
    event('message_start', { type: 'message_start', message }) +
    event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
    event('ping', { type: 'ping' })
  );
}

export function anthropicStreamDelta(text: string): string {
  return event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
}

export function anthropicStreamEnd(finishReason: FinishReason, usage: Usage): string {
  return (
    event('content_block_stop', { type: 'content_block_stop', index: 0 }) +
    event('message_delta', { type: 'message_delta', delta: { stop_reason: stopReasonOf(finishReason), stop_sequence: null }, usage: { output_tokens: usage.outputTokens } }) +
    event('message_stop', { type: 'message_stop' })
  );
}

const errorShapes: Partial<Record<BatonErrorCode, { status: number; type: string }>> = {
  'invalid-request': { status: 400, type: 'invalid_request_error' },
  'context-overflow': { status: 400, type: 'invalid_request_error' },
  authentication: { status: 401, type: 'authentication_error' },
  'consent-denied': { status: 403, type: 'permission_error' },
  'privacy-blocked': { status: 403, type: 'permission_error' },
  'model-not-found': { status: 404, type: 'not_found_error' },
  'budget-exceeded': { status: 429, type: 'rate_limit_error' },
  'rate-limited': { status: 429, type: 'rate_limit_error' },
  offline: { status: 529, type: 'overloaded_error' },
  timeout: { status: 504, type: 'timeout_error' },
};

export function anthropicError(error: BatonError): { status: number; body: { type: 'error'; error: { type: string; message: string } } } {
  const shape = errorShapes[error.code] ?? { status: 500, type: 'api_error' };
  return { status: shape.status, body: { type: 'error', error: { type: shape.type, message: error.message } } };
}

export function anthropicStreamError(error: BatonError): string {
  return event('error', anthropicError(error).body);
}
