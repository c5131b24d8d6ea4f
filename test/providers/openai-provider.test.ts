import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mapOpenAIFinishReason } from '../../electron/core/providers/openai/map-openai-finish-reason.js';
import { MISSING_OPENAI_KEY_MESSAGE, OpenAIProvider, type OpenAIProviderOptions } from '../../electron/core/providers/openai/openai-provider.js';
import { defaultPricingTablePath, readPricingTable } from '../../electron/core/providers/pricing-table.js';
import { BatonError, ModelCallError } from '../../electron/shared/errors.js';
import type { GenerateRequest, StreamPart } from '../../electron/shared/language-model.js';
import { DEFAULT_OPENAI_TEXT, startFakeOpenAIServer, type FakeCloudServer } from '../support/fake-openai-server.js';
import { closedPortUrl } from '../support/fake-server-common.js';

const pricingTable = readPricingTable(defaultPricingTablePath());
const API_KEY = 'sk-openai-test-key';

let server: FakeCloudServer;

beforeEach(async () => {
  server = await startFakeOpenAIServer();
});

afterEach(async () => {
  await server.close();
});

function makeProvider(overrides: Partial<OpenAIProviderOptions> = {}): OpenAIProvider {
  return new OpenAIProvider({
    apiKey: API_KEY,
    baseURL: `${server.url}/v1`,
    maxRetries: 2,
    timeoutMs: 10_000,
    pricingTable,
    models: ['gpt-4o-mini', 'gpt-4o'],
    ...overrides,
  });
}

async function collect(parts: AsyncIterable<StreamPart>, onPart?: (part: StreamPart) => void): Promise<StreamPart[]> {
  const collected: StreamPart[] = [];
  for await (const part of parts) {
    collected.push(part);
    onPart?.(part);
  }
  return collected;
}

function textOf(parts: StreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
}

function errorOf(parts: StreamPart[]): ModelCallError {
  const last = parts.at(-1);
  if (last?.type !== 'error') throw new Error(`expected a final error part, got ${JSON.stringify(last)}`);
  expect(last.error).toBeInstanceOf(ModelCallError);
  return last.error as ModelCallError;
}

const hello: GenerateRequest = {
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'Say hello.' },
  ],
  maxTokens: 256,
};

