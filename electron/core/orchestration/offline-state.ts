import { networkInterfaces } from 'node:os';

export interface OfflineStatus {
  offline: boolean;
  /** 'setting': the person switched offline on; 'automatic': a cloud call could not reach the network. */
  source: 'setting' | 'automatic' | null;
  /** In words, for notices and route reasons. */
  reason: string | null;
}

export interface OfflineStateOptions {
  /** The person's offline switch, read at every question (settings can change at run time). */
  setting: () => boolean;
  /** The OS's view: whether any network interface other than loopback is up. Never a probe of a third party. */
  networkInterfacesUp?: () => boolean;
  /** How long an automatic offline state lasts before the cloud is tried again. */
  recheckMs: () => number;
  /** Milliseconds since the epoch. */
  clock?: () => number;
}

/**
 * Whether Baton may use anything off this machine. Offline, the router only sees on-device
 * models. The automatic state means the network is gone: a cloud call could not connect and
 * either the OS shows no network interface up, or a second provider could not be reached within
 * `recheckMs` either. One provider that cannot be reached is that provider's trouble (its
 * circuit breaker, provider-health.ts), not the network's. The automatic state ends after
 * `recheckMs`, so a later run tries the cloud again. Share one instance between runs (and the UI).
 */
export class OfflineState {
  private unreachableSince: number | undefined;
  private unreachableDetail = '';
  /** The last connection failure of each cloud provider (milliseconds since the epoch). */
  private readonly connectionFailures = new Map<string, { at: number; detail: string }>();
  private readonly listeners = new Set<(status: OfflineStatus) => void>();

  constructor(private readonly options: OfflineStateOptions) {}

  status(): OfflineStatus {
    if (this.options.setting()) {
      return { offline: true, source: 'setting', reason: 'Baton is set to offline: nothing leaves this machine' };
    }
    if (this.unreachableSince !== undefined) {
      if (this.now() - this.unreachableSince < this.options.recheckMs()) {
        return { offline: true, source: 'automatic', reason: `the network is unreachable (${this.unreachableDetail})` };
      }
      this.unreachableSince = undefined;
      this.notify();
    }
    return { offline: false, source: null, reason: null };
  }

  /**
   * A cloud call could not connect. Offline when the OS shows no network, or when another
   * provider could not be reached lately either; otherwise only that provider is in trouble.
   */
  noteConnectionFailure(provider: string, detail: string): void {
    const now = this.now();
    this.connectionFailures.set(provider, { at: now, detail });
    const recent = [...this.connectionFailures].filter(([, failure]) => now - failure.at < this.options.recheckMs());
    const networkUp = (this.options.networkInterfacesUp ?? anyNetworkInterfaceUp)();
    if (!networkUp) this.markUnreachable(`no network interface is up; ${provider}: ${detail}`);
    else if (recent.length >= 2) this.markUnreachable(recent.map(([name, failure]) => `${name}: ${failure.detail}`).join('; '));
  }

  /** The network is gone: go offline for a while. */
  markUnreachable(detail: string): void {
    const wasOffline = this.status().offline;
    this.unreachableSince = this.now();
    this.unreachableDetail = detail;
    if (!wasOffline) this.notify();
  }

  /** A cloud call got through: the automatic state ends at once. */
  markReachable(): void {
    this.connectionFailures.clear();
    if (this.unreachableSince === undefined) return;
    this.unreachableSince = undefined;
    this.notify();
  }

  /** Returns the function that removes the listener. */
  onChange(listener: (status: OfflineStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    const status = this.status();
    for (const listener of this.listeners) listener(status);
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }
}

/** Whether the OS has any network interface up besides loopback. */
function anyNetworkInterfaceUp(): boolean {
  return Object.values(networkInterfaces()).some((addresses) => (addresses ?? []).some((address) => !address.internal));
}
