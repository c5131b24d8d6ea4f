/**
 * Bytes per second over the last few seconds. A window rather than the average since the start,
 * so that the speed and the ETA follow a connection that slows down or recovers.
 */
export class TransferRateMeter {
  private readonly samples: Array<{ time: number; bytes: number }> = [];

  constructor(
    private readonly windowMs = 5_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records the running total of bytes transferred in this session. */
  record(totalBytes: number): void {
    const time = this.now();
    this.samples.push({ time, bytes: totalBytes });
    // Keep one sample older than the window so the rate always spans the whole window.
    while (this.samples.length > 2 && time - this.samples[1]!.time >= this.windowMs) this.samples.shift();
  }

  bytesPerSecond(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.time <= first.time) return 0;
    return ((last.bytes - first.bytes) * 1000) / (last.time - first.time);
  }
}
