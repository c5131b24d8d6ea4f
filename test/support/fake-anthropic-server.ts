import {
  answerTextOf,
  answerVendorNeutral,
  countWords,
  deltasOf,
  toolCallsOf,
  fakeTokenCount,
  idMaker,
  pause,
  sendJson,
  serverSentEvent,
  startEventStream,
  startFakeServer,
  writeAndFlush,
  type FakeBehaviour,
  type FakeCloudServer,
  type FakeExchange,
  type FakeServerOptions,
} from './fake-server-common.js';

export type { FakeBehaviour, FakeCloudServer, RecordedRequest } from './fake-server-common.js';

export const DEFAULT_ANTHROPIC_TEXT = 'Hello from the fake Anthropic server.';

/** Anthropic's error type for each status, as the Messages API sends it. */
const errorTypes: Record<number, { type: string; message: string }> = {
  400: { type: 'invalid_request_error', message: 'messages: field required' },
  401: { type: 'authentication_error', message: 'invalid x-api-key' },
  403: { type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' },
  404: { type: 'not_found_error', message: 'model: not found' },
  413: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' },
  429: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit.' },
  500: { type: 'api_error', message: 'Internal server error' },
  529: { type: 'overloaded_error', message: 'Overloaded' },
};

/**
 * A fake of the Anthropic Messages API (POST /v1/messages, GET /v1/models) on 127.0.0.1 that speaks the real wire
 * format: JSON for plain calls, and for `stream: true` the SSE events message_start,
 * content_block_start, ping, content_block_delta, content_block_stop, message_delta, message_stop.
 * Usage: input tokens = ceil(characters of system + message text / 4), output tokens = words.
 */
export function startFakeAnthropicServer(options: FakeServerOptions = {}): Promise<FakeCloudServer> {
  const nextMessageId = idMaker('msg_fake');
  const nextRequestId = idMaker('req_fake');

  return startFakeServer(async (exchange) => {
    const { recorded, response } = exchange;
    const requestId = nextRequestId();
    const path = recorded.path.split('?')[0];
    // The API takes the key as x-api-key; this SDK sends it as a bearer token.
    if (options.apiKey !== undefined && recorded.headers['x-api-key'] !== options.apiKey && recorded.headers.authorization !== `Bearer ${options.apiKey}`) {
      const refused = errorTypes[401]!;
      sendJson(response, 401, errorBody(refused.type, refused.message, requestId), { 'request-id': requestId });
      return;
    }
    if (recorded.method === 'GET' && path === '/v1/models') {
      const data = [{ type: 'model', id: 'claude-haiku-4-5', display_name: 'Claude Haiku 4.5', created_at: '2025-10-01T00:00:00Z' }];
      sendJson(response, 200, { data, has_more: false, first_id: data[0]!.id, last_id: data[0]!.id }, { 'request-id': requestId });
      return;
    }
    if (recorded.method !== 'POST' || path !== '/v1/messages') {
      sendJson(response, 404, errorBody('not_found_error', `Not found: ${recorded.method} ${recorded.path}`, requestId), { 'request-id': requestId });
      return;
    }
    const behaviour = exchange.nextBehaviour() ?? { kind: 'text', text: DEFAULT_ANTHROPIC_TEXT };
    const body = (recorded.body ?? {}) as MessagesRequestBody;
    await answer(exchange, behaviour, body, nextMessageId(), requestId);
  }, options);
}

interface MessagesRequestBody {
  model?: string;
  system?: string | Array<{ text?: string }>;
  messages?: Array<{ content?: string | Array<{ text?: string }> }>;
  stream?: boolean;
}

async function answer(exchange: FakeExchange, behaviour: FakeBehaviour, body: MessagesRequestBody, messageId: string, requestId: string): Promise<void> {
  const { response, clientGone } = exchange;
  if (answerVendorNeutral(exchange, behaviour)) return;
  if (behaviour.kind === 'error') {
    const known = errorTypes[behaviour.status] ?? { type: behaviour.status >= 500 ? 'api_error' : 'invalid_request_error', message: 'Error' };
    sendJson(response, behaviour.status, errorBody(behaviour.type ?? known.type, behaviour.message ?? known.message, requestId), {
      'request-id': requestId,
      ...behaviour.headers,
    });
    return;
  }
  if (behaviour.kind === 'slow') await pause(behaviour.delayMs, clientGone);
  if (clientGone.aborted) return;

  const text = answerTextOf(behaviour, DEFAULT_ANTHROPIC_TEXT);
  const model = body.model ?? 'claude-fake';
  const inputTokens = inputTokensOf(body);
  const outputTokens = countWords(text);
  const toolCalls = toolCallsOf(behaviour);
  const stopReason = toolCalls.length > 0 ? 'tool_use' : behaviour.kind === 'text' && behaviour.finish === 'length' ? 'max_tokens' : 'end_turn';

  if (!body.stream) {
    if (behaviour.kind === 'drop') {
      response.socket?.destroy();
      return;
    }
    // Without a stream there is no "after the 200": the same failure comes as a plain 500.
    if (behaviour.kind === 'stream-error') {
      sendJson(response, 500, errorBody(behaviour.type, behaviour.message ?? 'Overloaded', requestId), { 'request-id': requestId });
      return;
    }
    sendJson(
      response,
      200,
      {
        id: messageId,
        type: 'message',
        role: 'assistant',
        model,
        content: [{ type: 'text', text }, ...toolCalls.map((call) => ({ type: 'tool_use', id: call.id, name: call.name, input: JSON.parse(call.arguments) as unknown }))],
        stop_reason: stopReason,
        stop_sequence: null,
        usage: usageBlock(inputTokens, outputTokens),
      },
      { 'request-id': requestId },
    );
    return;
  }

  const chunks = deltasOf(behaviour, text);
  const delayMs = behaviour.kind === 'text' || behaviour.kind === 'json' || behaviour.kind === 'drop' ? (behaviour.delayMsPerChunk ?? 0) : 0;
  startEventStream(response, { 'request-id': requestId });
  await writeAndFlush(
    response,
    serverSentEvent(
      {
        type: 'message_start',
        message: {
          id: messageId,
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: usageBlock(inputTokens, 1),
        },
      },
      'message_start',
    ) +
      serverSentEvent({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start') +
      serverSentEvent({ type: 'ping' }, 'ping'),
  );

  const chunksToSend = behaviour.kind === 'drop' || behaviour.kind === 'stream-error' ? chunks.slice(0, behaviour.afterChunks) : chunks;
  for (const chunk of chunksToSend) {
    await pause(delayMs, clientGone);
    if (clientGone.aborted) return;
    await writeAndFlush(response, serverSentEvent({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: chunk } }, 'content_block_delta'));
  }

  if (behaviour.kind === 'stream-error') {
    // Anthropic reports a failure after the 200 (e.g. overloaded_error) as an `error` event.
    await writeAndFlush(response, serverSentEvent(errorBody(behaviour.type, behaviour.message ?? 'Overloaded', requestId), 'error'));
    response.end();
    return;
  }

  if (behaviour.kind === 'drop') {
    // Give the client a moment to read what was sent, then cut the connection without ending the
    // chunked body, the way a dropped network connection looks to the SDK.
    await pause(20, clientGone);
    response.socket?.destroy();
    return;
  }

  let toolUse = '';
  for (const [position, call] of toolCalls.entries()) {
    const index = position + 1;
    toolUse +=
      serverSentEvent({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } }, 'content_block_start') +
      call.pieces.map((piece) => serverSentEvent({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } }, 'content_block_delta')).join('') +
      serverSentEvent({ type: 'content_block_stop', index }, 'content_block_stop');
  }
  await writeAndFlush(
    response,
    serverSentEvent({ type: 'content_block_stop', index: 0 }, 'content_block_stop') +
      toolUse +
      serverSentEvent(
        {
          type: 'message_delta',
          delta: { stop_reason: stopReason, stop_sequence: null },
          usage: { output_tokens: outputTokens },
        },
        'message_delta',
      ) +
      serverSentEvent({ type: 'message_stop' }, 'message_stop'),
  );
  response.end();
}

function errorBody(type: string, message: string, requestId: string): unknown {
  return { type: 'error', error: { type, message }, request_id: requestId };
}

function usageBlock(inputTokens: number, outputTokens: number): Record<string, unknown> {
  return {
    input_tokens: inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

/** The fake's deterministic input token count of a Messages request. */
export function anthropicInputTokensOf(body: unknown): number {
  return inputTokensOf((body ?? {}) as MessagesRequestBody);
}

function inputTokensOf(body: MessagesRequestBody): number {
  const pieces: string[] = [];
  const addContent = (content: string | Array<{ text?: string }> | undefined): void => {
    if (typeof content === 'string') pieces.push(content);
    else for (const block of content ?? []) pieces.push(block.text ?? '');
  };
  addContent(body.system);
  for (const message of body.messages ?? []) addContent(message.content);
  return fakeTokenCount(pieces.join(''));
}
