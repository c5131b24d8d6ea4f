import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { BatonError } from '../../../shared/errors.js';
import { catalogEntryFiles, checkFilesList, hubCatalogEntrySchema, type HubModelFile } from '../../models/hub-model-files.js';
import { shippedModelsPath } from '../../support/shipped-files.js';

/** One file of a NER model, relative to the repository root and to `<dataDir>/ner/<id>/` alike. */
export type NerCatalogFile = HubModelFile;

/** One downloadable NER model for the shield (models/ner-catalog.json), installed under `<dataDir>/ner/<id>/`. */
export const nerCatalogEntrySchema = hubCatalogEntrySchema
  .extend({
    /** The model's entity tags, without B-/I- prefixes. */
    labels: z.array(z.string()),
  })
  .superRefine(checkFilesList);

export type NerCatalogEntry = z.infer<typeof nerCatalogEntrySchema>;

/** The files a pull downloads: the entry's own list, or the transformers.js layout with its ONNX file. */
export function nerModelFiles(entry: NerCatalogEntry): NerCatalogFile[] {
  return catalogEntryFiles(entry);
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
