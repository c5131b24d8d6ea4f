/**
 * Background work that runs only while the person is away: after `idleMs` without activity and
 * with nothing else running, one piece at a time, checked every `checkMs`. Any activity stops the
 * piece in progress (its signal aborts), so a person's request never waits behind it.
 */
export interface IdleWorkOptions {
  enabled: () => boolean;
  /** True while the service itself is working (a run, an indexing). */
  busy: () => boolean;
  /** One piece of work; resolves false when there was nothing to do (the next check waits a full idle period). */
  work: (signal: AbortSignal) => Promise<boolean>;
  /** Called after each piece of work ended (the service then does what waited for it). */
  afterWork?: () => void;
  idleMs?: number;
  checkMs?: number;
  now?: () => number;
}

export class IdleWork {
  private lastActivity: number;
  private current: { controller: AbortController; done: Promise<void> } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly idleMs: number;
  private readonly now: () => number;

  constructor(private readonly options: IdleWorkOptions) {
    this.idleMs = options.idleMs ?? 120_000;
    this.now = options.now ?? Date.now;
    this.lastActivity = this.now();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.check(), this.options.checkMs ?? 30_000);
    this.timer.unref();
  }

  get running(): boolean {
    return this.current !== undefined;
  }

  /** The person did something: the work in progress stops, and the idle period starts again. */
  activity(): void {
    this.lastActivity = this.now();
    this.current?.controller.abort();
  }

  /** Stops the timer and the work in progress; resolves once that work has ended. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.current?.controller.abort();
    await this.current?.done;
  }

  /** Runs one piece when it is time; exposed so tests need no timers. Resolves when that piece ended. */
  async check(): Promise<void> {
    if (this.current || !this.options.enabled() || this.options.busy() || this.now() - this.lastActivity < this.idleMs) return;
    const controller = new AbortController();
    const done = this.runPiece(controller.signal);
    this.current = { controller, done };
    await done;
  }

  private async runPiece(signal: AbortSignal): Promise<void> {
    try {
      const didWork = await this.options.work(signal);
      // Nothing left to do: wait a whole idle period before looking again.
      if (!didWork) this.lastActivity = this.now();
    } catch {
      // Background work never troubles the person; the next idle period tries again.
      this.lastActivity = this.now();
    } finally {
      this.current = undefined;
      this.options.afterWork?.();
    }
  }
}
