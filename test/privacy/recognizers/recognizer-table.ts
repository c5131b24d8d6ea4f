import { describe, expect, it } from 'vitest';
import { mergeOverlappingSpans } from '../../../electron/core/privacy/span-merging.js';
import type { Recognizer } from '../../../electron/core/privacy/recognizer.js';
import type { EntityType } from '../../../electron/shared/privacy.js';

/** The analyzer's default threshold: below it a recognizer's hit is only a hint. */
export const defaultThreshold = 0.5;

export interface ExpectedSpan {
  type: EntityType;
  start: number;
  end: number;
}

export interface RecognizerTable {
  /** Texts and the exact spans expected in them. */
  positive: { text: string; spans: ExpectedSpan[] }[];
  /** Texts in which nothing may be found, and why. */
  negative: { text: string; why: string }[];
}

/**
 * What a recognizer alone reports for a text, the way the analyzer would keep it without
 * context boosts: hits at or above the default threshold, overlapping ones merged.
 */
export async function spansFound(recognizer: Recognizer, text: string): Promise<ExpectedSpan[]> {
  const spans = await recognizer.analyze(text);
  for (const span of spans) {
    expect(span.source).toBe(recognizer.name);
    expect(span.score).toBeGreaterThan(0);
    expect(span.score).toBeLessThanOrEqual(1);
    expect(span.start).toBeGreaterThanOrEqual(0);
    expect(span.end).toBeLessThanOrEqual(text.length);
    expect(span.end).toBeGreaterThan(span.start);
  }
  return mergeOverlappingSpans(spans.filter((span) => span.score >= defaultThreshold)).map(({ type, start, end }) => ({ type, start, end }));
}

/** Presidio-style table test: every positive text yields exactly its spans, every negative none. */
export function recognizerTable(recognizer: Recognizer, table: RecognizerTable): void {
  describe(`${recognizer.name} recognizer`, () => {
    it.each(table.positive)('finds the values in $text', async ({ text, spans }) => {
      expect(await spansFound(recognizer, text)).toEqual(spans);
    });
    it.each(table.negative)('finds nothing in $text ($why)', async ({ text }) => {
      expect(await spansFound(recognizer, text)).toEqual([]);
    });
  });
}
