import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../electron/core/privacy/analyzer.js';
import { createPatternRecognizers } from '../../electron/core/privacy/recognizers/index.js';

// Inputs built to make a backtracking pattern blow up: long digit runs, digits between
// separators, '=' runs, the base64 alphabet without a break, spelled "at"/"dot" chains and
// invisible characters between them. Each is about 1 MB; the bound is generous (30 ms per KB)
// so that a slow shared machine does not fail it, while a quadratic pattern still would.
const size = 1024 * 1024;
const repeat = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
const inputs: [string, string][] = [
  ['digit run', repeat('4111')],
  ['digits and separators', repeat('41.11-')],
  ['equals run', repeat('a=')],
  ['base64 alphabet', repeat('QUJDRGVm+/')],
  ['spelled at and dot', repeat('ann at host dot ')],
  ['spelled dots without an at', repeat('ann dot ')],
  ['base64 lines', repeat('QUJDRGVmZ2hpamts\n')],
  ['hex run', repeat('deadbeef')],
  ['invisible characters between digits', repeat('4\u200B1\u00A0')],
  ['key-value chain', repeat('k=v&')],
];

describe('pattern scan stays linear on adversarial input', () => {
  const analyzer = new Analyzer(createPatternRecognizers());
  it.each(inputs)('%s (1 MB)', async (_name, text) => {
    const started = performance.now();
    await analyzer.analyze(text);
    const perKilobyte = (performance.now() - started) / (text.length / 1024);
    expect(perKilobyte).toBeLessThan(30);
  }, 120_000);
});
