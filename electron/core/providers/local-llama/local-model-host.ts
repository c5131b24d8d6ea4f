import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import { LoadedLocalModel, type LoadedModelInfo, type LocalModelSettings } from './loaded-local-model.js';
import type { LlamaRuntime } from './llama-runtime.js';
import type { ThreadChoiceCache } from './thread-count.js';

export interface SequenceLease {
  loaded: LoadedLocalModel;
  sequence: LlamaContextSequence;
  release(): void;
}

/**
 * Keeps one model file loaded while it is used and unloads it after it has been idle for
 * `idleUnloadMs`, so a model a person stopped using gives its memory back. The next request
 * loads it again.
 */
export class LocalModelHost {
  private loading: Promise<LoadedLocalModel> | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private activeRequests = 0;
  private unloading: Promise<void> | undefined;

  constructor(
    readonly path: string,
    private readonly runtime: () => Promise<LlamaRuntime>,
    private readonly settings: LocalModelSettings,
    private readonly idleUnloadMs: number,
    private readonly threadCache: ThreadChoiceCache | undefined,
  ) {}

  get isLoaded(): boolean {
    return this.loading !== undefined;
  }

  /** Loads the model (once, shared by concurrent callers) and returns it. */
  async load(signal?: AbortSignal): Promise<LoadedLocalModel> {
    await this.unloading;
    if (!this.loading) {
      const loading = this.runtime().then((runtime) => LoadedLocalModel.load(runtime, this.path, this.settings, this.threadCache, signal));
      this.loading = loading;
      loading.catch(() => {
        // A failed load must not stick: the next request tries again.
        if (this.loading === loading) this.loading = undefined;
      });
      this.scheduleIdleUnload();
    }
    return this.loading;
  }

  async info(): Promise<LoadedModelInfo | undefined> {
    return this.loading ? (await this.loading).info() : undefined;
  }

  /**
   * A sequence of the loaded model for one request. `promptTokens`, given the loaded model,
   * tokenises the request's prompt, so that the sequence whose cache already holds its start is
   * chosen (see SequencePool).
   */
  async acquire(signal?: AbortSignal, promptTokens?: (loaded: LoadedLocalModel) => readonly Token[]): Promise<SequenceLease> {
    this.activeRequests += 1;
    this.cancelIdleUnload();
    try {
      const loaded = await this.load(signal);
      const sequence = await loaded.pool.acquire(signal, promptTokens?.(loaded));
      let released = false;
      return {
        loaded,
        sequence,
        release: () => {
          if (released) return;
          released = true;
          loaded.pool.release(sequence);
          this.finishRequest();
        },
      };
    } catch (error) {
      this.finishRequest();
      throw error;
    }
  }

  async unload(): Promise<void> {
    this.cancelIdleUnload();
    const loading = this.loading;
    if (!loading) return;
    this.loading = undefined;
    this.unloading = loading
      .then((loaded) => loaded.dispose())
      .catch(() => undefined) // a model that failed to load has nothing to free
      .finally(() => {
        this.unloading = undefined;
      });
    await this.unloading;
  }

  private finishRequest(): void {
    this.activeRequests -= 1;
    if (this.activeRequests === 0) this.scheduleIdleUnload();
  }

  private scheduleIdleUnload(): void {
    this.cancelIdleUnload();
    if (this.activeRequests > 0) return;
    this.idleTimer = setTimeout(() => {
      void this.unload();
    }, this.idleUnloadMs);
    // An idle timer alone must not keep a CLI process alive.
    this.idleTimer.unref();
  }

  private cancelIdleUnload(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}
