import type { AnalysisTimings } from '../core/privacy/analyzer.js';

/** Inputs this large report progress and rates. */
const reportedFromBytes = 1024 * 1024;

/**
 * `baton scan`'s progress on stderr: a line redrawn after each section on a terminal, and for
 * an input of a megabyte or more a closing line with the pattern scan's rate and the entity
 * classifier's beside it (they run at the same time; the slower sets the pace).
 */
export class ScanProgress {
  private bytes = 0;
  private readonly started = performance.now();
  private readonly onTerminal = process.stderr.isTTY === true;

  constructor(private readonly totalBytes: number | undefined) {}

  advance(sectionText: string, timings: AnalysisTimings): void {
    this.bytes += Buffer.byteLength(sectionText);
    if (!this.onTerminal || this.bytes < reportedFromBytes) return;
    const share = this.totalBytes ? ` of ${megabytes(this.totalBytes)} (${Math.floor((100 * this.bytes) / this.totalBytes)}%)` : '';
    process.stderr.write(`\rScanning: ${megabytes(this.bytes)}${share}, pattern scan ${rate(this.bytes, timings.patterns)}   `);
  }

  finish(timings: AnalysisTimings): void {
    if (this.bytes < reportedFromBytes) return;
    if (this.onTerminal) process.stderr.write('\n');
    const seconds = (performance.now() - this.started) / 1000;
    process.stderr.write(
      `baton: scanned ${megabytes(this.bytes)} in ${seconds.toFixed(1)} s: pattern scan ${rate(this.bytes, timings.patterns)}, entity classifier ${rate(this.bytes, timings.entities)}\n`,
    );
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function rate(bytes: number, milliseconds: number): string {
  return milliseconds > 0 ? `${(bytes / 1e6 / (milliseconds / 1000)).toFixed(2)} MB/s` : '-';
}
