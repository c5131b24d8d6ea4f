import type { FakeBehaviour, RecordedRequest } from './fake-server-common.js';

/**
 * Faults for the fake cloud servers, chosen per request by a seeded random source. The choice
 * depends on the seed, the request's body and how many times that same body was seen before (a
 * retry), never on the order in which concurrent requests arrive, so a soak run with 8 requests
 * in flight injects the same faults into the same requests every time it runs with the same seed.
 */

/** The share of requests that get each fault; the rest are answered normally. */
export interface FaultRates {
  /** The socket is destroyed before any answer. */
  droppedConnection: number;
  /** An HTML page instead of JSON or server-sent events (half a proxy's 502, half a portal's 200). */
  htmlPage: number;
  /** 429 with Retry-After (mostly short, sometimes an hour). */
  rateLimited: number;
  /** A stream that starts, sends slowly, and is cut mid-way. */
  slowStreamCut: number;
}

/** The mix of issue 15's soak test. */
export const soakFaultRates: FaultRates = { droppedConnection: 0.1, htmlPage: 0.05, rateLimited: 0.05, slowStreamCut: 0.02 };

export type FaultKind = keyof FaultRates | 'none';

export interface FaultChooserOptions {
  seed: number;
  rates: FaultRates;
  /** The normal answer to a request that gets no fault; undefined for the fake's default text. */
  answer?: (recorded: RecordedRequest) => FakeBehaviour | undefined;
}

export interface FaultChooser {
  /** Give it to the fake server as its chooseBehaviour. */
  choose(recorded: RecordedRequest): FakeBehaviour | undefined;
  /** How many requests got each fault so far. */
  counts(): Record<FaultKind, number>;
}

export function faultChooser(options: FaultChooserOptions): FaultChooser {
  // Keyed by a hash of the body, not the body itself: a soak of thousands of requests must not
  // grow the memory it measures.
  const timesSeen = new Map<number, number>();
  const counts: Record<FaultKind, number> = { none: 0, droppedConnection: 0, htmlPage: 0, rateLimited: 0, slowStreamCut: 0 };
  return {
    choose(recorded) {
      const bodyHash = hashText(JSON.stringify(recorded.body ?? recorded.path));
      const attempt = timesSeen.get(bodyHash) ?? 0;
      timesSeen.set(bodyHash, attempt + 1);
      const random = seededRandom(hashText(`${options.seed}:${bodyHash}:${attempt}`));
      const kind = pickFault(random(), options.rates);
      counts[kind] += 1;
      return behaviourOf(kind, random) ?? options.answer?.(recorded);
    },
    counts: () => ({ ...counts }),
  };
}

function pickFault(draw: number, rates: FaultRates): FaultKind {
  let threshold = 0;
  for (const kind of ['droppedConnection', 'htmlPage', 'rateLimited', 'slowStreamCut'] as const) {
    threshold += rates[kind];
    if (draw < threshold) return kind;
  }
  return 'none';
}

function behaviourOf(kind: FaultKind, random: () => number): FakeBehaviour | undefined {
  switch (kind) {
    case 'none':
      return undefined;
    case 'droppedConnection':
      return { kind: 'reset' };
    case 'htmlPage':
      return { kind: 'html', status: random() < 0.5 ? 502 : 200 };
    case 'rateLimited':
      // Mostly a wait worth waiting for; one in four lifts in an hour, which must not be waited for.
      return { kind: 'error', status: 429, headers: { 'retry-after': random() < 0.75 ? '1' : '3600' } };
    case 'slowStreamCut':
      return { kind: 'drop', afterChunks: 2, delayMsPerChunk: 150, text: 'This answer starts slowly and never gets to its end, because the line is cut.' };
  }
}

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a, 32 bits: enough to tell request bodies apart and to seed the generator. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
