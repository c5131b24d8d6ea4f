import { RequestWorker } from '../support/request-worker.js';
import { workerScript } from '../support/worker-script.js';
import type { AnalyzerOptions, PatternFindings } from './analyzer.js';
import type { PatternRecognizerOptions } from './recognizers/index.js';

/** How the worker builds the same pattern phase as the app's analyzer: plain data only. */
export interface PatternScanSetup {
  patterns: PatternRecognizerOptions;
  analyzer: Pick<AnalyzerOptions, 'scoreThreshold' | 'contextBoost' | 'contextWindow' | 'allowList' | 'denyList' | 'disabledTypes'>;
}

/** Texts this long or longer are scanned off the event loop: about 60 ms of pattern scan on 2 cores. */
export const offThreadMinimumLength = 32 * 1024;

/** Time for a scan: generous, since a timeout blocks the cloud call (about 2 ms per KB is typical). */
const defaultTimeout = (textLength: number) => 30_000 + Math.ceil(textLength / 1024) * 20;

/**
 * The analyzer's pattern phase (pattern recognizers, deny and allow lists, sensitive topics)
 * in a worker thread, for long texts: scanning a message of 5 MB takes seconds, which on the
 * main thread would freeze the window and `baton serve` for all of them. A worker that fails,
 * hangs or runs out of memory rejects the scan, and the analyzer's caller blocks the cloud
 * call; the next scan gets a fresh worker.
 */
export class OffThreadPatternScan {
  readonly minimumLength: number;
  private readonly worker: RequestWorker<string, PatternFindings>;

  constructor(
    setup: PatternScanSetup,
    private readonly options: { minimumLength?: number; timeoutMs?: (textLength: number) => number; maxHeapMb?: number } = {},
  ) {
    this.minimumLength = options.minimumLength ?? offThreadMinimumLength;
    this.worker = new RequestWorker({
      script: workerScript(import.meta.url, 'pattern-scan-worker.js', 'The pattern scan'),
      setup,
      what: 'The pattern scan',
      failureCode: 'privacy-blocked',
      maxHeapMb: options.maxHeapMb ?? 2048,
    });
  }

  scan(text: string): Promise<PatternFindings> {
    return this.worker.request(text, (this.options.timeoutMs ?? defaultTimeout)(text.length));
  }

  dispose(): Promise<void> {
    return this.worker.dispose();
  }
}
