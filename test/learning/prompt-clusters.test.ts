import { describe, expect, it } from 'vitest';
import { PromptClusters } from '../../electron/core/learning/prompt-clusters.js';
import type { SparseVector } from '../../electron/core/learning/prompt-features.js';

function words(...buckets: number[]): SparseVector {
  return { indices: Int32Array.from(buckets), values: Float32Array.from(buckets.map(() => 1)) };
}

describe('prompt clusters', () => {
  it('opens a group per prompt until all are open, then moves the nearest centre towards each new prompt', () => {
    const clusters = new PromptClusters({ count: 2, dimensions: 8, memory: 10 });
    expect(clusters.assign(words(1))).toBeUndefined();
    clusters.learn(words(1)); // group 0 = e1
    clusters.learn(words(2)); // group 1 = e2
    expect(clusters.assign(words(1))).toBe(0);
    expect(clusters.assign(words(2))).toBe(1);
    expect(clusters.assign(words(9))).toBe(0); // bucket 9 folds onto dimension 1 of 8

    // {1, 3} with 2 prompts seen: idf(1) = ln(3/2) + 1 = 1.405465, idf(3) = ln(3/1) + 1 = 2.098612, unit vector (0.556453, 0.830886).
    // It joins group 0 (cosine 0.556453 against 0), its second member: centre = ½ e1 + ½ x = (0.778226 on 1, 0.415443 on 3).
    clusters.learn(words(1, 3));
    // {3} alone: cosine 0.415443 / √(0.778226² + 0.415443²) = 0.470933 with group 0, 0 with group 1.
    expect(clusters.assign(words(3))).toBe(0);
    // {2, 3}: group 1 (cosine 0.707 against e2 and 0.333 against group 0).
    expect(clusters.assign(words(2, 3))).toBe(1);
    // A prompt that shares no word with any centre is in no group.
    expect(clusters.assign(words(5))).toBeUndefined();
  });
});
