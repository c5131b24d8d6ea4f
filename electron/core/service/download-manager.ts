import type { DownloadState } from '../../shared/api.js';
import { BatonError, toBatonError } from '../../shared/errors.js';
import { findCatalogEntry, type ModelCatalog } from '../models/model-catalog.js';
import { downloadModel, type DownloadProgress } from '../models/model-downloader.js';
import type { EmbeddingCatalogEntry } from '../documents/embedding/embedding-catalog.js';
import { downloadEmbeddingModel } from '../documents/embedding/embedding-model-download.js';
import type { NerCatalogEntry } from '../privacy/ner/ner-catalog.js';
import { downloadNerModel } from '../privacy/ner/ner-model-download.js';

export interface DownloadManagerOptions {
  catalog(): ModelCatalog;
  modelsDir(): string;
  /** The shield's NER models (models/ner-catalog.json), pulled when an id is not a GGUF catalog id. */
  nerCatalog(): readonly NerCatalogEntry[];
  /** Document search's embedding models (models/embedding-catalog.json), pulled when an id is in neither catalog above. */
  embeddingCatalog(): readonly EmbeddingCatalogEntry[];
  /** Where NER and embedding models are installed (`<dataDir>/ner/<id>/`, `<dataDir>/embeddings/<id>/`). */
  dataDir(): string;
  /** Where NER models come from; default BATON_HF_BASE_URL of this process, else huggingface.co. */
  huggingFaceBaseUrl?(): string;
  report(state: DownloadState): void;
  /** Called once a NER or embedding model is installed, after its 'finished' report, so the shield or document search can take it up. */
  folderModelInstalled?(id: string): void;
}

/** One pull: the model's approximate size, and how to download it with a signal and progress. */
interface Pull {
  bytes: number;
  run(signal: AbortSignal, onProgress: (progress: DownloadProgress) => void): Promise<{ bytes: number }>;
  finished?(): void;
}

/**
 * Downloads of catalog models, the shield's NER models and document search's embedding models, running in the background, at most
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

  /** A GGUF catalog model, else a NER model, else an embedding model; 'model-not-found' (naming the GGUF ids) when none has the id. */
  private pullOf(id: string): Pull {
    const catalog = this.options.catalog();
    const isGguf = catalog.models.some((candidate) => candidate.id === id);
    const baseUrl = this.options.huggingFaceBaseUrl?.();
    const ner = isGguf ? undefined : this.options.nerCatalog().find((candidate) => candidate.id === id);
    if (ner) {
      return {
        bytes: ner.bytes,
        run: (signal, onProgress) => downloadNerModel(ner, this.options.dataDir(), { baseUrl, signal, onProgress }),
        finished: () => this.options.folderModelInstalled?.(id),
      };
    }
    const embedding = isGguf ? undefined : this.options.embeddingCatalog().find((candidate) => candidate.id === id);
    if (embedding) {
      return {
        bytes: embedding.bytes,
        run: (signal, onProgress) => downloadEmbeddingModel(embedding, this.options.dataDir(), { baseUrl, signal, onProgress }),
        finished: () => this.options.folderModelInstalled?.(id),
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
