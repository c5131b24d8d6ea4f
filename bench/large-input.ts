import { Analyzer } from '../electron/core/privacy/analyzer.js';
import { OffThreadPatternScan } from '../electron/core/privacy/off-thread-pattern-scan.js';
import { createPatternRecognizers } from '../electron/core/privacy/recognizers/index.js';

/**
 * `baton bench large-input`: how long a 5 MB chat message holds the event loop while the
 * shield scans it, with the pattern scan in process (before) and in a worker thread (the app's
 * way), in the same run. The event loop's delay is sampled every 10 ms while the scan runs; its
 * p99 is what the window and `baton serve` feel. The target: p99 ≤ 50 ms. The entity
 * classifier is left out: it already runs in its own worker, and only the text's copy to it
 * touches the event loop.
 */
export async function largeInputBench(): Promise<void> {
  const text = fiveMegabyteMessage();
  console.log(`message: ${(text.length / 1e6).toFixed(1)} million characters, PII on every line`);
  const recognizers = createPatternRecognizers();
  const scan = new OffThreadPatternScan({ patterns: {}, analyzer: {} });
  try {
    const inProcess = new Analyzer(recognizers);
    const offThread = new Analyzer(recognizers, { largeTexts: { minimumLength: scan.minimumLength, scan: (long) => scan.scan(long) } });
    // Warm up both ways once (the worker's start, the regular expressions' compilation).
    await inProcess.analyze(text.slice(0, 200_000));
    await offThread.analyze(text.slice(0, 200_000));
    const rows = [await measured('in process', () => inProcess.analyze(text)), await measured('worker thread', () => offThread.analyze(text))];
    console.log('\nscan          spans   seconds   event-loop delay p50 / p99 / max (ms)');
    for (const row of rows) {
      console.log(
        `${row.name.padEnd(13)} ${String(row.spans).padStart(6)} ${row.seconds.toFixed(2).padStart(9)}   ${row.p50.toFixed(1)} / ${row.p99.toFixed(1)} / ${row.max.toFixed(1)}`,
      );
    }
    const [before, after] = rows as [Measured, Measured];
    if (before.spans !== after.spans) throw new Error(`The two scans disagree: ${before.spans} and ${after.spans} spans.`);
    console.log(`\nlarge-input event-loop p99: ${after.p99.toFixed(1)} ms (in process: ${before.p99.toFixed(1)} ms)`);
  } finally {
    await scan.dispose();
  }
}

interface Measured {
  name: string;
  spans: number;
  seconds: number;
  p50: number;
  p99: number;
  max: number;
}

async function measured(name: string, analyze: () => Promise<{ spans: unknown[] }>): Promise<Measured> {
  const sampler = delaySampler(10);
  const started = performance.now();
  const result = await analyze();
  const seconds = (performance.now() - started) / 1000;
  const delays = (await sampler.stop()).sort((left, right) => left - right);
  const percentile = (share: number) => delays[Math.min(delays.length - 1, Math.ceil(share * delays.length) - 1)] ?? 0;
  return { name, spans: result.spans.length, seconds, p50: percentile(0.5), p99: percentile(0.99), max: delays[delays.length - 1] ?? 0 };
}

/**
 * A timer every `intervalMs`: how late each tick comes is the event loop's delay. (Node's
 * monitorEventLoopDelay records nothing while the loop is blocked throughout, which is the
 * case this bench must see.) `stop` waits a few ticks, so that a block that ends with the
 * scan is recorded too.
 */
function delaySampler(intervalMs: number): { stop(): Promise<number[]> } {
  const delays: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    delays.push(Math.max(0, now - last - intervalMs));
    last = now;
  }, intervalMs);
  return {
    async stop() {
      await new Promise((resolve) => setTimeout(resolve, intervalMs * 3));
      clearInterval(timer);
      return delays;
    },
  };
}

/** About 5 MB of varied lines, a few of them with an e-mail, a phone number, a card or an IBAN. */
function fiveMegabyteMessage(): string {
  const lines = [
    'Quarterly notes: the migration of the billing service finished on time and the error rate stayed under budget.',
    'Please forward the invoice to jane.doe@example.com and copy the finance team before Friday.',
    'The customer called from +44 20 7946 0958 about the delayed shipment to the Manchester warehouse.',
    'Payment came from card 4111 1111 1111 1111; the refund goes to IBAN DE89 3704 0044 0532 0130 00.',
    'Logs show 3,120 requests per second at peak, with p99 latency of 180 ms and no dropped connections.',
  ];
  const parts: string[] = [];
  let length = 0;
  for (let index = 0; length < 5_000_000; index += 1) {
    const line = `${index}: ${lines[index % lines.length]}`;
    parts.push(line);
    length += line.length + 1;
  }
  return parts.join('\n');
}
