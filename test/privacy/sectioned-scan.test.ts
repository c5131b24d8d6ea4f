import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../electron/core/privacy/analyzer.js';
import { createPatternRecognizers } from '../../electron/core/privacy/recognizers/index.js';
import { scanInSections, type ScannedSection } from '../../electron/core/privacy/sectioned-scan.js';

const analyzer = new Analyzer(createPatternRecognizers());
const lines = [
  'Write to jane.doe@example.com about the refund.',
  'Card 4111 1111 1111 1111 was charged twice',
  'a line with nothing in it at all, only words',
  'IBAN DE89 3704 0044 0532 0130 00 and call +44 20 7946 0958',
];
const text = Array.from({ length: 60 }, (_, index) => `${index} ${lines[index % lines.length]}`).join('\n');

/** The input cut into pieces of the given sizes, over and over (cutting values in two). */
async function* pieces(input: string, sizes: readonly number[]): AsyncGenerator<string> {
  let offset = 0;
  for (let index = 0; offset < input.length; index += 1) {
    const size = sizes[index % sizes.length] as number;
    yield input.slice(offset, offset + size);
    offset += size;
  }
}

async function sections(input: string, sizes: readonly number[], windowCharacters: number, overlapCharacters: number): Promise<ScannedSection[]> {
  const found: ScannedSection[] = [];
  for await (const section of scanInSections(pieces(input, sizes), (window) => analyzer.analyze(window), { windowCharacters, overlapCharacters })) found.push(section);
  return found;
}

describe('scanning an input in sections', () => {
  it('finds exactly what a scan of the whole input finds, wherever the windows and the read pieces cut it', async () => {
    const whole = (await analyzer.analyze(text)).spans;
    expect(whole.length).toBeGreaterThan(40);
    for (const [sizes, window, overlap] of [
      [[7, 13, 101], 300, 80],
      [[1000], 250, 60],
      [[text.length], 120, 50],
    ] as const) {
      const found = await sections(text, sizes, window, overlap);
      expect(found.length).toBeGreaterThan(5);
      expect(found.flatMap((section) => section.spans)).toEqual(whole);
      // The sections are the input, in order, each at its offset.
      expect(found.map((section) => section.text).join('')).toBe(text);
      for (const section of found) expect(text.slice(section.offset, section.offset + section.text.length)).toBe(section.text);
    }
  });

  it('gives one section for a short input, and one empty section for an empty one', async () => {
    const short = await sections('Mail ann@example.com', [5], 1000, 100);
    expect(short.map((section) => [section.offset, section.text, section.spans.map((span) => [span.type, span.start, span.end])])).toEqual([
      [0, 'Mail ann@example.com', [['EMAIL', 5, 20]]],
    ]);
    expect((await sections('', [5], 1000, 100)).map((section) => section.text)).toEqual(['']);
  });
});
