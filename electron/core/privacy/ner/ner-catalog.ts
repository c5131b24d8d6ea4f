import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { BatonError } from '../../../shared/errors.js';
import { hubModelFileSchema, transformersSupportFiles } from '../../models/hub-model-files.js';
import { shippedModelsPath } from '../../support/shipped-files.js';

/** One file of a NER model, relative to the repository root and to `<dataDir>/ner/<id>/` alike. */
export type NerCatalogFile = z.infer<typeof hubModelFileSchema>;

/** One downloadable NER model for the shield (models/ner-catalog.json). */
const nerCatalogEntryObjectSchema = z.object({
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
  /**
   * Every file to download, when sizes or checksums are known or the layout differs; without it,
   * the support files above plus `onnxFile`. It must name config.json, tokenizer.json and `onnxFile`.
   */
  files: z.array(hubModelFileSchema).min(1).optional(),
});

export const nerCatalogEntrySchema = nerCatalogEntryObjectSchema.superRefine((entry, context) => {
  if (!entry.files) return;
  const paths = entry.files.map((file) => file.path);
  for (const required of ['config.json', 'tokenizer.json', entry.onnxFile]) {
    if (!paths.includes(required)) context.addIssue({ code: 'custom', message: `files must include ${required}`, path: ['files'] });
  }
  if (new Set(paths).size !== paths.length) context.addIssue({ code: 'custom', message: 'files lists a path twice', path: ['files'] });
});

export type NerCatalogEntry = z.infer<typeof nerCatalogEntrySchema>;

/** The files a pull downloads: the entry's own list, or the transformers.js layout with its ONNX file. */
export function nerModelFiles(entry: NerCatalogEntry): NerCatalogFile[] {
  return entry.files ?? [...transformersSupportFiles.map((path) => ({ path })), { path: entry.onnxFile }];
}

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

/** The entry with this id; a 'model-not-found' error that lists the known ids otherwise. */
export function findNerCatalogEntry(catalog: readonly NerCatalogEntry[], id: string): NerCatalogEntry {
  const entry = catalog.find((candidate) => candidate.id === id);
  if (entry) return entry;
  const known = catalog.map((candidate) => candidate.id).join(', ') || '(the catalog is empty)';
  throw new BatonError('model-not-found', `There is no NER model "${id}" in the catalog. Known NER models: ${known}.`);
}
