import type { DownloadState } from '../../shared/api.js';
import { BatonError, toBatonError } from '../../shared/errors.js';
import { findCatalogEntry, type ModelCatalog } from '../models/model-catalog.js';
import { downloadModel, type DownloadProgress } from '../models/model-downloader.js';
import type { NerCatalogEntry } from '../privacy/ner/ner-catalog.js';
import { downloadNerModel } from '../privacy/ner/ner-model-download.js';

export interface DownloadManagerOptions {
  catalog(): ModelCatalog;
  modelsDir(): string;
  /** The shield's NER models (models/ner-catalog.json), pulled when an id is not a GGUF catalog id. */
  nerCatalog(): readonly NerCatalogEntry[];
  /** Where NER models are installed (`<dataDir>/ner/<id>/`). */
  dataDir(): string;
  /** Where NER models come from; default BATON_HF_BASE_URL of this process, else huggingface.co. */
  huggingFaceBaseUrl?(): string;
  report(state: DownloadState): void;
  /** Called once a NER model is installed, after its 'finished' report, so the shield can take it up. */
  nerModelInstalled?(id: string): void;
}

/** One pull: the model's approximate size, and how to download it with a signal and progress. */
interface Pull {
  bytes: number;
  run(signal: AbortSignal, onProgress: (progress: DownloadProgress) => void): Promise<{ bytes: number }>;
  finished?(): void;
}

/**
 * Downloads of catalog models, and of the shield's NER models, running in the background, at most
 * one per model. A cancelled download keeps its bytes (model-downloader's `.partial`, the NER
 * model's staging folder), so pulling again resumes it.
 */
export class DownloadManager {
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();

  constructor(private readonly options: DownloadManagerOptions) {}

  /** False when this model is already downloading. Throws 'model-not-found' for an id in neither catalog. */
  start(id: string): boolean {
    const pull = this.pullOf(id);
    if (this.active.has(id)) return false;
    const controller = new AbortController();
    const report = (state: Omit<DownloadState, 'modelId'>) => this.options.report({ modelId: id, ...state });
    // The model stops counting as active before its last report, so a pull on hearing it starts again.
    const settle = (state: Omit<DownloadState, 'modelId'>) => {
      this.active.delete(id);
      report(state);
    };
    const done = pull
      .run(controller.signal, ({ receivedBytes, totalBytes, bytesPerSecond }) => report({ state: 'downloading', receivedBytes, totalBytes, bytesPerSecond, error: null }))
      .then(
        (result) => {
          settle({ state: 'finished', receivedBytes: result.bytes, totalBytes: result.bytes, bytesPerSecond: 0, error: null });
          pull.finished?.();
        },
        (error: unknown) => {
          const failure = toBatonError(error);
          const cancelled = controller.signal.aborted || failure.code === 'aborted';
          settle({ state: cancelled ? 'cancelled' : 'failed', receivedBytes: 0, totalBytes: pull.bytes, bytesPerSecond: 0, error: cancelled ? null : failure.toJSON() });
        },
      );
    this.active.set(id, { controller, done });
    return true;
  }

  /** A GGUF catalog model, else a NER model; 'model-not-found' (naming the GGUF ids) when neither has the id. */
  private pullOf(id: string): Pull {
    const catalog = this.options.catalog();
    const entry = catalog.models.some((candidate) => candidate.id === id) ? undefined : this.options.nerCatalog().find((candidate) => candidate.id === id);
    if (entry) {
      return {
        bytes: entry.bytes,
        run: (signal, onProgress) => downloadNerModel(entry, this.options.dataDir(), { baseUrl: this.options.huggingFaceBaseUrl?.(), signal, onProgress }),
        finished: () => this.options.nerModelInstalled?.(id),
      };
    }
    const model = findCatalogEntry(catalog, id);
    return { bytes: model.bytes, run: (signal, onProgress) => downloadModel(model, this.options.modelsDir(), { signal, onProgress }) };
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
