import { afterAll, describe, expect, it } from 'vitest';
import { Analyzer } from '../../electron/core/privacy/analyzer.js';
import { OffThreadPatternScan, type PatternScanSetup } from '../../electron/core/privacy/off-thread-pattern-scan.js';
import { createPatternRecognizers } from '../../electron/core/privacy/recognizers/index.js';
import type { Recognizer } from '../../electron/core/privacy/recognizer.js';
import type { BatonError } from '../../electron/shared/errors.js';

/**
 * Long texts are scanned for patterns in a worker thread. The worker must find exactly what
 * the in-process scan finds, the analyzer must use it for long texts only, and every failure
 * of it must block (the analysis rejects), never let the text through unscanned.
 */
const setup: PatternScanSetup = {
  patterns: { dates: 'all-dates' },
  analyzer: { allowList: ['Acme Robotics'], denyList: ['Project Bluebird'], disabledTypes: ['IP_ADDRESS'] },
};
const lines = [
  'Card 4111 1111 1111 1111, expires 12/27; call +44 20 7946 0958 or write to jane.doe@example.com.',
  'IBAN DE89 3704 0044 0532 0130 00 for Project Bluebird; server 10.0.0.12; born 1984-03-07.',
  'Ship to 221B Baker Street, London NW1 6XE. Key sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789 for Acme Robotics.',
  'My diagnosis of depression was in March; ssn 536-22-8726 and passport C03005988.',
];
/** About 40 KB: above the default minimum of 32 KB. */
const longText = Array.from({ length: 400 }, (_, index) => `${index}. ${lines[index % lines.length]}`).join('\n');

const scans: OffThreadPatternScan[] = [];
function scanner(options: ConstructorParameters<typeof OffThreadPatternScan>[1] = {}): OffThreadPatternScan {
  const scan = new OffThreadPatternScan(setup, options);
  scans.push(scan);
  return scan;
}
afterAll(() => Promise.all(scans.map((scan) => scan.dispose())));

const inProcess = new Analyzer(createPatternRecognizers(setup.patterns), setup.analyzer);

describe('the pattern scan of long texts, off the event loop', () => {
  it('finds in its worker exactly what the analyzer finds in process', async () => {
    const expected = await inProcess.findPatterns(longText);
    const count = (type: string) => expected.spans.filter((span) => span.type === type).length;
    expect(longText.length).toBeGreaterThan(40_000);
    // 400 lines, each of the four kinds 100 times.
    expect([count('CREDIT_CARD'), count('IBAN'), count('US_SSN'), count('CUSTOM'), count('IP_ADDRESS')]).toEqual([100, 100, 100, 100, 0]);
    expect(expected.released).toHaveLength(100);
    expect(expected.sensitivity.topics).toContain('health');
    expect(await scanner().scan(longText)).toEqual(expected);
  });

  it('serves long texts to the analyzer, whose result is the same as in process; short ones stay in process', async () => {
    const scan = scanner();
    const asked: number[] = [];
    const analyzer = new Analyzer(createPatternRecognizers(setup.patterns), {
      ...setup.analyzer,
      largeTexts: { minimumLength: scan.minimumLength, scan: (text) => (asked.push(text.length), scan.scan(text)) },
    });
    expect(await analyzer.analyze(longText)).toEqual(await inProcess.analyze(longText));
    expect(await analyzer.analyze(lines[0] as string)).toEqual(await inProcess.analyze(lines[0] as string));
    expect(asked).toEqual([longText.length]);
  });

  it('blocks when the worker does not answer in time, and the next scan gets a fresh worker', async () => {
    let timeoutMs = 1;
    const scan = scanner({ timeoutMs: () => timeoutMs });
    const hanging: Recognizer = { name: 'entity-test', analyze: async () => [] };
    const analyzer = new Analyzer(createPatternRecognizers(setup.patterns), {
      entityRecognizers: [hanging],
      largeTexts: { minimumLength: 1000, scan: (text) => scan.scan(text) },
    });
    const error = (await analyzer.analyze(longText).catch((caught: unknown) => caught)) as BatonError;
    expect(error.code).toBe('privacy-blocked');
    expect(error.message).toBe('The privacy shield could not check the text: The pattern scan did not answer within 1 ms.');
    timeoutMs = 60_000;
    expect((await analyzer.analyze(longText)).spans.filter((span) => span.type === 'CREDIT_CARD')).toHaveLength(100);
  });

  it('blocks when the worker runs out of memory', async () => {
    const scan = scanner({ maxHeapMb: 16 });
    const huge = longText.repeat(25);
    const error = (await scan.scan(huge).catch((caught: unknown) => caught)) as BatonError;
    expect(error.code).toBe('privacy-blocked');
    expect(error.message).toMatch(/^The pattern scan stopped/);
  });
});
