import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localityOfBaseUrl } from '../../electron/core/providers/openai-compatible/locality-of-base-url.js';
import {
  COMPATIBLE_LIST_TIMEOUT_MS,
  OpenAICompatibleProvider,
  type OpenAICompatibleProviderOptions,
} from '../../electron/core/providers/openai-compatible/openai-compatible-provider.js';
import { defaultPricingTablePath, readPricingTable } from '../../electron/core/providers/pricing-table.js';
import type { CompatibleServer } from '../../electron/core/settings.js';
import { BatonError, ModelCallError } from '../../electron/shared/errors.js';
import type { StreamPart } from '../../electron/shared/language-model.js';
import { DEFAULT_OPENAI_TEXT, startFakeOpenAIServer, type FakeCloudServer } from '../support/fake-openai-server.js';
import { closedPortUrl } from '../support/fake-server-common.js';

const pricingTable = readPricingTable(defaultPricingTablePath());

let server: FakeCloudServer;

beforeEach(async () => {
  server = await startFakeOpenAIServer({ models: ['llama3.2:latest', 'qwen2.5:0.5b'] });
});

afterEach(async () => {
  await server.close();
});

function ollama(overrides: Partial<CompatibleServer> = {}): CompatibleServer {
  return { name: 'ollama', baseUrl: `${server.url}/v1`, models: [], ...overrides };
}

function makeProvider(servers: CompatibleServer[], overrides: Partial<OpenAICompatibleProviderOptions> = {}): OpenAICompatibleProvider {
  return new OpenAICompatibleProvider({ servers, maxRetries: 2, timeoutMs: 10_000, pricingTable, ...overrides });
}

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const collected: StreamPart[] = [];
  for await (const part of parts) collected.push(part);
  return collected;
}

function textOf(parts: StreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
}

/** A TCP server that accepts connections and never answers, like a hung model server. */
async function startSilentServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
  const { port } = silent.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        silent.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

describe('OpenAICompatibleProvider listing', () => {
  it("lists what the server's /models offers, plus configured models it does not offer as unavailable", async () => {
    const provider = makeProvider([ollama({ models: ['llama3.2:latest', 'phi4'] })]);
    const listings = await provider.listModels();

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.method).toBe('GET');
    expect(server.requests[0]!.path).toBe('/v1/models');
    // A server without a configured key gets no Authorization header at all.
    expect(server.requests[0]!.headers['authorization']).toBeUndefined();

    expect(listings).toEqual([
      {
        id: 'compatible:ollama/llama3.2:latest',
        provider: 'compatible',
        name: 'ollama/llama3.2:latest',
        displayName: 'llama3.2:latest (ollama)',
        locality: 'private-network',
        contextWindow: 8192,
        pricing: { inputPerMTok: 0, outputPerMTok: 0 },
        available: true,
      },
      {
        id: 'compatible:ollama/qwen2.5:0.5b',
        provider: 'compatible',
        name: 'ollama/qwen2.5:0.5b',
        displayName: 'qwen2.5:0.5b (ollama)',
        locality: 'private-network',
        contextWindow: 8192,
        pricing: { inputPerMTok: 0, outputPerMTok: 0 },
        available: true,
      },
      {
        id: 'compatible:ollama/phi4',
        provider: 'compatible',
        name: 'ollama/phi4',
        displayName: 'phi4 (ollama)',
        locality: 'private-network',
        contextWindow: 8192,
        pricing: { inputPerMTok: 0, outputPerMTok: 0 },
        available: false,
        unavailableReason: `The server ollama (${server.url}/v1) does not offer the model phi4.`,
      },
    ]);
  });

  it('marks the configured models of an unreachable server unavailable, and still lists the reachable one', async () => {
    const deadUrl = `${await closedPortUrl()}/v1`;
    const provider = makeProvider([ollama(), { name: 'lmstudio', baseUrl: deadUrl, models: ['mistral-7b'] }]);
    const listings = await provider.listModels();

    expect(listings.map((listing) => [listing.id, listing.available])).toEqual([
      ['compatible:ollama/llama3.2:latest', true],
      ['compatible:ollama/qwen2.5:0.5b', true],
      ['compatible:lmstudio/mistral-7b', false],
    ]);
    const dead = listings[2]!;
    expect(dead.locality).toBe('private-network');
    expect(dead.unavailableReason).toMatch(new RegExp(`^The connection to the server lmstudio \\(${deadUrl.replaceAll('.', '\\.')}\\) failed \\(.*ECONNREFUSED`));
  });

  it('gives up on a server that does not answer /models within the list timeout', async () => {
    expect(COMPATIBLE_LIST_TIMEOUT_MS).toBe(2000);
    const silent = await startSilentServer();
    try {
      const provider = makeProvider([{ name: 'hung', baseUrl: `${silent.url}/v1`, models: ['llama3'] }], { listTimeoutMs: 200 });
      const started = Date.now();
      const listings = await provider.listModels();
      expect(Date.now() - started).toBeLessThan(1500);
      expect(listings).toHaveLength(1);
      expect(listings[0]!.available).toBe(false);
      expect(listings[0]!.unavailableReason).toMatch(/^The server hung .* did not answer in time/);
    } finally {
      await silent.close();
    }
  });
});

