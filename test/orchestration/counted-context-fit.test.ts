import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Conductor } from '../../electron/core/orchestration/conductor.js';
import { fitCounted } from '../../electron/core/orchestration/counted-context-fit.js';
import { StaticModelPool } from '../../electron/core/orchestration/model-pool.js';
import { LocalProvider } from '../../electron/core/providers/local-llama/local-provider.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import type { ChatMessage, LanguageModel } from '../../electron/shared/language-model.js';
import { EventLog } from '../support/conductor-fixture.js';
import { storiesModelPath, testLocalSettings } from '../support/local-model-fixture.js';

/** One token per character, as the tokenizers of most non-Latin scripts nearly do: three times the estimate. */
const perCharacter = async (messages: ChatMessage[]) => messages.reduce((total, message) => total + message.content.length + 4, 0);

describe('a fit checked in the model\'s own tokens', () => {
  it('is fitted again, before any call, when the tokenizer counts more than the estimate', async () => {
    const counts: number[] = [];
    const counter = async (messages: ChatMessage[]) => {
      const tokens = await perCharacter(messages);
      counts.push(tokens);
      return tokens;
    };
    const fitted = await fitCounted({ history: [], task: 'x'.repeat(900), sections: [], contextWindow: 1024, answerTokens: 128 }, counter);

    // 900 characters estimate 300 tokens, which fits; counted, they are 904, which does not.
    expect(counts[0]).toBe(904);
    expect(counts.at(-1)! + fitted.answerTokens).toBeLessThanOrEqual(1024);
    expect(fitted.answerTokens).toBe(128);
    expect(fitted.notes).toEqual([expect.stringMatching(/^the request was shortened to \d+ of 900 characters to fit the context window$/)]);
  });

  it('is left as the estimate made it when the count agrees, and asks once', async () => {
    let asked = 0;
    const request = { history: [], task: 'A short question?', sections: [], contextWindow: 1024, answerTokens: 128 };
    const fitted = await fitCounted(request, async (messages) => {
      asked += 1;
      return perCharacter(messages);
    });
    expect(asked).toBe(1);
    expect(fitted.notes).toEqual([]);
    expect(fitted.messages).toEqual([{ role: 'user', content: 'A short question?' }]);
  });
});

describe('stories260K, whose tokenizer splits digits one by one', () => {
  const provider = new LocalProvider({ ...testLocalSettings, listModelFiles: async () => [{ id: 'stories260K', path: storiesModelPath }] });
  let model: LanguageModel;
  let database: BatonDatabase;
  beforeAll(async () => {
    model = await provider.languageModel('stories260K');
  });
  afterAll(() => provider.dispose());
  afterEach(() => database?.close());

  it('counts a prompt exactly as it reads it: the same number its answer reports', async () => {
    const messages: ChatMessage[] = [{ role: 'user', content: 'Once upon a time, Lily went to the park.' }];
    const counted = await model.countPromptTokens!(messages);
    let reported = 0;
    for await (const part of model.stream({ messages, maxTokens: 4 })) if (part.type === 'usage') reported = part.usage.inputTokens;
    expect(counted).toBeGreaterThan(10);
    expect(counted).toBe(reported);
  });

  it('gets a table of numbers that the estimate thought would fit shortened before the call, not after a refusal', async () => {
    database = openDatabase(':memory:');
    const conductor = new Conductor({ database, models: new StaticModelPool([{ model }]), settings: { answerTokens: 48, fastPathMaxCharacters: 10_000 } });
    const readings = Array.from({ length: 120 }, (_, index) => (1000 + index * 37).toString()).join(' ');
    const log = new EventLog();
    const result = await conductor.run({ text: `Add up these readings: ${readings}`, onEvent: log.listener });

    expect(result.finishReason).not.toBe('error');
    const notices = log.of('run-notice').map((notice) => notice.message);
    expect(notices).toContainEqual(expect.stringMatching(/the request was shortened to \d+ of \d+ characters to fit the context window/));
    // Never sent whole and refused: no overflow, no retry into a halved window.
    expect(notices.filter((notice) => notice.includes('shortened further'))).toEqual([]);
    const finished = log.of('subtask-finished')[0]!;
    expect(finished.usage.inputTokens + finished.usage.outputTokens).toBeLessThanOrEqual(model.contextWindow);
  });
});
