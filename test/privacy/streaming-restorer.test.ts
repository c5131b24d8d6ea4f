import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unfinishedPlaceholderStart } from '../../electron/core/privacy/placeholder-format.js';
import { StreamingRestorer } from '../../electron/core/privacy/streaming-restorer.js';
import { Vault } from '../../electron/core/privacy/vault.js';

function vaultWith(values: [string, 'EMAIL' | 'PERSON' | 'US_SSN'][]): Vault {
  const vault = new Vault();
  for (const [value, type] of values) vault.placeholderFor(value, type);
  return vault;
}

const vault = vaultWith([
  ['ann@example.com', 'EMAIL'],
  ['Ann Lee', 'PERSON'],
  ['078-05-1121', 'US_SSN'],
]);

/** Feeds the chunks through a restorer; returns what it emitted, chunk by chunk, and the flush. */
function stream(chunks: string[]): { emitted: string[]; output: string } {
  const restorer = new StreamingRestorer(vault);
  const emitted = chunks.map((chunk) => restorer.push(chunk));
  emitted.push(restorer.flush());
  return { emitted, output: emitted.join('') };
}

const answer = 'Dear ⟦PERSON_1⟧, I wrote to ⟦EMAIL_1⟧ (not ⟦EMAIL_7⟧ nor ⟦email_1⟧ nor ⟦EMAIL_1) about ⟦US_SSN_1⟧⟦PERSON_1⟧.⟦';
const restored = 'Dear Ann Lee, I wrote to ann@example.com (not ⟦EMAIL_7⟧ nor ⟦email_1⟧ nor ⟦EMAIL_1) about 078-05-1121Ann Lee.⟦';

describe('streaming restorer', () => {
  it('restores the whole answer in one chunk, leaving unknown placeholder-like text alone', () => {
    expect(stream([answer]).output).toBe(restored);
    expect(vault.restore(answer)).toBe(restored);
  });

  it('gives the same text for every single split point', () => {
    for (let cut = 0; cut <= answer.length; cut += 1) {
      expect(stream([answer.slice(0, cut), answer.slice(cut)]).output, `split at ${cut}`).toBe(restored);
    }
  });

  it('gives the same text for every split into one-character chunks and for every pair of split points', () => {
    expect(stream([...answer]).output).toBe(restored);
    for (let first = 0; first <= answer.length; first += 1) {
      for (let second = first; second <= answer.length; second += 1) {
        const chunks = [answer.slice(0, first), answer.slice(first, second), answer.slice(second)];
        expect(stream(chunks).output).toBe(restored);
      }
    }
  });

  it('gives the same text for random multi-splits of random answers (property)', () => {
    const piece = fc.oneof(
      fc.constantFrom('⟦EMAIL_1⟧', '⟦PERSON_1⟧', '⟦US_SSN_1⟧', '⟦EMAIL_2⟧', '⟦', '⟧', '⟦PERSON_', '_1⟧', 'EMAIL'),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 8 }), (pieces, cutSeeds) => {
        const text = pieces.join('');
        const cuts = [...new Set(cutSeeds.map((seed) => (text.length === 0 ? 0 : seed % (text.length + 1))))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let previous = 0;
        for (const cut of cuts) {
          chunks.push(text.slice(previous, cut));
          previous = cut;
        }
        chunks.push(text.slice(previous));
        expect(stream(chunks).output).toBe(vault.restore(text));
      }),
      { numRuns: 300 },
    );
  });

  it('holds back only a possible placeholder start and emits the rest at once', () => {
    const { emitted } = stream(['Hello ⟦PERS', 'ON_1⟧ and ⟦EMAIL', '_1⟧!', ' Price ⟦x⟧ ok ⟦']);
    expect(emitted).toEqual(['Hello ', 'Ann Lee and ', 'ann@example.com!', ' Price ⟦x⟧ ok ', '⟦']);
    expect(stream(['no placeholders here']).emitted).toEqual(['no placeholders here', '']);
  });

  it('recognises what could still become a placeholder', () => {
    expect(unfinishedPlaceholderStart('a ⟦')).toBe(2);
    expect(unfinishedPlaceholderStart('a ⟦EMA')).toBe(2);
    expect(unfinishedPlaceholderStart('a ⟦US_SSN_12')).toBe(2);
    expect(unfinishedPlaceholderStart('a ⟦EMAIL1')).toBe(9);
    expect(unfinishedPlaceholderStart('a ⟦email')).toBe(8);
    expect(unfinishedPlaceholderStart('a ⟦EMAIL_1⟧')).toBe(11);
    expect(unfinishedPlaceholderStart(`a ⟦${'A'.repeat(60)}`)).toBe(63);
  });
});
