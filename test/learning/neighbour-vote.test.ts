import { describe, expect, it } from 'vitest';
import { NeighbourVote } from '../../electron/core/learning/neighbour-vote.js';
import type { SuccessEstimator } from '../../electron/core/learning/success-estimator.js';
import { PromptSuccessModel, defaultPromptSuccessSettings } from '../../electron/core/learning/prompt-success-model.js';
import type { SparseVector } from '../../electron/core/learning/prompt-features.js';

function words(...buckets: number[]): SparseVector {
  return { indices: Int32Array.from(buckets), values: Float32Array.from(buckets.map(() => 1)) };
}

const settings = { capacity: 3, queryWords: 10, maximumDocumentShare: 1, similarityPower: 1, neighbours: 300 };

/**
 * Hand-worked: idf(f) = ln((remembered + 2) / (f + 1)) + 1, taken for a remembered prompt's
 * length when it is remembered and for the query when it asks.
 *   A = {1, 2} remembered first: idf 1 and 1, length √2.
 *   B = {2, 3}: idf(2) = ln(3/3) + 1 = 1, idf(3) = ln(3/2) + 1 = 1.405465, length 1.724915.
 *   C = {4} (strong): idf ln(4/2) + 1 = 1.693147.
 * Query {2, 3} with 3 remembered: idf(2) = ln(5/3) + 1 = 1.510826, idf(3) = ln(5/2) + 1 = 1.916291, length 2.440239.
 *   A: 1.510826² / (2.440239 × √2) = 0.661426;  B: (1.510826² + 1.916291²) / (2.440239 × 1.724915) = 1.4147, capped at 1.
 */
describe('neighbour vote', () => {
  it('weighs each model\'s past outcomes by their cosine to the query, over inverse document frequencies', () => {
    const vote = new NeighbourVote(settings);
    vote.remember('weak', words(1, 2), 1);
    vote.remember('weak', words(2, 3), 0);
    vote.remember('strong', words(4), 1);
    const votes = vote.vote(words(2, 3));
    expect(votes.get('weak')?.weight).toBeCloseTo(1.661426, 5);
    expect(votes.get('weak')?.successes).toBeCloseTo(0.661426, 5);
    expect(votes.has('strong')).toBe(false); // C shares no word with the query
  });

  it('looks up only words held by at most the allowed share of prompts', () => {
    // 0.3 × 3 + 1 = 1.9: word 2 (in two prompts) is not looked up, so A is not found; B's cosine counts word 3 only.
    const vote = new NeighbourVote({ ...settings, maximumDocumentShare: 0.3 });
    vote.remember('weak', words(1, 2), 1);
    vote.remember('weak', words(2, 3), 0);
    vote.remember('strong', words(4), 1);
    const weak = vote.vote(words(2, 3)).get('weak');
    expect(weak?.weight).toBeCloseTo(1.916291 ** 2 / (2.440239 * 1.724915), 5); // 0.872405
    expect(weak?.successes).toBe(0);
  });

  it('counts only the nearest prompts of each model, and forgets the oldest past its capacity', () => {
    const nearest = new NeighbourVote({ ...settings, neighbours: 1 });
    nearest.remember('weak', words(1, 2), 1);
    nearest.remember('weak', words(2, 3), 0);
    nearest.remember('strong', words(4), 1);
    expect(nearest.vote(words(2, 3)).get('weak')).toEqual({ weight: 1, successes: 0 }); // B alone

    const small = new NeighbourVote({ ...settings, capacity: 2 });
    small.remember('weak', words(1, 2), 1);
    small.remember('weak', words(2, 3), 0);
    small.remember('strong', words(4), 1); // A goes
    expect(small.size).toBe(2);
    expect(small.vote(words(1)).size).toBe(0);
    expect(small.vote(words(2, 3)).get('weak')).toEqual({ weight: 1, successes: 0 });
  });

  it('moves the regression\'s estimate as far as the neighbours\' weight against the prior weight', () => {
    // A fixed floor of 0.5 and no regression steps (learning rate 0): the estimate is the floor until a neighbour votes.
    const floor: SuccessEstimator = { estimate: () => ({ probability: 0.5, basis: 'fixed' }) };
    const model = new PromptSuccessModel(floor, { ...defaultPromptSuccessSettings, learningRate: 0, neighbourPriorWeight: 2, neighbourVote: settings });
    const query = { modelId: 'weak', tier: 'local' as const, kind: 'chat' as const, difficulty: 2 };
    const features = { indices: Int32Array.from([7]), values: Float32Array.from([1]), words: words(7, 8) };
    expect(model.probability(query, features)).toBe(0.5);
    model.learn(query, features, 1);
    // The same prompt again: cosine 1, a vote of weight 1 for success: (1 + 2 × 0.5) / (1 + 2) = 2/3.
    expect(model.probability(query, features)).toBeCloseTo(2 / 3, 10);
    expect(model.nearbyEvidence('weak', features)).toBe(1);
    expect(model.nearbyEvidence('strong', features)).toBe(0);
    expect(model.probability({ ...query, modelId: 'strong' }, features)).toBe(0.5);
  });
});
