/**
 * The document-search half of `baton models`: the embedding models of models/embedding-catalog.json,
 * which one is installed and used, and `baton models pull ID` for them.
 */
import type { Baton } from '../../core/app.js';
import type { EmbeddingCatalogEntry } from '../../core/documents/embedding/embedding-catalog.js';
import { downloadEmbeddingModel } from '../../core/documents/embedding/embedding-model-download.js';
import { embeddingModelFolder, embeddingModelStates, findInstalledEmbeddingModel } from '../../core/documents/embedding/installed-embedding-model.js';
import type { DownloadProgressBar } from '../download-progress-bar.js';
import { formatFolderModels, pullFolderModel } from './folder-models.js';

export type EmbeddingCatalogListing = ReturnType<typeof embeddingModelStates>[number];

export function formatEmbeddingCatalog(listings: readonly EmbeddingCatalogListing[]): string[] {
  return formatFolderModels('Embedding models for document search (baton models pull ID); without one, documents are searched by keyword alone', listings);
}

/** Installs an embedding model with the progress bar on stderr; one result line on stdout. */
export function pullEmbeddingModel(
  baton: Pick<Baton, 'paths'>,
  entry: EmbeddingCatalogEntry,
  catalog: readonly EmbeddingCatalogEntry[],
  options: { signal: AbortSignal; progress: DownloadProgressBar },
): Promise<void> {
  return pullFolderModel({
    entry,
    folder: embeddingModelFolder(baton.paths.dataDir, entry.id),
    download: (downloadOptions) => downloadEmbeddingModel(entry, baton.paths.dataDir, downloadOptions),
    ...options,
    usedPath: () => findInstalledEmbeddingModel(baton.paths.dataDir, catalog)?.path,
    notUsed: (used) => `Note: document search uses ${used ?? 'no embedding model'} instead (an earlier model in the catalog comes first).`,
    takenUp: 'Documents added from the next start of Baton are searched by keyword and meaning together.',
  });
}
