import { join } from 'node:path';
import { describeTransformersModelFolder, type TransformersModelFolder } from '../../models/transformers-model-folder.js';
import type { EmbeddingCatalogEntry } from './embedding-catalog.js';
import { LocalTextEmbedder } from './local-text-embedder.js';

/** `<dataDir>/embeddings/<id>/`: the folder a catalog model is installed into. */
export function embeddingModelFolder(dataDir: string, id: string): string {
  return join(dataDir, 'embeddings', id);
}

/** Where the files of a pull wait until all of them are complete. */
export function embeddingModelStagingFolder(dataDir: string, id: string): string {
  return join(dataDir, 'embeddings', '.partial', id);
}

/** The first catalog model installed under `<dataDir>/embeddings/`, with its folder and the ONNX file's dtype; undefined when none is. */
export function findInstalledEmbeddingModel(dataDir: string, catalog: readonly EmbeddingCatalogEntry[]): ({ entry: EmbeddingCatalogEntry } & TransformersModelFolder) | undefined {
  for (const entry of catalog) {
    const folder = describeTransformersModelFolder(embeddingModelFolder(dataDir, entry.id));
    if (folder) return { entry, ...folder };
  }
  return undefined;
}

/** Each catalog model with whether it is installed, and whether document search uses it (the first installed). */
export function embeddingModelStates(dataDir: string, catalog: readonly EmbeddingCatalogEntry[]): Array<EmbeddingCatalogEntry & { installed: boolean; active: boolean }> {
  const used = findInstalledEmbeddingModel(dataDir, catalog);
  return catalog.map((entry) => ({
    ...entry,
    installed: describeTransformersModelFolder(embeddingModelFolder(dataDir, entry.id)) !== undefined,
    active: used?.entry.id === entry.id,
  }));
}

/**
 * The embedder of the installed model, which loads on first use; undefined without one, and
 * documents are then searched by keyword alone (which the answer's run says).
 */
export function installedEmbedder(dataDir: string, catalog: readonly EmbeddingCatalogEntry[]): LocalTextEmbedder | undefined {
  const installed = findInstalledEmbeddingModel(dataDir, catalog);
  if (!installed) return undefined;
  return new LocalTextEmbedder({
    modelPath: installed.path,
    dtype: installed.dtype,
    ...(installed.entry.queryPrefix ? { queryPrefix: installed.entry.queryPrefix } : {}),
    ...(installed.entry.documentPrefix ? { documentPrefix: installed.entry.documentPrefix } : {}),
  });
}
