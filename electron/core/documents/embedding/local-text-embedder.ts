/**
 * A sentence-embedding model from a local folder (config.json, tokenizer.json, onnx/model*.onnx),
 * run with transformers.js feature extraction, mean-pooled and normalised. Remote models are
 * disabled: a missing file is an error, never a download. The model loads on first use.
 * Retrieval models often want a prefix on the question or the passage ("query: ", "passage: "
 * for E5); the catalog entry of such a model passes them.
 */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { DataType, FeatureExtractionPipeline } from '@huggingface/transformers';
import { BatonError } from '../../../shared/errors.js';
import type { TextEmbedder } from './text-embedder.js';

export interface LocalTextEmbedderOptions {
  modelPath: string;
  dtype?: DataType;
  queryPrefix?: string;
  documentPrefix?: string;
  /** Texts per model call: larger batches are faster until padding to the longest text costs more. */
  batchSize?: number;
}

export class LocalTextEmbedder implements TextEmbedder {
  readonly id: string;
  private loading: Promise<FeatureExtractionPipeline> | undefined;

  constructor(private readonly options: LocalTextEmbedderOptions) {
    this.id = `${basename(resolve(options.modelPath))}:${options.dtype ?? 'fp32'}`;
  }

  async embedDocuments(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const prefix = this.options.documentPrefix ?? '';
    const batchSize = Math.max(1, this.options.batchSize ?? 16);
    const vectors: Float32Array[] = [];
    for (let first = 0; first < texts.length; first += batchSize) {
      if (signal?.aborted) throw new BatonError('aborted', 'Embedding was cancelled.');
      vectors.push(...(await this.embed(texts.slice(first, first + batchSize).map((text) => prefix + text))));
    }
    return vectors;
  }

  async embedQuery(text: string, signal?: AbortSignal): Promise<Float32Array> {
    if (signal?.aborted) throw new BatonError('aborted', 'Embedding was cancelled.');
    const [vector] = await this.embed([(this.options.queryPrefix ?? '') + text]);
    if (!vector) throw new BatonError('model-load-failed', `The embedding model "${this.id}" returned nothing.`);
    return vector;
  }

  async dispose(): Promise<void> {
    const loading = this.loading;
    this.loading = undefined;
    if (loading) await (await loading).dispose();
  }

  private async embed(texts: string[]): Promise<Float32Array[]> {
    const extractor = await this.load();
    const output = await extractor(texts, { pooling: 'mean', normalize: true });
    const [rows, dimensions] = output.dims as [number, number];
    const data = output.data as Float32Array;
    return Array.from({ length: rows }, (_, row) => data.slice(row * dimensions, (row + 1) * dimensions));
  }

  private load(): Promise<FeatureExtractionPipeline> {
    if (!this.loading) {
      this.loading = loadPipeline(this.options).catch((error: unknown) => {
        // Not remembered: the next call tries again (the folder may have been fixed).
        this.loading = undefined;
        throw error;
      });
    }
    return this.loading;
  }
}

async function loadPipeline(options: LocalTextEmbedderOptions): Promise<FeatureExtractionPipeline> {
  const folder = resolve(options.modelPath);
  if (!existsSync(join(folder, 'config.json')) || !existsSync(join(folder, 'tokenizer.json'))) {
    throw new BatonError('model-not-found', `No embedding model in "${folder}": it needs config.json, tokenizer.json and onnx/model*.onnx.`);
  }
  try {
    const { env, pipeline } = await import('@huggingface/transformers');
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    return (await pipeline('feature-extraction', folder, { local_files_only: true, dtype: options.dtype ?? 'fp32' })) as FeatureExtractionPipeline;
  } catch (error) {
    throw new BatonError('model-load-failed', `The embedding model in "${folder}" could not be loaded: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
