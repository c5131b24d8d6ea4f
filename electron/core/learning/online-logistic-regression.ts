import type { HashedFeatures } from './prompt-features.js';

/**
 * Logistic regression learned one outcome at a time by plain stochastic gradient steps, over hashed
 * features, on top of an offset that the caller supplies (the per-(model, kind) success rate):
 *
 *   P(ok) = sigmoid(offset + w · x)
 *   after an outcome y ∈ {0, 1}:  w ← (1 − decay) · w + learningRate · (y − P(ok)) · x
 *
 * so the weights only learn what the prompt says beyond the offset, and a prompt whose features
 * were never seen gets exactly the offset. The decay forgets slowly (a model that improved is
 * noticed) and keeps weights small; it is applied through one shared scale factor, so an update
 * costs as much as the prompt has features, not as many as there are buckets.
 */
export class OnlineLogisticRegression {
  /** The true weights are `stored × scale`. */
  private readonly stored: Float32Array;
  private scale = 1;
  /** Per bucket, the sum of squared gradients (AdaGrad): rare features take larger steps than common ones. */
  private readonly squaredGradients: Float32Array | undefined;
  /** Outcomes learned (not decayed): how much evidence the weights rest on. */
  updates = 0;

  constructor(
    readonly bucketCount: number,
    readonly learningRate: number,
    readonly decay: number,
    readonly adaptive = false,
  ) {
    this.stored = new Float32Array(bucketCount);
    this.squaredGradients = adaptive ? new Float32Array(bucketCount) : undefined;
  }

  /** w · x, the part of the logit that the prompt's features add to the offset. */
  margin(features: HashedFeatures): number {
    let sum = 0;
    const { indices, values } = features;
    for (let index = 0; index < indices.length; index += 1) sum += (this.stored[indices[index] ?? 0] ?? 0) * (values[index] ?? 0);
    return sum * this.scale;
  }

  probability(features: HashedFeatures, offset: number): number {
    return sigmoid(offset + this.margin(features));
  }

  /** Learns one outcome (`label` 1 for a good answer, 0 for a bad one; a value between for a graded score). */
  update(features: HashedFeatures, offset: number, label: number): void {
    const error = label - this.probability(features, offset);
    this.scale *= 1 - this.decay;
    if (this.scale < 1e-6) this.rescale();
    const step = (this.learningRate * error) / this.scale;
    const { indices, values } = features;
    for (let index = 0; index < indices.length; index += 1) {
      const bucket = indices[index] ?? 0;
      const gradient = error * (values[index] ?? 0);
      let rate = 1;
      if (this.squaredGradients) {
        this.squaredGradients[bucket] = (this.squaredGradients[bucket] ?? 0) + gradient * gradient;
        rate = 1 / Math.sqrt(adaptiveFloor + (this.squaredGradients[bucket] ?? 0));
      }
      this.stored[bucket] = (this.stored[bucket] ?? 0) + step * (values[index] ?? 0) * rate;
    }
    this.updates += 1;
  }

  /** The true weight of one bucket (for tests and for export). */
  weight(bucket: number): number {
    return (this.stored[bucket] ?? 0) * this.scale;
  }

  private rescale(): void {
    for (let index = 0; index < this.stored.length; index += 1) this.stored[index] = (this.stored[index] ?? 0) * this.scale;
    this.scale = 1;
  }
}

export function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value));
}

export function logit(probability: number): number {
  const clamped = Math.min(1 - 1e-6, Math.max(1e-6, probability));
  return Math.log(clamped / (1 - clamped));
}

/** Keeps AdaGrad's first steps finite; a bucket's step shrinks once its squared gradients pass this. */
const adaptiveFloor = 0.01;
