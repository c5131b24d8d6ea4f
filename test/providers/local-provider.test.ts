import { afterAll, describe, expect, it } from 'vitest';
import type { StreamPart } from '../../electron/shared/language-model.js';
import { LocalProvider } from '../../electron/core/providers/local-llama/local-provider.js';
import { storiesModelPath, testLocalSettings } from '../support/local-model-fixture.js';

async function collect(stream: AsyncIterable<StreamPart>): Promise<{ text: string; parts: StreamPart[] }> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  const text = parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
  return { text, parts };
}

const files = async () => [{ id: 'stories260K', path: storiesModelPath }];

describe('local provider on stories260K', () => {
  const provider = new LocalProvider({ ...testLocalSettings, listModelFiles: files });
  afterAll(() => provider.dispose());

  it('lists the file with its context window without loading it', async () => {
    const listing = await provider.listModels();
    expect(listing).toEqual([
      {
        id: 'local:stories260K',
        provider: 'local',
        name: 'stories260K',
        displayName: 'stories260K.gguf',
        locality: 'on-device',
        pricing: { inputPerMTok: 0, outputPerMTok: 0 },
        contextWindow: 512,
        available: true,
      },
    ]);
    expect(provider.isLoaded(storiesModelPath)).toBe(false);
  });

  it('loads on the CPU with a fallback chat template and streams text', async () => {
    const model = await provider.languageModel('stories260K');
    expect(model.contextWindow).toBe(512);
    const [info] = await provider.loadedModels();
    expect(info).toMatchObject({ backend: 'cpu', gpuLayers: 0, threads: 1, sequences: 2, contextSize: 512 });
    // stories260K has no chat template of its own; the fallback is the template of its
    // architecture (llama), as node-llama-cpp infers it.
    expect(info?.chatTemplate).toBe('Llama2Chat');

    const { text, parts } = await collect(model.stream({ messages: [{ role: 'user', content: 'Once upon a time' }], maxTokens: 24 }));
    const deltas = parts.filter((part) => part.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(text.trim().length).toBeGreaterThan(0);
    const usage = parts.find((part) => part.type === 'usage');
    expect(usage).toEqual({ type: 'usage', usage: { inputTokens: expect.any(Number), outputTokens: 24 } });
    expect(usage?.type === 'usage' && usage.usage.inputTokens).toBeGreaterThan(5);
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'length' });
  });

  it('is deterministic at temperature 0', async () => {
    const model = await provider.languageModel('stories260K');
    const request = { messages: [{ role: 'user' as const, content: 'Lily and the dog' }], maxTokens: 16 };
    const first = await collect(model.stream(request));
    const second = await collect(model.stream(request));
    expect(second.text).toBe(first.text);
  });

  it('honours max tokens exactly', async () => {
    const model = await provider.languageModel('stories260K');
    for (const maxTokens of [1, 7]) {
      const { parts } = await collect(model.stream({ messages: [{ role: 'user', content: 'Tom went' }], maxTokens }));
      expect(parts.find((part) => part.type === 'usage')).toMatchObject({ usage: { outputTokens: maxTokens } });
      expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'length' });
    }
  });

  it('stops on abort and reports it as the finish reason', async () => {
    const model = await provider.languageModel('stories260K');
    const controller = new AbortController();
    const parts: StreamPart[] = [];
    for await (const part of model.stream({ messages: [{ role: 'user', content: 'A long story' }], maxTokens: 400 }, controller.signal)) {
      parts.push(part);
      if (part.type === 'text-delta' && parts.length === 3) controller.abort();
    }
    const generated = parts.filter((part) => part.type === 'text-delta').length;
    expect(generated).toBeLessThan(50);
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'aborted' });
  });

  it('an already aborted signal generates nothing', async () => {
    const model = await provider.languageModel('stories260K');
    const { parts } = await collect(model.stream({ messages: [{ role: 'user', content: 'Hi' }] }, AbortSignal.abort()));
    expect(parts).toEqual([{ type: 'finish', reason: 'aborted' }]);
  });

  it('serves two concurrent requests on sequences of one context', async () => {
    const model = await provider.languageModel('stories260K');
    const [info] = await provider.loadedModels();
    const request = (content: string) => collect(model.stream({ messages: [{ role: 'user', content }], maxTokens: 32 }));
    const alone = await request('The cat sat');
    const [first, second] = await Promise.all([request('The cat sat'), request('The big red ball')]);
    // Batched decoding gives each sequence the same answer it gets alone.
    expect(first.text).toBe(alone.text);
    expect(second.text.length).toBeGreaterThan(0);
    expect(second.text).not.toBe(first.text);
    const loaded = await provider.loadedModels();
    expect(loaded).toHaveLength(1);
    expect(loaded[0]?.contextSize).toBe(info?.contextSize);
    expect(loaded[0]?.peakConcurrentRequests).toBe(2);
  });

  it('produces JSON that follows a schema through a grammar', async () => {
    const model = await provider.languageModel('stories260K');
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, age: { type: 'number' } },
      required: ['name', 'age'],
      additionalProperties: false,
    };
    const { text } = await collect(
      model.stream({ messages: [{ role: 'user', content: 'Give me a person' }], maxTokens: 64, responseSchema: schema }),
    );
    const value = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(value).sort()).toEqual(['age', 'name']);
    expect(typeof value.name).toBe('string');
    expect(typeof value.age).toBe('number');
  });

  it('names a missing model and lists what is downloaded', async () => {
    await expect(provider.languageModel('llama-70b')).rejects.toMatchObject({
      code: 'model-not-found',
      message: 'There is no local model "llama-70b". Downloaded: stories260K.',
    });
  });
});

describe('idle unloading', () => {
  it('unloads a model after the idle time and loads it again on the next request', async () => {
    const provider = new LocalProvider({ ...testLocalSettings, idleUnloadMs: 150, listModelFiles: files });
    try {
      const model = await provider.languageModel('stories260K');
      await collect(model.stream({ messages: [{ role: 'user', content: 'Hello' }], maxTokens: 4 }));
      expect(provider.isLoaded(storiesModelPath)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(provider.isLoaded(storiesModelPath)).toBe(false);
      const { parts } = await collect(model.stream({ messages: [{ role: 'user', content: 'Hello' }], maxTokens: 4 }));
      expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'length' });
      expect(provider.isLoaded(storiesModelPath)).toBe(true);
    } finally {
      await provider.dispose();
    }
  });

  it('does not unload while a request is running', async () => {
    const provider = new LocalProvider({ ...testLocalSettings, idleUnloadMs: 50, listModelFiles: files });
    try {
      const model = await provider.languageModel('stories260K');
      const parts: StreamPart[] = [];
      for await (const part of model.stream({ messages: [{ role: 'user', content: 'Hello' }], maxTokens: 200 })) {
        parts.push(part);
        if (parts.length === 2) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'length' });
    } finally {
      await provider.dispose();
    }
  });
});