describe('OpenAICompatibleProvider models', () => {
  it('streams through the server with max_tokens and no Authorization header', async () => {
    const model = await makeProvider([ollama()]).languageModel('ollama/llama3.2:latest');
    expect(model.id).toBe('compatible:ollama/llama3.2:latest');
    expect(model.locality).toBe('private-network');

    const parts = await collect(
      model.stream({
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'user', content: 'Say hello.' },
        ],
        maxTokens: 128,
      }),
    );

    expect(server.requests).toHaveLength(1);
    const request = server.requests[0]!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers['authorization']).toBeUndefined();
    expect(request.body).toEqual({
      model: 'llama3.2:latest',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Say hello.' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 128,
    });
    expect(textOf(parts)).toBe(DEFAULT_OPENAI_TEXT);
    expect(parts.slice(-2)).toEqual([
      { type: 'usage', usage: { inputTokens: 6, outputTokens: 6 } },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it("sends a configured key and names the server in its errors", async () => {
    server.enqueue({ kind: 'error', status: 401, message: 'Invalid API Key' });
    const model = await makeProvider([ollama({ name: 'vllm', apiKey: 'local-secret' })]).languageModel('vllm/qwen2.5:0.5b');
    const parts = await collect(model.stream({ messages: [{ role: 'user', content: 'Hi' }] }));

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers['authorization']).toBe('Bearer local-secret');
    const last = parts.at(-1);
    if (last?.type !== 'error') throw new Error(`expected an error part, got ${JSON.stringify(last)}`);
    expect(last.error).toBeInstanceOf(ModelCallError);
    const error = last.error as ModelCallError;
    expect(error.provider).toBe('compatible');
    expect(error.code).toBe('authentication');
    expect(error.message).toBe(`The server vllm (${server.url}/v1) rejected the API key (401: Invalid API Key). Check the key in the settings of the server vllm.`);
  });

  it('rejects an unknown server and a missing model name', async () => {
    const provider = makeProvider([ollama()]);
    const unknown = await provider.languageModel('lmstudio/llama3').catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(BatonError);
    expect((unknown as BatonError).code).toBe('model-not-found');
    expect((unknown as BatonError).message).toContain('Configured servers: ollama.');

    const noModel = await provider.languageModel('ollama').catch((error: unknown) => error);
    expect((noModel as BatonError).code).toBe('invalid-request');
  });

  it('refuses two servers with the same name', () => {
    expect(() => makeProvider([ollama(), ollama()])).toThrow(BatonError);
  });

  it('treats a server on a public host as cloud, not private network', async () => {
    const provider = makeProvider([{ name: 'gateway', baseUrl: 'https://llm.example.com/v1', models: [] }]);
    const model = await provider.languageModel('gateway/some-model');
    expect(model.locality).toBe('cloud');
  });
});

describe('localityOfBaseUrl', () => {
  it.each([
    ['http://127.0.0.1:11434/v1', 'private-network'],
    ['http://localhost:1234/v1', 'private-network'],
    ['http://[::1]:8080/v1', 'private-network'],
    ['http://192.168.1.20:8000/v1', 'private-network'],
    ['http://10.0.0.5/v1', 'private-network'],
    ['http://172.20.0.2:8000/v1', 'private-network'],
    ['http://100.101.102.103:11434/v1', 'private-network'],
    ['http://[fd12:3456::1]:8000/v1', 'private-network'],
    ['http://gpu-box:8000/v1', 'private-network'],
    ['http://studio.local:1234/v1', 'private-network'],
    ['https://api.together.xyz/v1', 'cloud'],
    ['https://openrouter.ai/api/v1', 'cloud'],
    ['http://8.8.8.8/v1', 'cloud'],
    ['http://172.32.0.1/v1', 'cloud'],
  ] as const)('%s → %s', (url, expected) => {
    expect(localityOfBaseUrl(url)).toBe(expected);
  });
});
