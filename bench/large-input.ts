import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Analyzer } from '../electron/core/privacy/analyzer.js';
import { OffThreadPatternScan } from '../electron/core/privacy/off-thread-pattern-scan.js';
import { createPatternRecognizers } from '../electron/core/privacy/recognizers/index.js';

/**
 * `baton bench large-input [--megabytes N]`: how long a 5 MB chat message holds the event loop
 * while the shield scans it, with the pattern scan in process (before) and in a worker thread
 * (the app's way), in the same run; then `baton scan` of a large file (scanFilePart). The event loop's delay is sampled every 10 ms while the scan runs; its
 * p99 is what the window and `baton serve` feel. The target: p99 ≤ 50 ms. The entity
 * classifier is left out: it already runs in its own worker, and only the text's copy to it
 * touches the event loop.
 */
export async function largeInputBench(options: { megabytes?: number } = {}): Promise<void> {
  const p99 = await eventLoopPart();
  const scan = await scanFilePart(options.megabytes ?? 44);
  console.log(`\nlarge-input event-loop p99: ${p99.toFixed(1)} ms scan peak RSS: ${scan.peakMegabytes.toFixed(0)} MB pattern scan: ${scan.patternRate}`);
}

async function eventLoopPart(): Promise<number> {
  const text = syntheticText(5_000_000);
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
    return after.p99;
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

/**
 * `baton scan` of a large file (44 MB by default, `--megabytes N`) in a child process, as a
 * person would run it: its peak memory (sampled from /proc every 100 ms and its high-water
 * mark at the end) and the rates it reports. The targets: ≤ 300 MB RSS, pattern scan
 * ≥ 1 MB/s. The entity classifier, far slower, sets the wall time.
 */
async function scanFilePart(megabytes: number): Promise<{ peakMegabytes: number; patternRate: string }> {
  const folder = mkdtempSync(join(tmpdir(), 'baton-bench-scan-'));
  try {
    const file = join(folder, 'large.txt');
    for (let written = 0; written < megabytes * 1e6; written += 1e6) appendFileSync(file, syntheticText(1e6));
    console.log(`\nbaton scan of a ${megabytes} MB file (the entity classifier included):`);
    const child = spawn(process.execPath, [fileURLToPath(new URL('../../bin/baton.js', import.meta.url)), 'scan', file], {
      env: { ...process.env, BATON_DATA_DIR: join(folder, 'data'), BATON_MODELS_DIR: join(folder, 'models') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdoutBytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdoutBytes += chunk.length));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    let peakKilobytes = 0;
    const sampler = setInterval(() => (peakKilobytes = Math.max(peakKilobytes, residentKilobytes(child.pid, 'VmHWM'))), 100);
    const started = performance.now();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearInterval(sampler);
    if (code !== 0) throw new Error(`baton scan failed (${code}): ${stderr}`);
    const report = stderr.split('\n').find((line) => line.startsWith('baton: scanned')) ?? '(no report)';
    console.log(`  ${report}`);
    console.log(`  wall ${((performance.now() - started) / 1000).toFixed(1)} s, peak RSS ${(peakKilobytes / 1024).toFixed(0)} MB, ${(stdoutBytes / 1e6).toFixed(1)} MB printed`);
    return { peakMegabytes: peakKilobytes / 1024, patternRate: /pattern scan ([\d.]+ MB\/s)/.exec(report)?.[1] ?? '-' };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A field of /proc/PID/status in kilobytes (VmRSS now, VmHWM the peak so far); 0 once the process is gone. */
function residentKilobytes(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** About `characters` of varied lines, a few of them with an e-mail, a phone number, a card or an IBAN. */
function syntheticText(characters: number): string {
  const lines = [
    'Quarterly notes: the migration of the billing service finished on time and the error rate stayed under budget.',
    'Please forward the invoice to jane.doe@example.com and copy the finance team before Friday.',
    'The customer called from +44 20 7946 0958 about the delayed shipment to the Manchester warehouse.',
    'Payment came from card 4111 1111 1111 1111; the refund goes to IBAN DE89 3704 0044 0532 0130 00.',
    'Logs show 3,120 requests per second at peak, with p99 latency of 180 ms and no dropped connections.',
  ];
  const parts: string[] = [];
  let length = 0;
  for (let index = 0; length < characters; index += 1) {
    const line = `${index}: ${lines[index % lines.length]}`;
    parts.push(line);
    length += line.length + 1;
  }
  return parts.join('\n');
}
