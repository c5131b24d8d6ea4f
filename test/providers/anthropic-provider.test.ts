import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnthropicProvider, MISSING_ANTHROPIC_KEY_MESSAGE, type AnthropicProviderOptions } from '../../electron/core/providers/anthropic/anthropic-provider.js';
import { mapAnthropicStopReason } from '../../electron/core/providers/anthropic/map-anthropic-stop-reason.js';
import { defaultPricingTablePath, readPricingTable } from '../../electron/core/providers/pricing-table.js';
import { BatonError, ModelCallError } from '../../electron/shared/errors.js';
import type { GenerateRequest, StreamPart } from '../../electron/shared/language-model.js';
import { DEFAULT_ANTHROPIC_TEXT, startFakeAnthropicServer, type FakeCloudServer } from '../support/fake-anthropic-server.js';
import { closedPortUrl } from '../support/fake-server-common.js';

const pricingTable = readPricingTable(defaultPricingTablePath());
const API_KEY = 'sk-ant-test-key';

let server: FakeCloudServer;

beforeEach(async () => {
  server = await startFakeAnthropicServer();
});

afterEach(async () => {
  await server.close();
});

function makeProvider(overrides: Partial<AnthropicProviderOptions> = {}): AnthropicProvider {
  return new AnthropicProvider({
    apiKey: API_KEY,
    baseURL: server.url,
    maxRetries: 2,
    timeoutMs: 10_000,
    pricingTable,
    models: ['claude-haiku-4-5', 'claude-sonnet-4-5'],
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

describe('AnthropicProvider streaming against the fake Messages API', () => {
  it('sends the exact request and streams text, usage and finish', async () => {
    const model = await makeProvider().languageModel('claude-haiku-4-5');
    const parts = await collect(model.stream(hello));

    expect(server.requests).toHaveLength(1);
    const request = server.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/messages');
    expect(request.body).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 256,
      system: 'You are terse.',
      messages: [{ role: 'user', content: 'Say hello.' }],
      stream: true,
    });
    // This SDK generation sends the key as a bearer token.
    expect(request.headers['authorization']).toBe(`Bearer ${API_KEY}`);
    expect(request.headers['anthropic-version']).toBeTypeOf('string');

    expect(parts).toEqual([
      { type: 'text-delta', text: 'Hello ' },
      { type: 'text-delta', text: 'from ' },
      { type: 'text-delta', text: 'the ' },
      { type: 'text-delta', text: 'fake ' },
      { type: 'text-delta', text: 'Anthropic ' },
      { type: 'text-delta', text: 'server.' },
      // 'You are terse.' + 'Say hello.' = 24 characters → 6 input tokens; 6 words out.
      { type: 'usage', usage: { inputTokens: 6, outputTokens: 6 } },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(textOf(parts)).toBe(DEFAULT_ANTHROPIC_TEXT);
  });

  it('joins several system messages, keeps the turns, defaults max_tokens and passes stop sequences', async () => {
    server.enqueue({ kind: 'text', text: 'Paris is the capital of France.', chunks: 2 });
    // claude-haiku-4-5 rather than claude-sonnet-4-5, which the SDK warns about as deprecated.
    const model = await makeProvider().languageModel('claude-haiku-4-5');
    const parts = await collect(
      model.stream({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Capital of France?' },
          { role: 'assistant', content: 'Paris.' },
          { role: 'system', content: 'Answer in one sentence.' },
          { role: 'user', content: 'Say it as a sentence.' },
        ],
        stopSequences: ['\n\n'],
        temperature: 0.2,
      }),
    );

    // temperature is not sent: the API version of this SDK rejects sampling parameters.
    expect(server.requests[0]!.body).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 4096,
      system: 'Be brief.\n\nAnswer in one sentence.',
      messages: [
        { role: 'user', content: 'Capital of France?' },
        { role: 'assistant', content: 'Paris.' },
        { role: 'user', content: 'Say it as a sentence.' },
      ],
      stop_sequences: ['\n\n'],
      stream: true,
    });
    expect(parts.filter((part) => part.type === 'text-delta')).toEqual([
      { type: 'text-delta', text: 'Paris is the ' },
      { type: 'text-delta', text: 'capital of France.' },
    ]);
    expect(parts.slice(-2)).toEqual([
      { type: 'usage', usage: { inputTokens: 20, outputTokens: 6 } },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('reports an answer cut by max_tokens as finish "length"', async () => {
    server.enqueue({ kind: 'text', text: 'This answer was cut', finish: 'length' });
    const model = await makeProvider().languageModel('claude-haiku-4-5');
    const parts = await collect(model.stream(hello));
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'length' });
  });

  it('asks for structured output with output_config and streams the JSON as text', async () => {
    const schema = {
      type: 'object',
      properties: { answer: { type: 'string' }, confidence: { type: 'number' } },
      required: ['answer', 'confidence'],
      additionalProperties: false,
    };
    const value = { answer: 'Paris', confidence: 0.9 };
    server.enqueue({ kind: 'json', value, chunks: 3 });
    const model = await makeProvider().languageModel('claude-haiku-4-5');
    const parts = await collect(model.stream({ messages: [{ role: 'user', content: 'Capital of France, as JSON.' }], responseSchema: schema }));

    expect(server.requests[0]!.body).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 4096,
      messages: [{ role: 'user', content: 'Capital of France, as JSON.' }],
      output_config: { format: { type: 'json_schema', schema } },
      stream: true,
    });
    expect(textOf(parts)).toBe('{"answer":"Paris","confidence":0.9}');
    expect(JSON.parse(textOf(parts))).toEqual(value);
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });
});

