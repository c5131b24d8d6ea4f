import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { BatonError } from '../../../shared/errors.js';
import { catalogEntryFiles, checkFilesList, hubCatalogEntrySchema, type HubModelFile } from '../../models/hub-model-files.js';
import { shippedModelsPath } from '../../support/shipped-files.js';

/** One downloadable sentence-embedding model for document search (models/embedding-catalog.json), installed under `<dataDir>/embeddings/<id>/`. */
export const embeddingCatalogEntrySchema = hubCatalogEntrySchema
  .extend({
    /** Put before a question ("query: " for E5, an instruction for BGE) or before each passage. */
    queryPrefix: z.string().optional(),
    documentPrefix: z.string().optional(),
  })
  .superRefine(checkFilesList);

export type EmbeddingCatalogEntry = z.infer<typeof embeddingCatalogEntrySchema>;

const embeddingCatalogSchema = z.object({ $comment: z.string().optional(), models: z.array(embeddingCatalogEntrySchema) });

/** The files a pull downloads: the entry's own list, or the transformers.js layout with its ONNX file. */
export function embeddingModelFiles(entry: EmbeddingCatalogEntry): HubModelFile[] {
  return catalogEntryFiles(entry);
}

/** models/embedding-catalog.json, validated; a broken file is a clear error, not a silent empty list. */
export function loadEmbeddingCatalog(path = shippedModelsPath('embedding-catalog.json')): EmbeddingCatalogEntry[] {
  try {
    return embeddingCatalogSchema.parse(JSON.parse(readFileSync(path, 'utf8'))).models;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BatonError('configuration', `The embedding model catalog "${path}" cannot be read: ${reason}`, { cause: error });
  }
}
