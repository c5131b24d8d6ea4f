import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../electron/shared/language-model.js';
import { estimateTokens, fitContext, shorten } from '../../electron/core/orchestration/context-fitting.js';

const turns = (count: number, size: number): ChatMessage[] =>
  Array.from({ length: count * 2 }, (_, index) => ({
    role: index % 2 === 0 ? ('user' as const) : ('assistant' as const),
    content: `${index}: ${'word '.repeat(size)}`,
  }));

describe('context fitting', () => {
  it('changes nothing when everything fits', async () => {
    const history = turns(2, 5);
    const fitted = await fitContext({ system: 'Be brief.', history, task: 'Go on.', sections: [{ label: 'Result of s1', text: 'forty-two' }], contextWindow: 8192, answerTokens: 512 });
    expect(fitted.notes).toEqual([]);
    expect(fitted.answerTokens).toBe(512);
    expect(fitted.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      ...history,
      { role: 'user', content: 'Go on.\n\nResult of s1:\nforty-two' },
    ]);
  });

  it('keeps at most half the window for the answer', async () => {
    const fitted = await fitContext({ history: [], task: 'Hi', sections: [], contextWindow: 512, answerTokens: 4096 });
    expect(fitted.answerTokens).toBe(256);
  });

  it('keeps the newest turns, starting with a user turn, and summarizes the older ones', async () => {
    const history = turns(10, 40);
    const summarized: ChatMessage[][] = [];
    const fitted = await fitContext({
      history,
      task: 'And now?',
      sections: [],
      contextWindow: 1024,
      answerTokens: 256,
      summarize: async (older, target) => {
        summarized.push(older);
        expect(target).toBeGreaterThan(24);
        return 'They talked.';
      },
    });
    const kept = fitted.messages.slice(1, -1);
    expect(kept[0]?.role).toBe('user');
    expect(kept.at(-1)).toEqual(history.at(-1));
    expect(summarized[0]).toEqual(history.slice(0, history.length - kept.length));
    expect(fitted.messages[0]).toEqual({ role: 'system', content: 'Summary of the earlier conversation:\nThey talked.' });
    expect(fitted.notes).toEqual([`${summarized[0]!.length} earlier messages were summarized on this device to fit the context window`]);
    expect(fitted.estimatedInputTokens + fitted.answerTokens).toBeLessThanOrEqual(1024);
  });

  it('leaves older turns out, and says so, when there is no summarizer or it fails', async () => {
    for (const summarize of [undefined, async () => undefined]) {
      const fitted = await fitContext({ history: turns(10, 40), task: 'And now?', sections: [], contextWindow: 1024, answerTokens: 256, ...(summarize ? { summarize } : {}) });
      expect(fitted.notes[0]).toMatch(/^\d+ earlier messages were left out to fit the context window$/);
    }
  });

  it('shortens the largest sections first, keeping head and tail, and names them', async () => {
    const big = `START ${'x'.repeat(20_000)} END`;
    const fitted = await fitContext({
      history: [],
      task: 'Summarize.',
      sections: [
        { label: 'Result of s1', text: 'small result' },
        { label: 'Document "big.txt"', text: big },
      ],
      contextWindow: 2048,
      answerTokens: 512,
    });
    const user = fitted.messages.at(-1)!.content;
    expect(user).toContain('Result of s1:\nsmall result');
    expect(user).toContain('START');
    expect(user).toContain('END');
    expect(user).toMatch(/\[… \d+ characters left out to fit the context window …\]/);
    expect(fitted.notes).toEqual([expect.stringMatching(/^Document "big.txt" was shortened to \d+ of 20010 characters/)]);
    expect(fitted.estimatedInputTokens + fitted.answerTokens).toBeLessThanOrEqual(2048);
  });

  it('shortens the request itself only when it alone does not fit', async () => {
    const fitted = await fitContext({ history: [], task: 'y'.repeat(10_000), sections: [], contextWindow: 1024, answerTokens: 256 });
    expect(fitted.notes[0]).toMatch(/^the request was shortened/);
    expect(estimateTokens(fitted.messages[0]!.content)).toBeLessThan(1024 - 256);
  });

  it('shorten leaves short text alone', () => {
    expect(shorten('short', 100)).toBe('short');
  });
});
