import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataType, PreTrainedModel, PreTrainedTokenizer, Tensor } from '@huggingface/transformers';
import { BatonError } from '../../../shared/errors.js';
import type { Span } from '../../../shared/privacy.js';
import type { Recognizer } from '../recognizer.js';
import { groupEntities, type TokenPrediction } from './entity-grouping.js';
import { alignTokens } from './token-alignment.js';
import { centrality, tokenWindows, type TokenWindow } from './token-windows.js';

export interface NerRecognizerOptions {
  /** A local folder: config.json, tokenizer.json, tokenizer_config.json and `<subfolder>/model*.onnx`. */
  modelPath: string;
  /** Which ONNX file: 'fp32' is model.onnx, 'q8' model_quantized.onnx, ... Default 'fp32'. */
  dtype?: DataType;
  /** Where the ONNX files are inside the folder; default 'onnx'. */
  subfolder?: string;
  /** Windows run through the model together; default 8. */
  batchSize?: number;
  /** Tokens each window shares with the previous one; default a quarter of the window. */
  overlapTokens?: number;
  /**
   * Caps a window below the model's positions, for models trained on short sentences (their
   * accuracy falls on positions they never saw). Default: as many as the model takes.
   */
  maxWindowTokens?: number;
  /** The name spans carry as `source`; default 'ner'. */
  name?: string;
}

interface LoadedModel {
  /** The library's tensor class: transformers.js is imported on first use (it takes most of a second). */
  Tensor: typeof Tensor;
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
  labels: Record<number, string>;
  /** Ids the tokenizer puts around a sequence ([CLS] ... [SEP], <s> ... </s>). */
  prefixIds: number[];
  suffixIds: number[];
  /** Content tokens per window: the model's positions less the special tokens. */
  windowSize: number;
  padId: number;
}

interface WindowJob {
  window: TokenWindow;
  ids: number[];
}

/** No model reaches past this many positions here, whatever a config claims. */
const maxPositionsCap = 512;

/**
 * Names, places, organisations (and whatever else the model was trained on) from a local
 * token-classification model, through transformers.js with remote models disabled: nothing
 * is ever downloaded here. Long texts are cut into overlapping token windows that fit the
 * model's positions and run in batches; the model loads once, on first use.
 */
export class NerRecognizer implements Recognizer {
  readonly name: string;
  private loading: Promise<LoadedModel> | undefined;

  constructor(private readonly options: NerRecognizerOptions) {
    this.name = options.name ?? 'ner';
  }

  async analyze(text: string): Promise<Span[]> {
    if (text.trim().length === 0) return [];
    const loaded = await this.load();
    const tokens = loaded.tokenizer.tokenize(text);
    if (tokens.length === 0) return [];
    const offsets = alignTokens(text, tokens, loaded.tokenizer.unk_token);
    const ids = loaded.tokenizer.convert_tokens_to_ids(tokens);
    const windowSize = Math.max(1, Math.min(loaded.windowSize, this.options.maxWindowTokens ?? loaded.windowSize));
    const overlap = this.options.overlapTokens ?? Math.floor(windowSize / 4);
    const jobs: WindowJob[] = tokenWindows(tokens.length, windowSize, overlap).map((window) => ({
      window,
      ids: [...loaded.prefixIds, ...ids.slice(window.start, window.end), ...loaded.suffixIds],
    }));

    const best: { label: string; score: number; centrality: number }[] = [];
    const batchSize = Math.max(1, this.options.batchSize ?? 8);
    for (let first = 0; first < jobs.length; first += batchSize) {
      const batch = jobs.slice(first, first + batchSize);
      const predictions = await this.classify(loaded, batch);
      batch.forEach((job, row) => {
        const rowPredictions = predictions[row] ?? [];
        for (let tokenIndex = job.window.start; tokenIndex < job.window.end; tokenIndex += 1) {
          const prediction = rowPredictions[loaded.prefixIds.length + tokenIndex - job.window.start];
          if (!prediction) continue;
          const rank = centrality(job.window, tokenIndex, tokens.length);
          const current = best[tokenIndex];
          if (!current || rank > current.centrality) best[tokenIndex] = { ...prediction, centrality: rank };
        }
      });
    }

    const tokenPredictions: TokenPrediction[] = offsets.map((offset, index) => ({
      label: best[index]?.label ?? 'O',
      score: best[index]?.score ?? 0,
      offset,
    }));
    return groupEntities(text, tokenPredictions, this.name);
  }

  /** Frees the ONNX session; the next analyze loads the model again. */
  async dispose(): Promise<void> {
    const loading = this.loading;
    this.loading = undefined;
    if (!loading) return;
    const loaded = await loading;
    await loaded.model.dispose();
  }

  private load(): Promise<LoadedModel> {
    if (!this.loading) {
      this.loading = loadModel(this.options).catch((error: unknown) => {
        // A failed load is not remembered: the next call tries again (the folder may be fixed).
        this.loading = undefined;
        throw error;
      });
    }
    return this.loading;
  }

