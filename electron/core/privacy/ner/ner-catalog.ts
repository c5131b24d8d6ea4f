import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { BatonError } from '../../../shared/errors.js';
import { shippedModelsPath } from '../../support/shipped-files.js';

/** One downloadable NER model for the shield (models/ner-catalog.json). */
export const nerCatalogEntrySchema = z.object({
  /** The folder name under `<dataDir>/ner/`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  /** The Hugging Face repository the files come from. */
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  name: z.string().min(1),
  description: z.string(),
  license: z.string().min(1),
  languages: z.array(z.string()),
  /** The model's entity tags, without B-/I- prefixes. */
  labels: z.array(z.string()),
  /** The ONNX weights to download, relative to the repository root. */
  onnxFile: z.string().regex(/\.onnx$/),
  /** Which file transformers.js loads: 'fp32' is model.onnx, 'q8' model_quantized.onnx. */
  dtype: z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4']),
  /** Approximate download size of the ONNX file. */
  bytes: z.number().int().positive(),
});

export type NerCatalogEntry = z.infer<typeof nerCatalogEntrySchema>;

const nerCatalogSchema = z.object({ $comment: z.string().optional(), models: z.array(nerCatalogEntrySchema) });

/** models/ner-catalog.json, found by walking up from this file so it works from dist/ too. */
export function defaultNerCatalogPath(): string {
  return shippedModelsPath('ner-catalog.json');
}

/** The NER catalog, validated; a broken file is a clear error, not a silent empty list. */
export function loadNerCatalog(path = defaultNerCatalogPath()): NerCatalogEntry[] {
  try {
    return nerCatalogSchema.parse(JSON.parse(readFileSync(path, 'utf8'))).models;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BatonError('configuration', `The NER model catalog "${path}" cannot be read: ${reason}`, { cause: error });
  }
}
