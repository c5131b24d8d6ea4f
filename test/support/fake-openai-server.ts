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

export const DEFAULT_OPENAI_TEXT = 'Hello from the fake OpenAI server.';

/** A fixed creation time keeps recorded answers identical from run to run. */
const CREATED = 1_700_000_000;

/** OpenAI's error shape for each status, as the Chat Completions API sends it. */
const errorShapes: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: "Invalid value for 'messages'." },
  401: {
    type: 'invalid_request_error',
    code: 'invalid_api_key',
    message: 'Incorrect API key provided: sk-fake***. You can find your API key at https://platform.openai.com/account/api-keys.',
  },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory', message: 'Country, region, or territory not supported' },
  404: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist or you do not have access to it.' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests. Please try again in 10ms.' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request. Sorry about that!' },
  503: { type: 'server_error', code: null, message: 'The engine is currently overloaded, please try again later.' },
};

export interface FakeOpenAIServerOptions extends FakeServerOptions {
  /** What GET /v1/models lists; default gpt-4o-mini and gpt-4o. */
  models?: string[];
}

/**
 * A fake of the OpenAI Chat Completions API (POST /v1/chat/completions, GET /v1/models) on
 * 127.0.0.1 that speaks the real wire format: a chat.completion for plain calls, and for
 * `stream: true` chat.completion.chunk events, a usage chunk when stream_options.include_usage is
 * set, and `data: [DONE]`. Usage: prompt tokens = ceil(characters of message text / 4),
 * completion tokens = words. Also stands in for OpenAI-compatible servers (Ollama, vLLM, ...).
 */
export function startFakeOpenAIServer(options: FakeOpenAIServerOptions = {}): Promise<FakeCloudServer> {
  const models = options.models ?? ['gpt-4o-mini', 'gpt-4o'];
  const nextCompletionId = idMaker('chatcmpl-fake');
  const nextRequestId = idMaker('req_fake');

  return startFakeServer(async (exchange) => {
    const { recorded, response } = exchange;
    const requestId = nextRequestId();
    const path = recorded.path.split('?')[0];
    if (options.apiKey !== undefined && recorded.headers.authorization !== `Bearer ${options.apiKey}`) {
      const refused = errorShapes[401]!;
      sendJson(response, 401, errorBody(refused.type, refused.code, refused.message), { 'x-request-id': requestId });
      return;
    }
    if (recorded.method === 'GET' && path === '/v1/models') {
      sendJson(
        response,
        200,
        { object: 'list', data: models.map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'fake' })) },
        { 'x-request-id': requestId },
      );
      return;
    }
    if (recorded.method !== 'POST' || path !== '/v1/chat/completions') {
      sendJson(response, 404, errorBody('invalid_request_error', 'unknown_url', `Unknown request URL: ${recorded.method} ${recorded.path}.`), {
        'x-request-id': requestId,
      });
      return;
    }
    const behaviour = exchange.nextBehaviour() ?? { kind: 'text', text: DEFAULT_OPENAI_TEXT };
    await answer(exchange, behaviour, (recorded.body ?? {}) as ChatRequestBody, nextCompletionId(), requestId);
  }, options);
}

interface ChatRequestBody {
  model?: string;
  messages?: Array<{ content?: string | Array<{ text?: string }> }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
}

