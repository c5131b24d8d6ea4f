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
