import type { SparseVector } from './prompt-features.js';

/**
 * A vote of past prompts like this one: how often each model's answer was good on the prompts
 * nearest to it. The regression learns what single words and word pieces are worth, summed; the
 * vote sees whole prompts, so it catches a topic or a form of question that no single feature
 * carries. Nearness is the cosine between the prompts' word vectors weighted by inverse document
 * frequency (the app has no sentence-embedding model; this is its lexical stand-in).
 *
 * It stays cheap with many outcomes because it never compares against every past prompt: an
 * inverted index from each word bucket to the prompts that hold it, walked only for the query's
 * rarest words (common words say little about the topic and have the longest lists). Each
 * neighbour's vote counts by its similarity raised to `similarityPower`, so the nearest decide
 * and the many loosely related ones add up to little.
 */
export interface NeighbourVoteSettings {
  /** How many past outcomes are remembered; the oldest go first (a model that improved is noticed). */
  capacity: number;
  /** How many of the query's rarest words are looked up. */
  queryWords: number;
  /** Words held by more than this share of remembered prompts are not looked up (too common to tell topics apart). */
  maximumDocumentShare: number;
  similarityPower: number;
  /** Per model, only this many nearest prompts vote (the rest are too far to say much). */
  neighbours: number;
}

export const defaultNeighbourVoteSettings: NeighbourVoteSettings = { capacity: 20_000, queryWords: 12, maximumDocumentShare: 0.05, similarityPower: 2, neighbours: 300 };

/** Per model: the summed weights of its neighbours' votes and of their good outcomes. */
export interface ModelVote {
  weight: number;
  successes: number;
}

interface Remembered {
  modelId: string;
  outcome: number;
  /** Its word buckets, so that forgetting it finds its place in each list. */
  buckets: Int32Array;
  /** The prompt's length under the inverse document frequencies of the day it was remembered. */
  norm: number;
}

export class NeighbourVote {
  private readonly remembered = new Map<number, Remembered>();
  /** Bucket → ids of remembered prompts holding it (ascending) and the word's value in each. */
  private readonly postings = new Map<number, { ids: number[]; values: number[] }>();
  private readonly documentFrequency = new Map<number, number>();
  private nextId = 0;
  /** The last vote, kept because one routing asks for every model's vote of the same prompt in a row. */
  private lastQuery: { words: SparseVector; generation: number; votes: Map<string, ModelVote> } | undefined;
  private generation = 0;
  /** Scratch: each live prompt's score for the current query, by id modulo its length (live ids never share a slot). */
  private readonly scores: Float64Array;
  /** The slots the last query wrote, cleared at the next one. */
  private touched: number[] = [];

  constructor(readonly settings: NeighbourVoteSettings = defaultNeighbourVoteSettings) {
    this.scores = new Float64Array(settings.capacity + 1);
  }

  get size(): number {
    return this.remembered.size;
  }

  remember(modelId: string, words: SparseVector, outcome: number): void {
    const id = this.nextId;
    this.nextId += 1;
    let squaredNorm = 0;
    for (let index = 0; index < words.indices.length; index += 1) {
      const bucket = words.indices[index] ?? 0;
      const value = words.values[index] ?? 0;
      const frequency = (this.documentFrequency.get(bucket) ?? 0) + 1;
      this.documentFrequency.set(bucket, frequency);
      let posting = this.postings.get(bucket);
      if (!posting) {
        posting = { ids: [], values: [] };
        this.postings.set(bucket, posting);
      }
      posting.ids.push(id);
      posting.values.push(value);
      const weight = value * this.inverseFrequency(frequency);
      squaredNorm += weight * weight;
    }
    this.remembered.set(id, { modelId, outcome, buckets: words.indices, norm: Math.sqrt(squaredNorm) || 1 });
    if (this.remembered.size > this.settings.capacity) this.forget(id - this.settings.capacity);
    this.generation += 1;
  }

