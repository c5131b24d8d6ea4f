import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { HashedFeatures, SparseVector } from './prompt-features.js';

/**
 * Hashed prompt features as bytes, to keep beside an outcome: bucket numbers (sorted, stored as
 * gaps) and weights, the prompt's features then its words, deflated. A prompt's character
 * n-grams give about a thousand buckets with a handful of distinct weights, so the gaps and
 * weights compress to a few kilobytes where the raw arrays take tens.
 *
 * Layout before deflating, little-endian: a version byte, then per vector (features, words) a
 * uint32 length, the gaps as uint32 and the weights as float32. A missing `words` is length 0.
 */
const formatVersion = 1;

export function encodeFeatures(features: HashedFeatures): Buffer {
  const vectors = [features, features.words ?? { indices: new Int32Array(0), values: new Float32Array(0) }];
  const size = 1 + vectors.reduce((total, vector) => total + 4 + vector.indices.length * 8, 0);
  const bytes = Buffer.alloc(size);
  bytes.writeUInt8(formatVersion, 0);
  let offset = 1;
  for (const vector of vectors) {
    const order = [...vector.indices.keys()].sort((left, right) => (vector.indices[left] as number) - (vector.indices[right] as number));
    bytes.writeUInt32LE(order.length, offset);
    offset += 4;
    let previous = 0;
    for (const position of order) {
      const bucket = vector.indices[position] as number;
      bytes.writeUInt32LE(bucket - previous, offset);
      previous = bucket;
      offset += 4;
    }
    for (const position of order) {
      bytes.writeFloatLE(vector.values[position] as number, offset);
      offset += 4;
    }
  }
  return deflateRawSync(bytes);
}

/** The features `encodeFeatures` wrote, buckets in ascending order. Throws on bytes it did not write. */
export function decodeFeatures(encoded: Uint8Array): HashedFeatures {
  const bytes = inflateRawSync(encoded);
  if (bytes.length < 9 || bytes.readUInt8(0) !== formatVersion) throw new Error('These are not hashed prompt features this Baton wrote.');
  let offset = 1;
  const readVector = (): SparseVector => {
    const length = bytes.readUInt32LE(offset);
    offset += 4;
    if (offset + length * 8 > bytes.length) throw new Error('The stored prompt features are cut short.');
    const indices = new Int32Array(length);
    const values = new Float32Array(length);
    let bucket = 0;
    for (let position = 0; position < length; position += 1) {
      bucket += bytes.readUInt32LE(offset);
      indices[position] = bucket;
      offset += 4;
    }
    for (let position = 0; position < length; position += 1) {
      values[position] = bytes.readFloatLE(offset);
      offset += 4;
    }
    return { indices, values };
  };
  const features = readVector();
  const words = readVector();
  return words.indices.length > 0 ? { ...features, words } : features;
}
