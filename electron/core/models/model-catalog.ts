import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { BatonError } from '../../shared/errors.js';
import { shippedModelsPath } from '../support/shipped-files.js';

const sha256Pattern = /^[0-9a-f]{64}$/;

/** One downloadable GGUF model. */
export const catalogEntrySchema = z.object({
  /** Short, stable, kebab-case: what `baton models pull ID` takes. */
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, dot, dash and underscore'),
  name: z.string().min(1),
  description: z.string(),
  /** http too, so that tests can point a catalog at a server on 127.0.0.1. */
  uri: z.url({ protocol: /^https?$/ }),
  /** The name in the models folder: a plain file name (no folders), ending in .gguf. */
  fileName: z
    .string()
    .regex(/^[^/\\]+\.gguf$/, 'a plain file name ending in .gguf')
    .refine((name) => name !== '..' && !name.startsWith('.'), 'must not be hidden or relative'),
  bytes: z.number().int().positive(),
  /** False when `bytes` is an estimate: downloads then check the length the server reports instead. */
  bytesExact: z.boolean().default(true),
  quantization: z.string().min(1),
  parameters: z.string().min(1),
  contextLength: z.number().int().positive(),
  license: z.string().min(1),
  minRamGiB: z.number().positive(),
  /** Lower-case hex; null where the publisher's checksum is not known. */
  sha256: z.string().regex(sha256Pattern, '64 lower-case hex digits').nullable(),
});

export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

export const modelCatalogSchema = z
  .object({
    $comment: z.string().optional(),
    models: z.array(catalogEntrySchema),
  })
  .superRefine((catalog, context) => {
    // Ids and file names are both keys (the CLI takes ids, the models folder holds file names).
    for (const key of ['id', 'fileName'] as const) {
      const seen = new Set<string>();
      for (const entry of catalog.models) {
        if (seen.has(entry[key])) {
          context.addIssue({ code: 'custom', message: `duplicate ${key} "${entry[key]}"`, path: ['models'] });
        }
        seen.add(entry[key]);
      }
    }
  });

export interface ModelCatalog {
  models: CatalogEntry[];
}

/** The catalog shipped in models/catalog.json, resolved from this file so it works from dist/ too. */
export function defaultCatalogPath(): string {
  return shippedModelsPath('catalog.json');
}

/** BATON_CATALOG when set (tests and the CLI end-to-end test point it at a catalog served from 127.0.0.1), else the shipped one. */
export function resolveCatalogPath(environment: NodeJS.ProcessEnv = process.env): string {
  return environment.BATON_CATALOG || defaultCatalogPath();
}

/** Validates an already-parsed catalog; `source` names it in error messages. */
export function parseCatalog(raw: unknown, source: string): ModelCatalog {
  const parsed = modelCatalogSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BatonError('configuration', `The model catalog ${source} is not valid:\n${z.prettifyError(parsed.error)}`);
  }
  return { models: parsed.data.models };
}

/** Reads a catalog file; without a path, BATON_CATALOG or the shipped models/catalog.json. */
export function loadCatalog(path?: string): ModelCatalog {
  const catalogPath = path ?? resolveCatalogPath();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(catalogPath, 'utf8'));
  } catch (error) {
    throw new BatonError('configuration', `Cannot read the model catalog ${catalogPath}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseCatalog(raw, catalogPath);
}

/** The entry with this id; a 'model-not-found' error that lists the known ids otherwise. */
export function findCatalogEntry(catalog: ModelCatalog, id: string): CatalogEntry {
  const entry = catalog.models.find((candidate) => candidate.id === id);
  if (entry) return entry;
  const known = catalog.models.map((candidate) => candidate.id).join(', ') || '(the catalog is empty)';
  throw new BatonError('model-not-found', `There is no model "${id}" in the catalog. Known models: ${known}.`);
}

/** The entry whose file this is, so a downloaded file can be shown under its catalog id. */
export function findCatalogEntryByFileName(catalog: ModelCatalog, fileName: string): CatalogEntry | undefined {
  return catalog.models.find((entry) => entry.fileName === fileName);
}