describe('OpenAIProvider streaming against the fake Chat Completions API', () => {
  it('sends the exact request and streams text, usage and finish', async () => {
    const model = await makeProvider().languageModel('gpt-4o-mini');
    const parts = await collect(model.stream(hello));

    expect(server.requests).toHaveLength(1);
    const request = server.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Say hello.' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 256,
    });
    expect(request.headers['authorization']).toBe(`Bearer ${API_KEY}`);
    expect(request.headers['openai-organization']).toBeUndefined();

    expect(parts).toEqual([
      { type: 'text-delta', text: 'Hello ' },
      { type: 'text-delta', text: 'from ' },
      { type: 'text-delta', text: 'the ' },
      { type: 'text-delta', text: 'fake ' },
      { type: 'text-delta', text: 'OpenAI ' },
      { type: 'text-delta', text: 'server.' },
      // 'You are terse.' + 'Say hello.' = 24 characters → 6 prompt tokens; 6 words out.
      { type: 'usage', usage: { inputTokens: 6, outputTokens: 6 } },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(textOf(parts)).toBe(DEFAULT_OPENAI_TEXT);
  });

  it('passes temperature and stop sequences, and leaves out an unset max tokens', async () => {
    server.enqueue({ kind: 'text', text: 'Paris is the capital of France.', chunks: 2 });
    const model = await makeProvider().languageModel('gpt-4o');
    const parts = await collect(
      model.stream({
        messages: [
          { role: 'user', content: 'Capital of France?' },
          { role: 'assistant', content: 'Paris.' },
          { role: 'user', content: 'Say it as a sentence.' },
        ],
        temperature: 0.2,
        stopSequences: ['\n\n'],
      }),
    );

    expect(server.requests[0]!.body).toEqual({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'Capital of France?' },
        { role: 'assistant', content: 'Paris.' },
        { role: 'user', content: 'Say it as a sentence.' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      stop: ['\n\n'],
    });
    expect(parts).toEqual([
      { type: 'text-delta', text: 'Paris is the ' },
      { type: 'text-delta', text: 'capital of France.' },
      // 45 characters → 12 prompt tokens; 6 words out.
      { type: 'usage', usage: { inputTokens: 12, outputTokens: 6 } },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('reports an answer cut by the token limit as finish "length"', async () => {
    server.enqueue({ kind: 'text', text: 'This answer was cut', finish: 'length' });
    const model = await makeProvider().languageModel('gpt-4o-mini');
    const parts = await collect(model.stream(hello));
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'length' });
  });

  it('asks for structured output with a strict json_schema response_format and streams the JSON', async () => {
    const schema = {
      type: 'object',
      properties: { answer: { type: 'string' }, confidence: { type: 'number' } },
      required: ['answer', 'confidence'],
      additionalProperties: false,
    };
    const value = { answer: 'Paris', confidence: 0.9 };
    server.enqueue({ kind: 'json', value, chunks: 3 });
    const model = await makeProvider().languageModel('gpt-4o-mini');
    const parts = await collect(model.stream({ messages: [{ role: 'user', content: 'Capital of France, as JSON.' }], responseSchema: schema }));

    expect(server.requests[0]!.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Capital of France, as JSON.' }],
      stream: true,
      stream_options: { include_usage: true },
      response_format: { type: 'json_schema', json_schema: { name: 'response', schema, strict: true } },
    });
    expect(JSON.parse(textOf(parts))).toEqual(value);
    expect(textOf(parts)).toBe('{"answer":"Paris","confidence":0.9}');
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });
});

describe('OpenAIProvider failures', () => {
  it('retries a 429 (honouring retry-after-ms) and then answers', async () => {
    server.enqueue(
      { kind: 'error', status: 429, headers: { 'retry-after-ms': '10' } },
      { kind: 'error', status: 429, headers: { 'retry-after-ms': '10' } },
    );
    const model = await makeProvider({ maxRetries: 2 }).languageModel('gpt-4o-mini');
    const parts = await collect(model.stream(hello));

    expect(server.requests).toHaveLength(3);
    expect(textOf(parts)).toBe(DEFAULT_OPENAI_TEXT);
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('retries a 500 and then answers', async () => {
    server.enqueue({ kind: 'error', status: 500, headers: { 'retry-after-ms': '10' } });
    const model = await makeProvider({ maxRetries: 2 }).languageModel('gpt-4o-mini');
    const parts = await collect(model.stream(hello));

    expect(server.requests).toHaveLength(2);
    expect(textOf(parts)).toBe(DEFAULT_OPENAI_TEXT);
  });

  it('gives a retryable server error once the retries are spent', async () => {
    server.enqueue(
      { kind: 'error', status: 503, headers: { 'retry-after-ms': '10' } },
      { kind: 'error', status: 503, headers: { 'retry-after-ms': '10' } },
    );
    const model = await makeProvider({ maxRetries: 1 }).languageModel('gpt-4o-mini');
    const parts = await collect(model.stream(hello));

    expect(server.requests).toHaveLength(2);
    expect(parts).toHaveLength(1);
    const error = errorOf(parts);
    expect(error.code).toBe('server-error');
    expect(error.retryable).toBe(true);
    expect(error.statusCode).toBe(503);
    expect(error.retryAfterMs).toBe(10);
    expect(error.provider).toBe('openai');
  });

  it('gives a clear, non-retryable authentication error on 401 after one request', async () => {
    server.enqueue({ kind: 'error', status: 401 });
    const model = await makeProvider().languageModel('gpt-4o-mini');
    const parts = await collect(model.stream(hello));

    expect(server.requests).toHaveLength(1);
    const error = errorOf(parts);
    expect(error.code).toBe('authentication');
    expect(error.retryable).toBe(false);
    expect(error.statusCode).toBe(401);
    expect(error.message).toMatch(/^OpenAI rejected the API key \(401: Incorrect API key provided/);
    expect(error.message).toMatch(/Check the key in Settings or OPENAI_API_KEY\.$/);
  });

  it('treats an exhausted quota (429 insufficient_quota) as not worth retrying later', async () => {
    const quotaError = {
      kind: 'error',
      status: 429,
      type: 'insufficient_quota',
      code: 'insufficient_quota',
      message: 'You exceeded your current quota, please check your plan and billing details.',
      headers: { 'retry-after-ms': '10' },
    } as const;
    server.enqueue(quotaError, quotaError);
    const model = await makeProvider({ maxRetries: 1 }).languageModel('gpt-4o-mini');
    const parts = await collect(model.stream(hello));

    // The SDK retries every 429; the mapped error then says that waiting will not help.
    expect(server.requests).toHaveLength(2);
    const error = errorOf(parts);
    expect(error.code).toBe('rate-limited');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/^OpenAI has no quota left for this key/);
  });

  it('turns a stream whose socket drops into a retryable connection error, after the text that came', async () => {
    server.enqueue({ kind: 'drop', afterChunks: 2 });
    const model = await makeProvider().languageModel('gpt-4o-mini');
    const parts = await collect(model.stream(hello));

    expect(server.requests).toHaveLength(1);
    expect(parts.slice(0, 2)).toEqual([
      { type: 'text-delta', text: 'Hello ' },
      { type: 'text-delta', text: 'from ' },
    ]);
    expect(parts).toHaveLength(3);
    const error = errorOf(parts);
    expect(error.code).toBe('connection');
    expect(error.retryable).toBe(true);
  });

  it('maps an error sent inside the stream after the 200', async () => {
    server.enqueue({ kind: 'stream-error', afterChunks: 1, type: 'server_error', message: 'The server had an error.' });
    const model = await makeProvider().languageModel('gpt-4o-mini');
    const parts = await collect(model.stream(hello));

    expect(parts[0]).toEqual({ type: 'text-delta', text: 'Hello ' });
    const error = errorOf(parts);
    expect(error.code).toBe('server-error');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('OpenAI had a server error (The server had an error.).');
  });

  it('gives a connection error when nothing listens at the base URL', async () => {
    const model = await makeProvider({ baseURL: `${await closedPortUrl()}/v1`, maxRetries: 0 }).languageModel('gpt-4o-mini');
    const parts = await collect(model.stream(hello));
    const error = errorOf(parts);
    expect(error.code).toBe('connection');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/ECONNREFUSED/);
  });
});

describe('OpenAIProvider cancellation', () => {
  it('ends with finish "aborted" when the signal aborts mid-stream', async () => {
    server.enqueue({ kind: 'text', text: 'one two three four five', delayMsPerChunk: 150 });
    const model = await makeProvider().languageModel('gpt-4o-mini');
    const controller = new AbortController();
    const parts = await collect(model.stream(hello, controller.signal), (part) => {
      if (part.type === 'text-delta') controller.abort();
    });

    expect(parts).toEqual([
      { type: 'text-delta', text: 'one ' },
      { type: 'finish', reason: 'aborted' },
    ]);
  });

  it('ends with finish "aborted" when the signal aborts while waiting for the answer', async () => {
    server.enqueue({ kind: 'slow', delayMs: 2000 });
    const model = await makeProvider().languageModel('gpt-4o-mini');
    const parts = await collect(model.stream(hello, AbortSignal.timeout(100)));
    expect(parts).toEqual([{ type: 'finish', reason: 'aborted' }]);
  });
});

describe('OpenAIProvider listing', () => {
  it('describes the configured models from the pricing table', async () => {
    const listings = await makeProvider({ models: ['gpt-4o-mini'] }).listModels();
    expect(listings).toEqual([
      {
        id: 'openai:gpt-4o-mini',
        provider: 'openai',
        name: 'gpt-4o-mini',
        displayName: 'GPT-4o mini',
        locality: 'cloud',
        contextWindow: 128000,
        pricing: { inputPerMTok: 0.15, outputPerMTok: 0.6 },
        acceptsImages: true,
        available: true,
      },
    ]);
  });

  it('lists the models as unavailable without a key, and refuses to make one', async () => {
    const provider = makeProvider({ apiKey: undefined });
    const listings = await provider.listModels();
    expect(listings.map((listing) => [listing.id, listing.available, listing.unavailableReason])).toEqual([
      ['openai:gpt-4o-mini', false, 'No OpenAI API key: set OPENAI_API_KEY or add the key in Settings.'],
      ['openai:gpt-4o', false, MISSING_OPENAI_KEY_MESSAGE],
    ]);

    const failure = await provider.languageModel('gpt-4o-mini').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BatonError);
    expect((failure as BatonError).code).toBe('authentication');
    expect(server.requests).toHaveLength(0);
  });
});

describe('mapOpenAIFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['content_filter', 'content-filter'],
    ['tool_calls', 'tool-calls'],
    ['eos', 'stop'],
    [null, 'stop'],
  ] as const)('%s → %s', (reason, expected) => {
    expect(mapOpenAIFinishReason(reason)).toBe(expected);
  });
});
