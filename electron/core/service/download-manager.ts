import type { DownloadState } from '../../shared/api.js';
import { BatonError, toBatonError } from '../../shared/errors.js';
import { findCatalogEntry, type ModelCatalog } from '../models/model-catalog.js';
import { downloadModel } from '../models/model-downloader.js';

export interface DownloadManagerOptions {
  catalog(): ModelCatalog;
  modelsDir(): string;
  report(state: DownloadState): void;
}

/**
 * Downloads of catalog models running in the background, at most one per model. A cancelled
 * download keeps its bytes (model-downloader's `.partial`), so pulling again resumes it.
 */
export class DownloadManager {
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();

  constructor(private readonly options: DownloadManagerOptions) {}

  /** False when this model is already downloading. Throws 'model-not-found' for an id not in the catalog. */
  start(id: string): boolean {
    const entry = findCatalogEntry(this.options.catalog(), id);
    if (this.active.has(id)) return false;
    const controller = new AbortController();
    const report = (state: Omit<DownloadState, 'modelId'>) => this.options.report({ modelId: id, ...state });
    const done = downloadModel(entry, this.options.modelsDir(), {
      signal: controller.signal,
      onProgress: (progress) => report({ state: 'downloading', ...progress, error: null }),
    }).then(
      (result) => report({ state: 'finished', receivedBytes: result.bytes, totalBytes: result.bytes, bytesPerSecond: 0, error: null }),
      (error: unknown) => {
        const failure = toBatonError(error);
        const cancelled = controller.signal.aborted || failure.code === 'aborted';
        report({ state: cancelled ? 'cancelled' : 'failed', receivedBytes: 0, totalBytes: entry.bytes, bytesPerSecond: 0, error: cancelled ? null : failure.toJSON() });
      },
    );
    const tracked = { controller, done: done.finally(() => this.active.delete(id)) };
    this.active.set(id, tracked);
    return true;
  }

  cancel(id: string): boolean {
    const download = this.active.get(id);
    if (!download) return false;
    download.controller.abort(new BatonError('aborted', `The download of ${id} was cancelled.`));
    return true;
  }

  isActive(id: string): boolean {
    return this.active.has(id);
  }

  /** Stops every download and waits until each has let go of its file. */
  async cancelAll(): Promise<void> {
    const downloads = [...this.active.values()];
    for (const download of downloads) download.controller.abort();
    await Promise.all(downloads.map((download) => download.done));
  }
}
