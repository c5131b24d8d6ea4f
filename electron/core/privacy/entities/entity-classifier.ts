import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { InferenceSession as InferenceSessionType } from 'onnxruntime-node';
import { BatonError } from '../../../shared/errors.js';
import type { Span } from '../../../shared/privacy.js';
import { tokenWindows, centrality } from '../ner/token-windows.js';
import { mergeOverlappingSpans } from '../span-merging.js';
import { entityTags, spansFromTags, type TaggedToken } from './entity-labels.js';
import { Gazetteers } from './gazetteers.js';
import { lexiconEntitySpans } from './lexicon-entities.js';
import { listedOrganizations, withOrganizations } from './known-organizations.js';
import { cuedOrganizations } from './organization-cues.js';
import { reviewEntitySpans } from './span-review.js';
import { featureLayout, featuresOf } from './token-features.js';
import { wordTokens, type WordToken } from './word-tokens.js';

/**
 * Baton's own entity classifier: word tokens → features → a small ONNX tagger (trained by
 * training/) → spans of PERSON, LOCATION, ORGANIZATION and STREET_ADDRESS, joined with what
 * compromise's lexicons recognise (lexicon-entities.ts); where the two overlap, one span covers
 * both, of the tagger's kind when it is surer. The word lists then review every span
 * (span-review.ts), and the organisations they know or a cue names become organisations
 * (known-organizations.ts). Plain code with no thread of its own:
 * entity-worker.ts runs it off the event loop.
 *
 * The folder holds model.onnx, layout.json (the feature layout and tags it was trained with,
 * checked against this code's) and gazetteers/. Anything missing or different is an error
 * that names the folder: the shield then blocks cloud calls instead of guessing.
 */
export class EntityClassifier {
  private constructor(
    private readonly session: InferenceSessionType,
    private readonly Tensor: typeof import('onnxruntime-node').Tensor,
    private readonly gazetteers: Gazetteers,
    private readonly windowTokens: number,
  ) {}

  static async load(folder: string, options: { threads?: number; windowTokens?: number } = {}): Promise<EntityClassifier> {
    const path = resolve(folder);
    const modelFile = join(path, 'model.onnx');
    const layoutFile = join(path, 'layout.json');
    for (const required of [modelFile, layoutFile, join(path, 'gazetteers')]) {
      if (!existsSync(required)) {
        throw new BatonError('model-load-failed', `The entity classifier in "${path}" is incomplete: ${required} is missing.`);
      }
    }
    try {
      checkLayout(JSON.parse(readFileSync(layoutFile, 'utf8')) as unknown, path);
      const gazetteers = Gazetteers.load(join(path, 'gazetteers'));
      const ort = await import('onnxruntime-node');
      // The bytes, not the path: inside a packaged app the file may sit in an archive.
      const session = await ort.InferenceSession.create(readFileSync(modelFile), {
        intraOpNumThreads: options.threads ?? 1,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
      });
      return new EntityClassifier(session, ort.Tensor, gazetteers, options.windowTokens ?? 256);
    } catch (error) {
      if (error instanceof BatonError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new BatonError('model-load-failed', `The entity classifier in "${path}" could not be loaded: ${reason}`, { cause: error });
    }
  }

  async analyze(text: string, source = 'entity-classifier'): Promise<Span[]> {
    const tokens = wordTokens(text);
    if (tokens.length === 0) return [];
    // onnxruntime runs the tagger on its own thread: compromise reads the text meanwhile.
    const tagging = this.tagAll(tokens);
    const lexiconSpans = lexiconEntitySpans(text, source);
    const spans = mergeOverlappingSpans([...spansFromTags(tokens, await tagging, source), ...lexiconSpans]);
    const organizations = [...listedOrganizations(text, tokens, this.gazetteers), ...cuedOrganizations(text, tokens, this.gazetteers)];
    return withOrganizations(reviewEntitySpans(spans, text, this.gazetteers), organizations, source);
  }

  /**
   * Every token's best tag. The tagger reads any length, but bounded windows keep memory flat
   * on huge texts; windows overlap so a name cut by one edge is read whole by the next, and a
   * token takes the tag of the window where it sits most centrally.
   */
  private async tagAll(tokens: readonly WordToken[]): Promise<TaggedToken[]> {
    const best: (TaggedToken & { centrality: number })[] = [];
    for (const window of tokenWindows(tokens.length, this.windowTokens, 32)) {
      const tagged = await this.tagWindow(tokens.slice(window.start, window.end));
      tagged.forEach((value, offset) => {
        const index = window.start + offset;
        const rank = centrality(window, index, tokens.length);
        const current = best[index];
        if (!current || rank > current.centrality) best[index] = { ...value, centrality: rank };
      });
    }
    return best;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }

  private async tagWindow(tokens: readonly WordToken[]): Promise<TaggedToken[]> {
    const features = featuresOf(tokens, this.gazetteers);
    const length = features.length;
    const output = await this.session.run({
      word_ids: new this.Tensor('int64', features.wordIds, [1, length]),
      char_ids: new this.Tensor('int64', features.charIds, [1, length, featureLayout.charsPerToken]),
      shape_ids: new this.Tensor('int64', features.shapeIds, [1, length]),
      flags: new this.Tensor('float32', features.flags, [1, length, featureLayout.flags.length]),
    });
    const logits = output.logits;
    if (!logits || logits.dims.length !== 3 || logits.dims[1] !== length || logits.dims[2] !== entityTags.length) {
      throw new BatonError('model-load-failed', `The entity classifier returned logits of shape [${logits?.dims.join(', ') ?? ''}].`);
    }
    const data = logits.data as Float32Array;
    const tagged: TaggedToken[] = [];
    for (let index = 0; index < length; index += 1) tagged.push(softmaxTop(data, index * entityTags.length, entityTags.length));
    return tagged;
  }
}

function softmaxTop(data: Float32Array, base: number, classes: number): TaggedToken {
  let tag = 0;
  let top = -Infinity;
  for (let index = 0; index < classes; index += 1) {
    const value = data[base + index] as number;
    if (value > top) {
      top = value;
      tag = index;
    }
  }
  let total = 0;
  for (let index = 0; index < classes; index += 1) total += Math.exp((data[base + index] as number) - top);
  return { tag, probability: 1 / total };
}

/** The model must have been trained on exactly the features and tags this code produces. */
function checkLayout(layout: unknown, folder: string): void {
  const expected = { ...featureLayout, tags: entityTags };
  const found = layout as Record<string, unknown>;
  for (const [key, value] of Object.entries(expected)) {
    if (JSON.stringify(found?.[key]) !== JSON.stringify(value)) {
      throw new BatonError(
        'model-load-failed',
        `The entity classifier in "${folder}" was trained for other features ("${key}" differs from this version of Baton): retrain it (training/README.md).`,
      );
    }
  }
}
