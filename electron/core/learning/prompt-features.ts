/**
 * A prompt as hashed features: word unigrams and bigrams and character 3- to 5-grams, each hashed
 * into a fixed number of buckets. Only bucket numbers and weights come out, never the text, so the
 * learned state can be kept (and exported) without holding anything a person wrote.
 */

/** 2^18 buckets: few collisions for the few thousand n-grams one person's prompts use, 1 MB of weights per model. */
export const defaultBucketCount = 1 << 18;

export interface SparseVector {
  /** Bucket numbers, each once. */
  indices: Int32Array;
  values: Float32Array;
}

/** The feature's value in each bucket; the vector has length 1 (L2), so long prompts weigh no more than short ones. */
export interface HashedFeatures extends SparseVector {
  /** The prompt's single words alone (damped counts, not scaled): what finding similar past prompts compares. */
  words?: SparseVector;
}

/** Long prompts (documents) are read up to here: routing must stay cheap, and the opening says what is asked. */
const maximumCharacters = 4000;

export interface FeatureOptions {
  bucketCount?: number;
  /** Namespaced extra features (e.g. `kind:math`, a check on a weak answer): hashed like the n-grams. */
  extra?: readonly string[];
  /** Weight of each character n-gram against a word's 1. */
  characterWeight?: number;
}

export function hashPromptFeatures(text: string, options: FeatureOptions = {}): HashedFeatures {
  const bucketCount = options.bucketCount ?? defaultBucketCount;
  const counts = new Map<number, number>();
  const add = (token: string, weight: number) => {
    const bucket = fnv1a(token) % bucketCount;
    counts.set(bucket, (counts.get(bucket) ?? 0) + weight);
  };

  const lowered = text.slice(0, maximumCharacters).toLowerCase();
  const words = lowered.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
  const wordCounts = new Map<number, number>();
  for (let index = 0; index < words.length; index += 1) {
    add(`w:${words[index]}`, 1);
    const wordBucket = fnv1a(`w:${words[index]}`) % bucketCount;
    wordCounts.set(wordBucket, (wordCounts.get(wordBucket) ?? 0) + 1);
    if (index > 0) add(`b:${words[index - 1]} ${words[index]}`, 1);
  }
  // Character n-grams over the text with runs of white space folded: they carry word pieces
  // (units, notation, morphology) that whole words miss. Weighted down because there are many.
  const folded = ` ${lowered.replace(/\s+/g, ' ')} `;
  const characterWeight = options.characterWeight ?? 0.5;
  for (let size = 3; size <= 5 && characterWeight > 0; size += 1) {
    for (let start = 0; start + size <= folded.length; start += 1) add(`c:${folded.slice(start, start + size)}`, characterWeight);
  }
  for (const feature of options.extra ?? []) add(`x:${feature}`, 1);

  // Counts are damped (1 + log) so a repeated word does not drown the rest, then scaled to length 1.
  const indices = new Int32Array(counts.size);
  const values = new Float32Array(counts.size);
  let squaredLength = 0;
  let position = 0;
  for (const [bucket, count] of counts) {
    const value = count >= 1 ? 1 + Math.log(count) : count;
    indices[position] = bucket;
    values[position] = value;
    squaredLength += value * value;
    position += 1;
  }
  const length = Math.sqrt(squaredLength) || 1;
  for (let index = 0; index < values.length; index += 1) values[index] = (values[index] ?? 0) / length;
  return { indices, values, words: dampedVector(wordCounts) };
}

function dampedVector(counts: Map<number, number>): SparseVector {
  const indices = new Int32Array(counts.size);
  const values = new Float32Array(counts.size);
  let position = 0;
  for (const [bucket, count] of counts) {
    indices[position] = bucket;
    values[position] = 1 + Math.log(count);
    position += 1;
  }
  return { indices, values };
}

/** Adds features that stand apart from the prompt (a kind, checks of an answer), each with its own weight, without renormalising the prompt's. */
export function withExtraFeatures(features: HashedFeatures, extra: readonly string[], weight = 1, bucketCount = defaultBucketCount): HashedFeatures {
  if (extra.length === 0) return features;
  const indices = new Int32Array(features.indices.length + extra.length);
  const values = new Float32Array(features.values.length + extra.length);
  indices.set(features.indices);
  values.set(features.values);
  extra.forEach((feature, offset) => {
    indices[features.indices.length + offset] = fnv1a(`x:${feature}`) % bucketCount;
    values[features.values.length + offset] = weight;
  });
  return features.words ? { indices, values, words: features.words } : { indices, values };
}

/** 32-bit FNV-1a over UTF-16 code units: fast, stable across runs and machines (the learned state is kept). */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
