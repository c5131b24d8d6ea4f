import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { BatonError } from '../../../shared/errors.js';
import { hubModelFileSchema, transformersSupportFiles } from '../../models/hub-model-files.js';
import { shippedModelsPath } from '../../support/shipped-files.js';

/** One downloadable sentence-embedding model for document search (models/embedding-catalog.json). */
export const embeddingCatalogEntrySchema = z.object({
  /** The folder name under `<dataDir>/embeddings/`; not an id of the other catalogs. */
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  /** The Hugging Face repository the files come from. */
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  name: z.string().min(1),
  description: z.string(),
  license: z.string().min(1),
  languages: z.array(z.string()),
  /** The ONNX weights to download, relative to the repository root. */
  onnxFile: z.string().regex(/^onnx\/[\w.-]+\.onnx$/),
  /** Which file transformers.js loads: 'fp32' is model.onnx, 'q8' model_quantized.onnx. */
  dtype: z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4']),
  /** Approximate download size of the ONNX file. */
  bytes: z.number().int().positive(),
  /** Put before a question ("query: " for E5, an instruction for BGE) or before each passage. */
  queryPrefix: z.string().optional(),
  documentPrefix: z.string().optional(),
  /** Every file to download, when sizes or checksums are known; without it, the transformers.js support files plus `onnxFile`. */
  files: z.array(hubModelFileSchema).min(1).optional(),
});

export type EmbeddingCatalogEntry = z.infer<typeof embeddingCatalogEntrySchema>;

const embeddingCatalogSchema = z.object({ $comment: z.string().optional(), models: z.array(embeddingCatalogEntrySchema) });

/** The files a pull downloads: the entry's own list, or the transformers.js layout with its ONNX file. */
export function embeddingModelFiles(entry: EmbeddingCatalogEntry): Array<z.infer<typeof hubModelFileSchema>> {
  return entry.files ?? [...transformersSupportFiles.map((path) => ({ path })), { path: entry.onnxFile }];
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
