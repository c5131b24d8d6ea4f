import type { BatonErrorCode } from '../../shared/errors.js';

export type ProviderHealthState = 'healthy' | 'paused' | 'trial';

export interface ProviderStatus {
  provider: string;
  state: ProviderHealthState;
  /** In words, for notices, route reasons and the UI; null while healthy. */
  reason: string | null;
  /** When a paused provider is tried again (milliseconds since the epoch); null unless paused. */
  retryAt: number | null;
}

export interface ProviderHealthOptions {
  /** Consecutive failures that pause a provider. */
  failuresToPause?: number;
  /** The first pause; each pause after a failed trial doubles it, up to `longestPauseMs`. */
  firstPauseMs?: number;
  longestPauseMs?: number;
  clock?: () => number;
}

/** Failures that say the provider (or the way to it) is not working, not that the request was wrong. */
const countedFailures: ReadonlySet<BatonErrorCode> = new Set(['connection', 'server-error', 'timeout', 'unknown']);

interface Breaker {
  consecutiveFailures: number;
  pausedUntil: number | null;
  pauseMs: number;
  lastFailure: string;
  /** A reason the provider gave for the pause (a rate limit), shown as it is. */
  statedReason?: string;
}

/**
 * A circuit breaker per cloud provider. One dropped connection or one HTML page from a provider
 * is not "offline": only that provider is paused, after a few failures in a row, while the other
 * providers and the local models go on. When the pause ends the provider gets a trial ("half
 * open"): a success makes it healthy again, a failure pauses it for twice as long.
 */
export class ProviderHealth {
  private readonly breakers = new Map<string, Breaker>();
  private readonly listeners = new Set<() => void>();
  private readonly failuresToPause: number;
  private readonly firstPauseMs: number;
  private readonly longestPauseMs: number;

  constructor(private readonly options: ProviderHealthOptions = {}) {
    this.failuresToPause = options.failuresToPause ?? 3;
    this.firstPauseMs = options.firstPauseMs ?? 30_000;
    this.longestPauseMs = options.longestPauseMs ?? 5 * 60_000;
  }

  status(provider: string): ProviderStatus {
    const breaker = this.breakers.get(provider);
    if (!breaker || breaker.pausedUntil === null) return { provider, state: 'healthy', reason: null, retryAt: null };
    if (this.now() >= breaker.pausedUntil) {
      return { provider, state: 'trial', reason: `${provider} is being tried again after failures`, retryAt: null };
    }
    const seconds = Math.ceil((breaker.pausedUntil - this.now()) / 1000);
    if (breaker.statedReason) return { provider, state: 'paused', reason: breaker.statedReason, retryAt: breaker.pausedUntil };
    return {
      provider,
      state: 'paused',
      reason: `${provider} is paused after ${breaker.consecutiveFailures} failures in a row (${breaker.lastFailure}); tried again in ${seconds} s`,
      retryAt: breaker.pausedUntil,
    };
  }

  /** Every provider that is not healthy, for the UI. */
  troubled(): ProviderStatus[] {
    return [...this.breakers.keys()].map((provider) => this.status(provider)).filter((status) => status.state !== 'healthy');
  }

  recordSuccess(provider: string): void {
    const breaker = this.breakers.get(provider);
    if (!breaker) return;
    this.breakers.delete(provider);
    this.notify();
  }

  /** A failed call. Only failures of the provider count (a refused request or a denied consent does not). */
  recordFailure(provider: string, code: BatonErrorCode, detail: string): void {
    if (!countedFailures.has(code)) return;
    const breaker = this.breakers.get(provider) ?? { consecutiveFailures: 0, pausedUntil: null, pauseMs: this.firstPauseMs, lastFailure: '' };
    const wasTrial = breaker.pausedUntil !== null && this.now() >= breaker.pausedUntil;
    breaker.consecutiveFailures += 1;
    breaker.lastFailure = detail;
    delete breaker.statedReason;
    if (wasTrial) {
      // The trial failed: pause again, for longer.
      breaker.pauseMs = Math.min(this.longestPauseMs, breaker.pauseMs * 2);
      breaker.pausedUntil = this.now() + breaker.pauseMs;
    } else if (breaker.pausedUntil === null && breaker.consecutiveFailures >= this.failuresToPause) {
      breaker.pausedUntil = this.now() + breaker.pauseMs;
    }
    this.breakers.set(provider, breaker);
    this.notify();
  }

  /** The provider asked Baton to wait (a rate limit): paused until then, with the reason given. */
  pauseUntil(provider: string, until: number, reason: string): void {
    const breaker = this.breakers.get(provider) ?? { consecutiveFailures: 0, pausedUntil: null, pauseMs: this.firstPauseMs, lastFailure: '' };
    breaker.pausedUntil = Math.max(breaker.pausedUntil ?? 0, until);
    breaker.lastFailure = reason;
    breaker.statedReason = reason;
    this.breakers.set(provider, breaker);
    this.notify();
  }

  /** Returns the function that removes the listener. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }
}