  /** The votes of the remembered prompts nearest to `words`, per model that has any. */
  vote(words: SparseVector): Map<string, ModelVote> {
    if (this.lastQuery && this.lastQuery.words === words && this.lastQuery.generation === this.generation) return this.lastQuery.votes;
    const votes = new Map<string, ModelVote>();
    const count = this.remembered.size;
    if (count > 0 && words.indices.length > 0) {
      const byModel = new Map<string, number[]>();
      for (const id of this.scoreNeighbours(words, count)) {
        const entry = this.remembered.get(id);
        if (!entry) continue;
        const ids = byModel.get(entry.modelId) ?? [];
        ids.push(id);
        byModel.set(entry.modelId, ids);
      }
      for (const [modelId, ids] of byModel) votes.set(modelId, this.modelVote(ids));
    }
    this.lastQuery = { words, generation: this.generation, votes };
    return votes;
  }

  /** One model's vote from the remembered prompts `ids` (scored): its `neighbours` nearest count, each by similarity^power. */
  private modelVote(ids: number[]): ModelVote {
    const scores = this.scores;
    let cutoff = 0;
    if (ids.length > this.settings.neighbours) {
      const sorted = Float64Array.from(ids, (id) => scores[id % scores.length] ?? 0).sort();
      cutoff = sorted[sorted.length - this.settings.neighbours] ?? 0;
    }
    const vote: ModelVote = { weight: 0, successes: 0 };
    for (const id of ids) {
      const similarity = scores[id % scores.length] ?? 0;
      if (similarity <= 0 || similarity < cutoff) continue;
      const weight = similarity ** this.settings.similarityPower;
      vote.weight += weight;
      vote.successes += weight * (this.remembered.get(id)?.outcome ?? 0);
    }
    return vote;
  }

  /** Scores (cosine similarities, in `scores`) the remembered prompts sharing a looked-up word with `words`; returns their ids. */
  private scoreNeighbours(words: SparseVector, count: number): number[] {
    // The query's words by rarity; its length counts all of them, so a prompt that shares only its rare words is not taken as identical.
    const terms: Array<{ bucket: number; weight: number; inverse: number }> = [];
    let squaredNorm = 0;
    for (let index = 0; index < words.indices.length; index += 1) {
      const bucket = words.indices[index] ?? 0;
      const frequency = this.documentFrequency.get(bucket) ?? 0;
      const inverse = this.inverseFrequency(frequency);
      const weight = (words.values[index] ?? 0) * inverse;
      squaredNorm += weight * weight;
      if (frequency > 0 && frequency <= this.settings.maximumDocumentShare * count + 1) terms.push({ bucket, weight, inverse });
    }
    terms.sort((left, right) => right.inverse - left.inverse);
    const queryNorm = Math.sqrt(squaredNorm) || 1;
    const scores = this.scores;
    for (const id of this.touched) scores[id % scores.length] = 0;
    const touched: number[] = [];
    const oldest = this.nextId - this.remembered.size;
    for (const term of terms.slice(0, this.settings.queryWords)) {
      const posting = this.postings.get(term.bucket);
      if (!posting) continue;
      for (let index = 0; index < posting.ids.length; index += 1) {
        const id = posting.ids[index] as number;
        if (id < oldest) continue;
        const slot = id % scores.length;
        if (scores[slot] === 0) touched.push(id);
        scores[slot] = (scores[slot] ?? 0) + term.weight * (posting.values[index] ?? 0) * term.inverse;
      }
    }
    // A remembered prompt's length was taken with the word frequencies of its day, so the quotient can pass 1 a little as they move: capped.
    for (const id of touched) {
      const slot = id % scores.length;
      scores[slot] = Math.min(1, (scores[slot] ?? 0) / (queryNorm * (this.remembered.get(id)?.norm ?? 1)));
    }
    this.touched = touched;
    return touched;
  }

  /** Drops one remembered prompt: its words' counts go down, and its ids leave the front of their lists. */
  private forget(id: number): void {
    const entry = this.remembered.get(id);
    if (!entry) return;
    this.remembered.delete(id);
    for (const bucket of entry.buckets) {
      const posting = this.postings.get(bucket);
      if (!posting || posting.ids[0] !== id) continue;
      posting.ids.shift();
      posting.values.shift();
      const frequency = (this.documentFrequency.get(bucket) ?? 1) - 1;
      if (frequency <= 0) {
        this.documentFrequency.delete(bucket);
        this.postings.delete(bucket);
      } else this.documentFrequency.set(bucket, frequency);
    }
  }

  /** Smoothed so that a word seen once is rarest and one in every prompt still counts a little. */
  private inverseFrequency(frequency: number): number {
    return Math.log((this.remembered.size + 2) / (frequency + 1)) + 1;
  }
}
