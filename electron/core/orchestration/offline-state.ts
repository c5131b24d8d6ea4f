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
  /** How long an automatic offline state lasts before the cloud is tried again. */
  recheckMs: () => number;
  /** Milliseconds since the epoch. */
  clock?: () => number;
}

/**
 * Whether Baton may use anything off this machine. Offline, the router only sees on-device
 * models. The automatic state comes from a network failure of a cloud call and ends after
 * `recheckMs`, so a later run tries the cloud again. Share one instance between runs (and the UI).
 */
export class OfflineState {
  private unreachableSince: number | undefined;
  private unreachableDetail = '';
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

  /** A cloud call failed to connect: go offline for a while. */
  markUnreachable(detail: string): void {
    const wasOffline = this.status().offline;
    this.unreachableSince = this.now();
    this.unreachableDetail = detail;
    if (!wasOffline) this.notify();
  }

  /** A cloud call got through: the automatic state ends at once. */
  markReachable(): void {
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
