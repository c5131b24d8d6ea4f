import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../electron/core/privacy/analyzer.js';
import { createPatternRecognizers } from '../../electron/core/privacy/recognizers/index.js';
import type { Span } from '../../electron/shared/privacy.js';

interface DisguisedCase {
  family: string;
  text: string;
  /** The exact substring that must not reach a cloud. */
  secret: string;
}
interface BenignCase {
  family: string;
  text: string;
  /** A look-alike that must stay readable. */
  mustKeep: string;
}

const folder = new URL('../fixtures/evasion/', import.meta.url);
const disguised = JSON.parse(readFileSync(new URL('disguised.json', folder), 'utf8')) as DisguisedCase[];
const benign = JSON.parse(readFileSync(new URL('benign.json', folder), 'utf8')) as BenignCase[];
const analyzer = new Analyzer(createPatternRecognizers());

/** True when every character of text[start, end) lies inside some span. */
function covered(spans: readonly Span[], start: number, end: number): boolean {
  for (let offset = start; offset < end; offset += 1) {
    if (!spans.some((span) => span.start <= offset && offset < span.end)) return false;
  }
  return true;
}
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
