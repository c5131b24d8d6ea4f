import type { Clock } from '../../electron/core/storage/clock.js';

/**
 * A clock that moves one second per reading from 2025-01-01T00:00:00Z, so rows written in one
 * test get distinct, predictable times. `step = 0` gives a stopped clock (every row the same time).
 */
export function steppingClock(step = 1000): Clock & { readonly readings: string[] } {
  const start = Date.UTC(2025, 0, 1);
  const readings: string[] = [];
  const clock = () => {
    const reading = new Date(start + readings.length * step).toISOString();
    readings.push(reading);
    return reading;
  };
  return Object.assign(clock, { readings });
}

/** The time the n-th reading (from 0) of a one-second stepping clock gives. */
export function reading(index: number): string {
  return new Date(Date.UTC(2025, 0, 1) + index * 1000).toISOString();
}
