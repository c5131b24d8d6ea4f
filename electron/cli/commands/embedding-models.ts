/**
 * The document-search half of `baton models`: the embedding models of models/embedding-catalog.json,
 * which one is installed and used, and `baton models pull ID` for them.
 */
import type { Baton } from '../../core/app.js';
import type { EmbeddingCatalogEntry } from '../../core/documents/embedding/embedding-catalog.js';
import { downloadEmbeddingModel } from '../../core/documents/embedding/embedding-model-download.js';
import { embeddingModelFolder, embeddingModelStates, findInstalledEmbeddingModel } from '../../core/documents/embedding/installed-embedding-model.js';
import type { DownloadProgressBar } from '../download-progress-bar.js';
import { formatBytes } from '../format.js';
import { formatFolderModels } from './ner-models.js';

export type EmbeddingCatalogListing = ReturnType<typeof embeddingModelStates>[number];

export function formatEmbeddingCatalog(listings: readonly EmbeddingCatalogListing[]): string[] {
  return formatFolderModels('Embedding models for document search (baton models pull ID); without one, documents are searched by keyword alone', listings);
}

/** Installs an embedding model with the progress bar on stderr; one result line on stdout. */
export async function pullEmbeddingModel(
  baton: Pick<Baton, 'paths'>,
  entry: EmbeddingCatalogEntry,
  catalog: readonly EmbeddingCatalogEntry[],
  options: { signal: AbortSignal; progress: DownloadProgressBar },
): Promise<void> {
  const folder = embeddingModelFolder(baton.paths.dataDir, entry.id);
  process.stderr.write(`Downloading ${entry.name} (about ${formatBytes(entry.bytes)}) from ${entry.repo} to ${folder}\n`);
  const result = await downloadEmbeddingModel(entry, baton.paths.dataDir, { signal: options.signal, onProgress: options.progress.onProgress });
  options.progress.stop();
  const how = result.skipped ? 'already installed' : result.resumed ? 'resumed and installed' : 'installed';
  process.stdout.write(`${entry.id}: ${how} (${formatBytes(result.bytes)}, ${result.files.length} files) → ${result.path}\n`);
  const used = findInstalledEmbeddingModel(baton.paths.dataDir, catalog);
  if (used?.path !== result.path) {
    process.stderr.write(`Note: document search uses ${used?.path ?? 'no embedding model'} instead (an earlier model in the catalog comes first).\n`);
  } else if (!result.skipped) {
    process.stderr.write('Documents added from the next start of Baton are searched by keyword and meaning together.\n');
  }
}
