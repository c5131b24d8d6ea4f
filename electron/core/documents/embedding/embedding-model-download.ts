import { downloadHubModel, type HubModelDownloadOptions, type HubModelDownloadResult } from '../../models/hub-model-download.js';
import { embeddingModelFiles, type EmbeddingCatalogEntry } from './embedding-catalog.js';
import { embeddingModelFolder, embeddingModelStagingFolder } from './installed-embedding-model.js';

/** Downloads every file of `entry` and installs the model at `<dataDir>/embeddings/<id>/` (see hub-model-download.ts). */
export function downloadEmbeddingModel(entry: EmbeddingCatalogEntry, dataDir: string, options: HubModelDownloadOptions = {}): Promise<HubModelDownloadResult> {
  return downloadHubModel(
    {
      id: entry.id,
      repo: entry.repo,
      files: embeddingModelFiles(entry),
      onnxFile: entry.onnxFile,
      bytes: entry.bytes,
      target: embeddingModelFolder(dataDir, entry.id),
      staging: embeddingModelStagingFolder(dataDir, entry.id),
      noun: 'embedding model',
    },
    options,
  );
}
