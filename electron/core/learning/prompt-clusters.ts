import type { SparseVector } from './prompt-features.js';

/**
 * Past prompts grouped by topic, online: spherical k-means over the prompts' words (weighted by
 * inverse document frequency, folded into a few thousand dimensions). The router adds a prompt's
 * group to its features, so that what a model did on a few hundred prompts of one topic is pooled
 * into one weight, learned far sooner than the same lesson spread over hundreds of words: this
 * matters most for the model that is seldom called (the weak one at a high share of strong calls,
 * the strong one at a low share). The groups hold no text, only averaged word weights.
 *
 * The first `count` prompts open one group each; after that each prompt joins the group whose
 * centre is nearest (cosine) and pulls that centre towards it by 1 / (members, capped at
 * `memory`), so the centres settle and still follow a slow change of topics.
 */
export interface PromptClusterSettings {
  count: number;
  dimensions: number;
  /** A centre moves by at least 1 / memory towards each new member. */
  memory: number;
}

export const defaultPromptClusterSettings: PromptClusterSettings = { count: 64, dimensions: 4096, memory: 500 };

/** Below this cosine to every centre, a prompt is in no group. */
const minimumCosine = 0.1;

export class PromptClusters {
  /** Centre c's true weights are `stored[c × dimensions + d] × scales[c]` (one scale per centre keeps an update as cheap as the prompt is long). */
  private readonly stored: Float64Array;
  private readonly scales: Float64Array;
  private readonly squaredNorms: Float64Array;
  private readonly members: Float64Array;
  private readonly documentFrequency: Float64Array;
  private opened = 0;
  private seen = 0;

  constructor(readonly settings: PromptClusterSettings = defaultPromptClusterSettings) {
    this.stored = new Float64Array(settings.count * settings.dimensions);
    this.scales = new Float64Array(settings.count).fill(1);
    this.squaredNorms = new Float64Array(settings.count);
    this.members = new Float64Array(settings.count);
    this.documentFrequency = new Float64Array(settings.dimensions);
  }

  /** The group nearest to `words`; undefined before any group is open or when no centre is near. */
  assign(words: SparseVector): number | undefined {
    return this.nearest(this.vector(words));
  }

  /** Counts a prompt: opens a group with it, or moves the nearest centre towards it (none when no centre is near). */
  learn(words: SparseVector): void {
    const { dimensions: folded, values } = this.vector(words);
    const cluster = this.opened < this.settings.count ? this.opened++ : this.nearest({ dimensions: folded, values });
    if (cluster === undefined) return;
    const members = (this.members[cluster] ?? 0) + 1;
    this.members[cluster] = members;
    const rate = 1 / Math.min(members, this.settings.memory);
    this.moveTowards(cluster, folded, values, rate);
    for (const dimension of new Set(folded)) this.documentFrequency[dimension] = (this.documentFrequency[dimension] ?? 0) + 1;
    this.seen += 1;
  }

  /** The prompt as a unit vector in the folded space, weighted by inverse document frequency. */
  private vector(words: SparseVector): { dimensions: Int32Array; values: Float64Array } {
    const sums = new Map<number, number>();
    for (let index = 0; index < words.indices.length; index += 1) {
      const dimension = (words.indices[index] ?? 0) % this.settings.dimensions;
      const inverse = Math.log((this.seen + 1) / ((this.documentFrequency[dimension] ?? 0) + 1)) + 1;
      sums.set(dimension, (sums.get(dimension) ?? 0) + (words.values[index] ?? 0) * inverse);
    }
    const dimensions = Int32Array.from(sums.keys());
    const values = Float64Array.from(sums.values());
    const length = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0)) || 1;
    for (let index = 0; index < values.length; index += 1) values[index] = (values[index] ?? 0) / length;
    return { dimensions, values };
  }

  private nearest(vector: { dimensions: Int32Array; values: Float64Array }): number | undefined {
    // A prompt that shares (almost) nothing with any centre belongs to no group: otherwise a few unrelated prompts would pass their lesson to it.
    let best: number | undefined;
    let bestCosine = minimumCosine;
    const width = this.settings.dimensions;
    for (let cluster = 0; cluster < this.opened; cluster += 1) {
      let dot = 0;
      const base = cluster * width;
      for (let index = 0; index < vector.dimensions.length; index += 1) dot += (this.stored[base + (vector.dimensions[index] ?? 0)] ?? 0) * (vector.values[index] ?? 0);
      const cosine = (dot * (this.scales[cluster] ?? 1)) / (Math.sqrt(this.squaredNorms[cluster] ?? 0) || 1);
      if (cosine > bestCosine) {
        bestCosine = cosine;
        best = cluster;
      }
    }
    return best;
  }

  /** centre ← (1 − rate) · centre + rate · x, through the centre's scale; its squared length follows without a pass over all dimensions. */
  private moveTowards(cluster: number, dimensions: Int32Array, values: Float64Array, rate: number): void {
    const base = cluster * this.settings.dimensions;
    let scale = this.scales[cluster] ?? 1;
    let dot = 0;
    for (let index = 0; index < dimensions.length; index += 1) dot += (this.stored[base + (dimensions[index] ?? 0)] ?? 0) * scale * (values[index] ?? 0);
    const keep = 1 - rate;
    this.squaredNorms[cluster] = keep * keep * (this.squaredNorms[cluster] ?? 0) + 2 * rate * keep * dot + rate * rate;
    if (keep === 0) {
      this.stored.fill(0, base, base + this.settings.dimensions);
      scale = 1;
    } else scale *= keep;
    if (scale < 1e-9) {
      for (let dimension = 0; dimension < this.settings.dimensions; dimension += 1) this.stored[base + dimension] = (this.stored[base + dimension] ?? 0) * scale;
      scale = 1;
    }
    this.scales[cluster] = scale;
    for (let index = 0; index < dimensions.length; index += 1) {
      const slot = base + (dimensions[index] ?? 0);
      this.stored[slot] = (this.stored[slot] ?? 0) + (rate * (values[index] ?? 0)) / scale;
    }
  }
}
