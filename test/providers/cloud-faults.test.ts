import { afterEach, describe, expect, it } from 'vitest';
import { AnthropicProvider } from '../../electron/core/providers/anthropic/anthropic-provider.js';
import { OpenAIProvider } from '../../electron/core/providers/openai/openai-provider.js';
import { defaultPricingTablePath, readPricingTable } from '../../electron/core/providers/pricing-table.js';
import { ModelCallError } from '../../electron/shared/errors.js';
import type { LanguageModel, StreamPart } from '../../electron/shared/language-model.js';
import { DEFAULT_ANTHROPIC_TEXT, startFakeAnthropicServer } from '../support/fake-anthropic-server.js';
import { DEFAULT_OPENAI_TEXT, startFakeOpenAIServer } from '../support/fake-openai-server.js';
import type { FakeCloudServer } from '../support/fake-server-common.js';

/**
 * The faults of the soak (issue 15, part 7), one at a time, through the real SDKs with their
 * retries on (maxRetries 2): what each provider makes of a dropped connection, an HTML page, a
 * 429 with a short and a long Retry-After, and a slow stream cut mid-way.
 */
const pricingTable = readPricingTable(defaultPricingTablePath());

interface Vendor {
  name: string;
  start: () => Promise<FakeCloudServer>;
  model: (server: FakeCloudServer) => Promise<LanguageModel>;
  defaultText: string;
}

const vendors: Vendor[] = [
  {
    name: 'Anthropic',
    start: () => startFakeAnthropicServer(),
    model: (server) =>
      new AnthropicProvider({ apiKey: 'test-key', baseURL: server.url, maxRetries: 2, timeoutMs: 10_000, pricingTable, models: ['claude-haiku-4-5'] }).languageModel(
        'claude-haiku-4-5',
      ),
    defaultText: DEFAULT_ANTHROPIC_TEXT,
  },
  {
    name: 'OpenAI',
    start: () => startFakeOpenAIServer(),
    model: (server) =>
      new OpenAIProvider({ apiKey: 'test-key', baseURL: `${server.url}/v1`, maxRetries: 2, timeoutMs: 10_000, pricingTable, models: ['gpt-4o-mini'] }).languageModel(
        'gpt-4o-mini',
      ),
    defaultText: DEFAULT_OPENAI_TEXT,
  },
];

let server: FakeCloudServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function streamOnce(model: LanguageModel): Promise<{ parts: StreamPart[]; text: string; error: ModelCallError | undefined; ms: number }> {
  const started = performance.now();
  const parts: StreamPart[] = [];
  for await (const part of model.stream({ messages: [{ role: 'user', content: 'Hello' }] }, AbortSignal.timeout(8_000))) parts.push(part);
  const last = parts.at(-1);
  return {
    parts,
    text: parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join(''),
    error: last?.type === 'error' ? (last.error as ModelCallError) : undefined,
    ms: performance.now() - started,
  };
}

describe.each(vendors)('$name under the soak faults', (vendor) => {
  it('a connection dropped before the answer is retried by the SDK, and the retry answers', async () => {
    server = await vendor.start();
    server.enqueue({ kind: 'reset' });
    const result = await streamOnce(await vendor.model(server));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(vendor.defaultText);
    expect(server.requests).toHaveLength(2);
  });

  it("a proxy's 502 HTML page is retried by the SDK, and the retry answers", async () => {
    server = await vendor.start();
    server.enqueue({ kind: 'html', status: 502 });
    const result = await streamOnce(await vendor.model(server));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(vendor.defaultText);
    expect(server.requests).toHaveLength(2);
  });

  it('an HTML page with status 200 (a network sign-in page) is named as such, not as a cut connection, and not asked for again', async () => {
    server = await vendor.start();
    server.enqueue({ kind: 'html', status: 200 });
    const result = await streamOnce(await vendor.model(server));
    expect(result.text).toBe('');
    expect(result.error).toBeInstanceOf(ModelCallError);
    expect(result.error).toMatchObject({
      code: 'connection',
      retryable: false,
      statusCode: 200,
      message: `${vendor.name} answered with a web page instead of its API's stream: a network sign-in page or a proxy may be in the way. Open a web page in a browser to check, or try another network.`,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('a 429 with a short Retry-After (1 s) is waited out by the SDK, and the retry answers', async () => {
    server = await vendor.start();
    server.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '1' } });
    const result = await streamOnce(await vendor.model(server));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(vendor.defaultText);
    expect(server.requests).toHaveLength(2);
    expect(result.ms).toBeGreaterThanOrEqual(900);
  });

  it('a 429 with Retry-After 3600 is not waited for: the error comes at once, with when the limit lifts', async () => {
    server = await vendor.start();
    server.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '3600' } });
    const result = await streamOnce(await vendor.model(server));
    expect(result.error).toMatchObject({ code: 'rate-limited', statusCode: 429, retryAfterMs: 3_600_000 });
    // The SDKs slept an hour here before (the soak's stuck runs); now one request and no wait.
    expect(server.requests).toHaveLength(1);
    expect(result.ms).toBeLessThan(2_000);
  });

  it('a slow stream cut mid-way keeps the text it sent and ends with a connection error', async () => {
    server = await vendor.start();
    server.enqueue({ kind: 'drop', afterChunks: 2, delayMsPerChunk: 100, text: 'One two three four five.' });
    const result = await streamOnce(await vendor.model(server));
    expect(result.text).toBe('One two ');
    expect(result.error).toMatchObject({ code: 'connection', message: `The connection to ${vendor.name} failed (the connection closed before the answer was complete).` });
    expect(server.requests).toHaveLength(1);
  });
});