  /** Label and probability of every position of every window in the batch. */
  private async classify(loaded: LoadedModel, batch: WindowJob[]): Promise<{ label: string; score: number }[][]> {
    const length = Math.max(...batch.map((job) => job.ids.length));
    const inputIds = new BigInt64Array(batch.length * length);
    const attentionMask = new BigInt64Array(batch.length * length);
    batch.forEach((job, row) => {
      for (let position = 0; position < length; position += 1) {
        const id = job.ids[position];
        inputIds[row * length + position] = BigInt(id ?? loaded.padId);
        attentionMask[row * length + position] = id === undefined ? 0n : 1n;
      }
    });
    const output = (await loaded.model({
      input_ids: new loaded.Tensor('int64', inputIds, [batch.length, length]),
      attention_mask: new loaded.Tensor('int64', attentionMask, [batch.length, length]),
    })) as { logits: Tensor };
    const [rows = 0, positions = 0, classes = 0] = output.logits.dims;
    const data = output.logits.data as Float32Array;
    const results: { label: string; score: number }[][] = [];
    for (let row = 0; row < rows; row += 1) {
      const rowResults: { label: string; score: number }[] = [];
      for (let position = 0; position < positions; position += 1) {
        const base = (row * positions + position) * classes;
        rowResults.push(softmaxTop(data, base, classes, loaded.labels));
      }
      results.push(rowResults);
    }
    return results;
  }
}

function softmaxTop(data: Float32Array, base: number, classes: number, labels: Record<number, string>): { label: string; score: number } {
  let top = 0;
  let topValue = -Infinity;
  for (let index = 0; index < classes; index += 1) {
    const value = data[base + index] ?? -Infinity;
    if (value > topValue) {
      topValue = value;
      top = index;
    }
  }
  let total = 0;
  for (let index = 0; index < classes; index += 1) total += Math.exp((data[base + index] ?? -Infinity) - topValue);
  return { label: labels[top] ?? `LABEL_${top}`, score: 1 / total };
}

async function loadModel(options: NerRecognizerOptions): Promise<LoadedModel> {
  const folder = resolve(options.modelPath);
  if (!existsSync(join(folder, 'config.json')) || !existsSync(join(folder, 'tokenizer.json'))) {
    throw new BatonError('model-not-found', `No NER model in "${folder}": it needs config.json, tokenizer.json and ${options.subfolder ?? 'onnx'}/model*.onnx.`);
  }
  try {
    const { AutoModelForTokenClassification, AutoTokenizer, env, Tensor } = await import('@huggingface/transformers');
    // Privacy: the shield must never fetch anything; a missing file is an error, not a download.
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    const tokenizer = await AutoTokenizer.from_pretrained(folder, { local_files_only: true });
    const model = await AutoModelForTokenClassification.from_pretrained(folder, {
      local_files_only: true,
      dtype: options.dtype ?? 'fp32',
      subfolder: options.subfolder ?? 'onnx',
    });
    const config = model.config as unknown as { id2label?: Record<string, string>; max_position_embeddings?: number };
    const labels: Record<number, string> = {};
    for (const [id, label] of Object.entries(config.id2label ?? {})) labels[Number(id)] = label;
    const { prefixIds, suffixIds } = specialTokenFrame(tokenizer);
    const tokenizerMax = Number(tokenizer.model_max_length);
    const maxPositions = Math.min(
      maxPositionsCap,
      config.max_position_embeddings ?? maxPositionsCap,
      Number.isFinite(tokenizerMax) && tokenizerMax > 0 ? tokenizerMax : maxPositionsCap,
    );
    const windowSize = maxPositions - prefixIds.length - suffixIds.length;
    if (windowSize < 1) throw new BatonError('model-load-failed', `The NER model in "${folder}" has no room for text (${maxPositions} positions).`);
    return { Tensor, tokenizer, model, labels, prefixIds, suffixIds, windowSize, padId: tokenizer.pad_token_id ?? 0 };
  } catch (error) {
    if (error instanceof BatonError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new BatonError('model-load-failed', `The NER model in "${folder}" could not be loaded: ${reason}`, { cause: error });
  }
}

/** The special ids the tokenizer wraps a sequence in, found by encoding a probe with and without them. */
function specialTokenFrame(tokenizer: PreTrainedTokenizer): { prefixIds: number[]; suffixIds: number[] } {
  const probe = 'a';
  const content = tokenizer.encode(probe, { add_special_tokens: false });
  const framed = tokenizer.encode(probe, { add_special_tokens: true });
  for (let start = 0; start + content.length <= framed.length; start += 1) {
    if (content.every((id, index) => framed[start + index] === id)) {
      return { prefixIds: framed.slice(0, start), suffixIds: framed.slice(start + content.length) };
    }
  }
  throw new BatonError('model-load-failed', 'The NER tokenizer frames text in a way Baton does not understand.');
}