async function answer(exchange: FakeExchange, behaviour: FakeBehaviour, body: ChatRequestBody, completionId: string, requestId: string): Promise<void> {
  const { response, clientGone } = exchange;
  if (answerVendorNeutral(exchange, behaviour)) return;
  if (behaviour.kind === 'error') {
    const known = errorShapes[behaviour.status] ?? { type: behaviour.status >= 500 ? 'server_error' : 'invalid_request_error', code: null, message: 'Error' };
    sendJson(response, behaviour.status, errorBody(behaviour.type ?? known.type, behaviour.code ?? known.code, behaviour.message ?? known.message), {
      'x-request-id': requestId,
      ...behaviour.headers,
    });
    return;
  }
  if (behaviour.kind === 'slow') await pause(behaviour.delayMs, clientGone);
  if (clientGone.aborted) return;

  const text = answerTextOf(behaviour, DEFAULT_OPENAI_TEXT);
  const model = body.model ?? 'gpt-fake';
  const promptTokens = openAIPromptTokensOf(body);
  const completionTokens = countWords(text);
  const toolCalls = toolCallsOf(behaviour);
  const finishReason = toolCalls.length > 0 ? 'tool_calls' : behaviour.kind === 'text' && behaviour.finish === 'length' ? 'length' : 'stop';
  const openAIToolCalls = toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };

  if (!body.stream) {
    if (behaviour.kind === 'drop') {
      response.socket?.destroy();
      return;
    }
    // Without a stream there is no "after the 200": the same failure comes as a plain 500.
    if (behaviour.kind === 'stream-error') {
      sendJson(response, 500, errorBody(behaviour.type, null, behaviour.message ?? 'The server had an error while processing your request.'), { 'x-request-id': requestId });
      return;
    }
    sendJson(
      response,
      200,
      {
        id: completionId,
        object: 'chat.completion',
        created: CREATED,
        model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: text, refusal: null, annotations: [], ...(toolCalls.length > 0 ? { tool_calls: openAIToolCalls } : {}) },
            logprobs: null,
            finish_reason: finishReason,
          },
        ],
        usage,
        service_tier: 'default',
        system_fingerprint: 'fp_fake',
      },
      { 'x-request-id': requestId },
    );
    return;
  }

  const includeUsage = body.stream_options?.include_usage === true;
  const chunkOf = (delta: Record<string, unknown>, finish: string | null): unknown => ({
    id: completionId,
    object: 'chat.completion.chunk',
    created: CREATED,
    model,
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    // With include_usage every chunk carries `usage: null` until the last one, as OpenAI does.
    ...(includeUsage ? { usage: null } : {}),
  });

  const chunks = deltasOf(behaviour, text);
  const delayMs = behaviour.kind === 'text' || behaviour.kind === 'json' || behaviour.kind === 'drop' ? (behaviour.delayMsPerChunk ?? 0) : 0;
  startEventStream(response, { 'x-request-id': requestId });
  await writeAndFlush(response, serverSentEvent(chunkOf({ role: 'assistant', content: '', refusal: null }, null)));

  const chunksToSend = behaviour.kind === 'drop' || behaviour.kind === 'stream-error' ? chunks.slice(0, behaviour.afterChunks) : chunks;
  for (const chunk of chunksToSend) {
    await pause(delayMs, clientGone);
    if (clientGone.aborted) return;
    await writeAndFlush(response, serverSentEvent(chunkOf({ content: chunk }, null)));
  }

  if (behaviour.kind === 'stream-error') {
    // OpenAI reports a failure after the 200 as a data event holding an `error` object.
    await writeAndFlush(response, serverSentEvent(errorBody(behaviour.type, null, behaviour.message ?? 'The server had an error while processing your request.')));
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

  for (const [index, call] of toolCalls.entries()) {
    await writeAndFlush(
      response,
      serverSentEvent(chunkOf({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: call.pieces[0] } }] }, null)),
    );
    await writeAndFlush(response, serverSentEvent(chunkOf({ tool_calls: [{ index, function: { arguments: call.pieces[1] } }] }, null)));
  }

  let tail = serverSentEvent(chunkOf({}, finishReason));
  if (includeUsage) {
    tail += serverSentEvent({
      id: completionId,
      object: 'chat.completion.chunk',
      created: CREATED,
      model,
      service_tier: 'default',
      system_fingerprint: 'fp_fake',
      choices: [],
      usage,
    });
  }
  tail += serverSentEvent('[DONE]');
  await writeAndFlush(response, tail);
  response.end();
}

function errorBody(type: string, code: string | null, message: string): unknown {
  return { error: { message, type, param: null, code } };
}

/** The fake's deterministic prompt token count of a Chat Completions request. */
export function openAIPromptTokensOf(body: unknown): number {
  const pieces: string[] = [];
  for (const message of (body as ChatRequestBody | undefined)?.messages ?? []) {
    if (typeof message.content === 'string') pieces.push(message.content);
    else for (const part of message.content ?? []) pieces.push(part.text ?? '');
  }
  return fakeTokenCount(pieces.join(''));
}
