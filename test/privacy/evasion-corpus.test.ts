import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../electron/core/privacy/analyzer.js';
import { createPatternRecognizers } from '../../electron/core/privacy/recognizers/index.js';
import type { Span } from '../../electron/shared/privacy.js';
import { covered, loadEvasionCorpus } from '../../bench/evasion-corpus.js';

const { disguised, benign } = loadEvasionCorpus();
const analyzer = new Analyzer(createPatternRecognizers());

function touched(spans: readonly Span[], start: number, end: number): boolean {
  return spans.some((span) => span.start < end && start < span.end);
}

describe('evasion corpus: disguised values are redacted whole', () => {
  it.each(disguised.map((entry, index) => [`${index} ${entry.family}`, entry] as const))('%s', async (_name, entry) => {
    const { spans } = await analyzer.analyze(entry.text);
    const start = entry.text.indexOf(entry.secret);
    expect(covered(spans, start, start + entry.secret.length), JSON.stringify(entry.text)).toBe(true);
  });
});

describe('evasion corpus: benign look-alikes stay readable', () => {
  it.each(benign.map((entry, index) => [`${index} ${entry.family}`, entry] as const))('%s', async (_name, entry) => {
    const { spans } = await analyzer.analyze(entry.text);
    const start = entry.text.indexOf(entry.mustKeep);
    expect(touched(spans, start, start + entry.mustKeep.length), JSON.stringify(entry.text)).toBe(false);
  });
});
