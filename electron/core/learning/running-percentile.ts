/**
 * A percentile of the last `window` values seen, kept sorted so that reading it is one lookup.
 * The learned router compares each prompt's predicted gain with the percentile of recent gains
 * that leaves the allowed share of prompts above it: the threshold follows the scores as the
 * estimates move, and is never set from data not seen yet.
 */
export class RunningPercentile {
  private readonly recent: number[] = [];
  private readonly sorted: number[] = [];

  constructor(readonly window: number) {}

  get count(): number {
    return this.recent.length;
  }

  add(value: number): void {
    this.recent.push(value);
    this.sorted.splice(lowerBound(this.sorted, value), 0, value);
    if (this.recent.length > this.window) {
      const oldest = this.recent.shift() as number;
      this.sorted.splice(lowerBound(this.sorted, oldest), 1);
    }
  }

  /** The value below which a share `fraction` (0..1) of the recent values lie (nearest rank); undefined before any value. */
  quantile(fraction: number): number | undefined {
    if (this.sorted.length === 0) return undefined;
    const rank = Math.min(this.sorted.length - 1, Math.max(0, Math.ceil(fraction * this.sorted.length) - 1));
    return this.sorted[rank];
  }
}

function lowerBound(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
