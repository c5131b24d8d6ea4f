import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection on demand, for memory measurements: RSS sampled at a random moment
 * includes whatever the collector has not yet freed, and a heap that grows until the next major
 * collection reads as a leak. The bench runs without --expose-gc (`npm run bench`), so the flag
 * is set at run time and `gc` taken from a fresh context, where V8 then installs it.
 */
export function fullGarbageCollection(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
