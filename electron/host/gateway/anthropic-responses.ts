import { randomBytes } from 'node:crypto';
import { BatonError, type BatonErrorCode } from '../../shared/errors.js';
import { toolCallArgumentsObject, type FinishReason, type ToolCall } from '../../shared/language-model.js';
import type { GatewayDialect } from './gateway-dialect.js';

/**
 * Anthropic's Messages shapes: a message, its stream of named events (message_start …
 * message_stop), and errors with Anthropic's status codes and types, so an Anthropic client reads
 * Baton's answers as it would Anthropic's.
 */

function stopReasonOf(reason: FinishReason): 'end_turn' | 'max_tokens' | 'tool_use' {
  if (reason === 'tool-calls') return 'tool_use';
  return reason === 'length' ? 'max_tokens' : 'end_turn';
}

/** A call's arguments as the object Anthropic's `input` is; a model that wrote no JSON object gets a clear error. */
function inputOf(call: ToolCall): Record<string, unknown> {
  const input = toolCallArgumentsObject(call);
  if (!input) throw new BatonError('server-error', `The model called ${call.name} with arguments that are not a JSON object.`);
  return input;
}

/** Each tool call as a tool_use block streamed after the text block (index 0): start, its input whole, stop. */
function toolUseEvents(calls: readonly ToolCall[]): string {
  return calls
    .map((call, position) => {
      const index = position + 1;
      return (
        event('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } }) +
        event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: call.arguments } }) +
        event('content_block_stop', { type: 'content_block_stop', index })
      );
    })
    .join('');
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
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

function errorOf(error: BatonError) {
  const shape = errorShapes[error.code] ?? { status: 500, type: 'api_error' };
  return { status: shape.status, body: { type: 'error', error: { type: shape.type, message: error.message } } };
}

export const anthropicDialect: GatewayDialect = {
  newId: () => `msg_${randomBytes(12).toString('hex')}`,
  answer: (identity, text, toolCalls, finishReason, usage) => ({
    id: identity.id,
    type: 'message',
    role: 'assistant',
    model: identity.model,
    content: [
      ...(text.length > 0 || toolCalls.length === 0 ? [{ type: 'text', text }] : []),
      ...toolCalls.map((call) => ({ type: 'tool_use', id: call.id, name: call.name, input: inputOf(call) })),
    ],
    stop_reason: stopReasonOf(finishReason),
    stop_sequence: null,
    usage: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens },
  }),
  streamStart: (identity) =>
    event('message_start', {
      type: 'message_start',
      message: { id: identity.id, type: 'message', role: 'assistant', model: identity.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } },
    }) +
    event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
    event('ping', { type: 'ping' }),
  streamText: (_identity, text) => event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }),
  // Anthropic's stream always ends with the usage, in message_delta.
  streamEnd: (_identity, toolCalls, finishReason, usage) =>
    event('content_block_stop', { type: 'content_block_stop', index: 0 }) +
    toolUseEvents(toolCalls) +
    event('message_delta', { type: 'message_delta', delta: { stop_reason: stopReasonOf(finishReason), stop_sequence: null }, usage: { output_tokens: usage.outputTokens } }) +
    event('message_stop', { type: 'message_stop' }),
  streamError: (error) => event('error', errorOf(error).body),
  error: errorOf,
};
