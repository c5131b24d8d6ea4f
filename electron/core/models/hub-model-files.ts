import { z } from 'zod';

/** A path inside a repository: folders and a file name, never absolute, hidden or `..`. */
const repositoryPathPattern = /^[\w-][\w.-]*(\/[\w-][\w.-]*)*$/;

/** One file of a model folder from Hugging Face, as the repository holds it and the folder keeps it (catalog entries). */
export const hubModelFileSchema = z.object({
  /** Relative to the repository root and to the model folder alike (e.g. `onnx/model_quantized.onnx`). */
  path: z.string().regex(repositoryPathPattern, 'a relative path of plain names'),
  /** The exact size; a download of another size fails. */
  bytes: z.number().int().positive().optional(),
  /** Lower-case hex; a download that does not match fails and is deleted. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits').optional(),
});

/** What transformers.js reads besides the ONNX weights; config.json and tokenizer.json are required. */
export const transformersSupportFiles = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;

/**
 * What every catalog of model folders says of an entry (the shield's NER models, document
 * search's embedding models); each catalog adds its own fields.
 */
export const hubCatalogEntrySchema = z.object({
  /** The folder name the model is installed under. */
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  /** The Hugging Face repository the files come from. */
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  name: z.string().min(1),
  description: z.string(),
  license: z.string().min(1),
  languages: z.array(z.string()),
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

/** A `files` list names what transformers.js needs, and no path twice. */
export function checkFilesList(entry: { files?: Array<{ path: string }> | undefined; onnxFile: string }, context: z.RefinementCtx): void {
  if (!entry.files) return;
  const paths = entry.files.map((file) => file.path);
  for (const required of ['config.json', 'tokenizer.json', entry.onnxFile]) {
    if (!paths.includes(required)) context.addIssue({ code: 'custom', message: `files must include ${required}`, path: ['files'] });
  }
  if (new Set(paths).size !== paths.length) context.addIssue({ code: 'custom', message: 'files lists a path twice', path: ['files'] });
}

/** The files a pull downloads: the entry's own list, or the transformers.js layout with its ONNX file. */
export function catalogEntryFiles(entry: { files?: HubModelFile[] | undefined; onnxFile: string }): HubModelFile[] {
  return entry.files ?? [...transformersSupportFiles.map((path) => ({ path })), { path: entry.onnxFile }];
}

export type HubModelFile = z.infer<typeof hubModelFileSchema>;

