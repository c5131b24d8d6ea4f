import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataType } from '@huggingface/transformers';

/** A model folder in the transformers.js layout, ready to load, and which of its ONNX files to use. */
export interface TransformersModelFolder {
  path: string;
  dtype: DataType;
}

/** ONNX file names transformers.js looks for, by dtype, in the order Baton prefers them. */
const onnxFiles: [string, DataType][] = [
  ['model_quantized.onnx', 'q8'],
  ['model.onnx', 'fp32'],
  ['model_int8.onnx', 'int8'],
  ['model_uint8.onnx', 'uint8'],
  ['model_fp16.onnx', 'fp16'],
  ['model_q4.onnx', 'q4'],
];

/** The folder and its dtype when it holds a loadable model (config.json, tokenizer.json, onnx/model*.onnx); else undefined. */
export function describeTransformersModelFolder(path: string): TransformersModelFolder | undefined {
  if (!existsSync(join(path, 'config.json')) || !existsSync(join(path, 'tokenizer.json'))) return undefined;
  const weights = onnxFiles.find(([file]) => existsSync(join(path, 'onnx', file)));
  return weights ? { path, dtype: weights[1] } : undefined;
}