describe('AnthropicProvider failures', () => {
  it('retries a 429 (honouring retry-after-ms) and then answers', async () => {
    server.enqueue(
      { kind: 'error', status: 429, headers: { 'retry-after-ms': '10' } },
      { kind: 'error', status: 429, headers: { 'retry-after-ms': '10' } },
    );
    const model = await makeProvider({ maxRetries: 2 }).languageModel('claude-haiku-4-5');
    const parts = await collect(model.stream(hello));

    expect(server.requests).toHaveLength(3);
    expect(textOf(parts)).toBe(DEFAULT_ANTHROPIC_TEXT);
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('retries a 500 and then answers', async () => {
    server.enqueue({ kind: 'error', status: 500, headers: { 'retry-after-ms': '10' } });
    const model = await makeProvider({ maxRetries: 2 }).languageModel('claude-haiku-4-5');
    const parts = await collect(model.stream(hello));

    expect(server.requests).toHaveLength(2);
    expect(textOf(parts)).toBe(DEFAULT_ANTHROPIC_TEXT);
  });

  it('gives a retryable rate-limited error once the retries are spent', async () => {
    server.enqueue(
      { kind: 'error', status: 429, headers: { 'retry-after-ms': '10' } },
      { kind: 'error', status: 429, headers: { 'retry-after-ms': '10' } },
    );
    const model = await makeProvider({ maxRetries: 1 }).languageModel('claude-haiku-4-5');
    const parts = await collect(model.stream(hello));

    expect(server.requests).toHaveLength(2);
    expect(parts).toHaveLength(1);
    const error = errorOf(parts);
    expect(error.code).toBe('rate-limited');
    expect(error.retryable).toBe(true);
    expect(error.statusCode).toBe(429);
    expect(error.retryAfterMs).toBe(10);
    expect(error.provider).toBe('anthropic');
  });

  it('gives a clear, non-retryable authentication error on 401 after one request', async () => {
    server.enqueue({ kind: 'error', status: 401 });
    const model = await makeProvider().languageModel('claude-haiku-4-5');
    const parts = await collect(model.stream(hello));

    expect(server.requests).toHaveLength(1);
    const error = errorOf(parts);
    expect(error.code).toBe('authentication');
    expect(error.retryable).toBe(false);
    expect(error.statusCode).toBe(401);
    expect(error.message).toBe('Anthropic rejected the API key (401: invalid x-api-key). Check the key in Settings or ANTHROPIC_API_KEY.');
  });

  it('turns a stream whose socket drops into a retryable connection error, after the text that came', async () => {
    server.enqueue({ kind: 'drop', afterChunks: 2 });
    const model = await makeProvider().languageModel('claude-haiku-4-5');
    const parts = await collect(model.stream(hello));

    // A dropped stream is not retried by the SDK: the answer had already started.
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

  it('maps an error event inside the stream (overloaded after the 200) by its type', async () => {
    server.enqueue({ kind: 'stream-error', afterChunks: 1, type: 'overloaded_error', message: 'Overloaded' });
    const model = await makeProvider().languageModel('claude-haiku-4-5');
    const parts = await collect(model.stream(hello));

    expect(parts[0]).toEqual({ type: 'text-delta', text: 'Hello ' });
    const error = errorOf(parts);
    expect(error.code).toBe('server-error');
    expect(error.retryable).toBe(true);
    expect(error.statusCode).toBeUndefined();
    expect(error.message).toBe('Anthropic had a server error (Overloaded).');
  });

  it('gives a connection error when nothing listens at the base URL', async () => {
    const model = await makeProvider({ baseURL: await closedPortUrl(), maxRetries: 0 }).languageModel('claude-haiku-4-5');
    const parts = await collect(model.stream(hello));
    const error = errorOf(parts);
    expect(error.code).toBe('connection');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('gives a timeout error when the server does not answer in time', async () => {
    server.enqueue({ kind: 'slow', delayMs: 2000 });
    const model = await makeProvider({ timeoutMs: 100, maxRetries: 0 }).languageModel('claude-haiku-4-5');
    const parts = await collect(model.stream(hello));
    const error = errorOf(parts);
    expect(error.code).toBe('timeout');
    expect(error.retryable).toBe(true);
  });
});

describe('AnthropicProvider cancellation', () => {
  it('ends with finish "aborted" when the signal aborts mid-stream', async () => {
    server.enqueue({ kind: 'text', text: 'one two three four five', delayMsPerChunk: 150 });
    const model = await makeProvider().languageModel('claude-haiku-4-5');
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
    const model = await makeProvider().languageModel('claude-haiku-4-5');
    const parts = await collect(model.stream(hello, AbortSignal.timeout(100)));
    expect(parts).toEqual([{ type: 'finish', reason: 'aborted' }]);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const model = await makeProvider().languageModel('claude-haiku-4-5');
    const parts = await collect(model.stream(hello, AbortSignal.abort()));
    expect(parts).toEqual([{ type: 'finish', reason: 'aborted' }]);
    expect(server.requests).toHaveLength(0);
  });
});

describe('AnthropicProvider listing', () => {
  it('describes the configured models from the pricing table', async () => {
    const listings = await makeProvider({ models: ['claude-haiku-4-5', 'claude-future-9'] }).listModels();
    expect(listings).toEqual([
      {
        id: 'anthropic:claude-haiku-4-5',
        provider: 'anthropic',
        name: 'claude-haiku-4-5',
        displayName: 'Claude Haiku 4.5',
        locality: 'cloud',
        contextWindow: 200000,
        pricing: { inputPerMTok: 1, outputPerMTok: 5 },
        acceptsImages: true,
        available: true,
      },
      {
        id: 'anthropic:claude-future-9',
        provider: 'anthropic',
        name: 'claude-future-9',
        displayName: 'claude-future-9',
        locality: 'cloud',
        contextWindow: 200000,
        pricing: { inputPerMTok: 3, outputPerMTok: 15 },
        acceptsImages: true,
        available: true,
      },
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it('lists the models as unavailable without a key, and refuses to make one', async () => {
    const provider = makeProvider({ apiKey: undefined });
    const listings = await provider.listModels();
    expect(listings.map((listing) => [listing.id, listing.available, listing.unavailableReason])).toEqual([
      ['anthropic:claude-haiku-4-5', false, MISSING_ANTHROPIC_KEY_MESSAGE],
      ['anthropic:claude-sonnet-4-5', false, MISSING_ANTHROPIC_KEY_MESSAGE],
    ]);
    expect(MISSING_ANTHROPIC_KEY_MESSAGE).toBe('No Anthropic API key: set ANTHROPIC_API_KEY or add the key in Settings.');

    const failure = await provider.languageModel('claude-haiku-4-5').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BatonError);
    expect((failure as BatonError).code).toBe('authentication');
    expect(server.requests).toHaveLength(0);
  });
});

describe('mapAnthropicStopReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['refusal', 'content-filter'],
    ['tool_use', 'tool-calls'],
    [null, 'stop'],
  ] as const)('%s → %s', (reason, expected) => {
    expect(mapAnthropicStopReason(reason)).toBe(expected);
  });
});
