import { Analyzer } from '../electron/core/privacy/analyzer.js';
import { normalizeForScanning } from '../electron/core/privacy/normalization/scan-normalization.js';
import { createPatternRecognizers } from '../electron/core/privacy/recognizers/index.js';
import { median } from './bench-support.js';
import { covered, loadEvasionCorpus } from './evasion-corpus.js';

/**
 * How well the privacy shield holds against disguised values: the evasion corpus
 * (test/fixtures/evasion) run through the analyzer with the pattern recognizers, caught and
 * kept per family, and what normalising the text costs the pattern scan.
 */
const speedRounds = 30;

function tally(counts: Map<string, [number, number]>, family: string, passed: boolean): void {
  const [hits, total] = counts.get(family) ?? [0, 0];
  counts.set(family, [hits + (passed ? 1 : 0), total + 1]);
}

export async function evasionBench(): Promise<void> {
  const { disguised, benign } = loadEvasionCorpus();
  const recognizers = createPatternRecognizers();
  const analyzer = new Analyzer(recognizers);

  const caught = new Map<string, [number, number]>();
  for (const entry of disguised) {
    const { spans } = await analyzer.analyze(entry.text);
    const start = entry.text.indexOf(entry.secret);
    tally(caught, entry.family, covered(spans, start, start + entry.secret.length));
  }
  const kept = new Map<string, [number, number]>();
  for (const entry of benign) {
    const { spans } = await analyzer.analyze(entry.text);
    const start = entry.text.indexOf(entry.mustKeep);
    tally(kept, entry.family, !spans.some((span) => span.start < start + entry.mustKeep.length && start < span.end));
  }
  console.log('disguised values caught, per family:');
  for (const [family, [hits, total]] of caught) console.log(`  ${family.padEnd(24)} ${hits}/${total}`);
  console.log('benign look-alikes kept, per family:');
  for (const [family, [hits, total]] of kept) console.log(`  ${family.padEnd(24)} ${hits}/${total}`);

  // Speed: the whole corpus as one text, scanned by the pattern recognizers as they are and
  // after normalising, so the cost of normalisation shows on its own.
  const text = [...disguised.map((entry) => entry.text), ...benign.map((entry) => entry.text)].join('\n');
  const kilobytes = text.length / 1024;
  const scan = (input: string) => {
    for (const recognizer of recognizers) recognizer.analyze(input);
  };
  const plain: number[] = [];
  const normalised: number[] = [];
  for (let round = 0; round < speedRounds; round += 1) {
    let started = performance.now();
    scan(text);
    plain.push((performance.now() - started) / kilobytes);
    started = performance.now();
    scan(normalizeForScanning(text).text);
    normalised.push((performance.now() - started) / kilobytes);
  }
  console.log(`pattern scan p50: ${median(plain).toFixed(3)} ms/KB without normalisation, ${median(normalised).toFixed(3)} ms/KB with it (${kilobytes.toFixed(0)} KB, ${speedRounds} rounds)`);

  const sum = (counts: Map<string, [number, number]>) => [...counts.values()].reduce(([hits, total], [h, t]) => [hits + h, total + t], [0, 0]);
  const [caughtHits, caughtTotal] = sum(caught);
  const [keptHits, keptTotal] = sum(kept);
  console.log(`evasion caught: ${caughtHits}/${caughtTotal} benign kept: ${keptHits}/${keptTotal}`);
}
