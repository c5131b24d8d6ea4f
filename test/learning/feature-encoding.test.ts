import { describe, expect, it } from 'vitest';
import { decodeFeatures, encodeFeatures } from '../../electron/core/learning/feature-encoding.js';
import { hashPromptFeatures, type SparseVector } from '../../electron/core/learning/prompt-features.js';

/** A vector as bucket → weight, whatever order its arrays hold them in. */
function asMap(vector: SparseVector | undefined): Map<number, number> {
  return new Map([...(vector?.indices ?? [])].map((bucket, position) => [bucket, vector?.values[position] as number]));
}

describe('hashed features as bytes', () => {
  it('give back every bucket with its exact weight, the words too', () => {
    const features = hashPromptFeatures('Summarise the quarterly report in three bullet points, then list the risks.');
    const decoded = decodeFeatures(encodeFeatures(features));
    expect(asMap(decoded)).toEqual(asMap(features));
    expect(asMap(decoded.words)).toEqual(asMap(features.words));
    expect(decoded.words?.indices.length).toBe(features.words?.indices.length);
    // Ascending buckets: the order they are stored in.
    expect([...decoded.indices]).toEqual([...decoded.indices].sort((left, right) => left - right));
  });

  it('keep features without words as such', () => {
    const features = { indices: Int32Array.from([262_143, 7, 0]), values: Float32Array.from([0.25, -1.5, 3]) };
    const decoded = decodeFeatures(encodeFeatures(features));
    expect([...decoded.indices]).toEqual([0, 7, 262_143]);
    expect([...decoded.values]).toEqual([3, -1.5, 0.25]);
    expect(decoded.words).toBeUndefined();
  });

  it('take a few kilobytes for a long prompt, far less than the raw arrays', () => {
    const prompt = 'Compare the two contracts clause by clause and say which obligations differ, with dates and amounts. '.repeat(20);
    const features = hashPromptFeatures(prompt);
    const raw = (features.indices.length + (features.words?.indices.length ?? 0)) * 8;
    expect(encodeFeatures(features).length).toBeLessThan(raw / 2);
  });

  it('refuse bytes they did not write', () => {
    expect(() => decodeFeatures(Buffer.from('not features'))).toThrow();
    const encoded = encodeFeatures(hashPromptFeatures('a prompt'));
    expect(() => decodeFeatures(encoded.subarray(0, encoded.length - 3))).toThrow();
  });
});
