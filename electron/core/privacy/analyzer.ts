import { BatonError } from '../../shared/errors.js';
import type { AnalysisResult, EntityType, Span } from '../../shared/privacy.js';
import { escapeRegExp, findWholeTerms } from './literal-search.js';
import type { Recognizer } from './recognizer.js';
import { SensitivityDetector } from './sensitivity.js';
import { mergeOverlappingSpans } from './span-merging.js';

export interface AnalyzerOptions {
  /** Spans scoring below this are dropped (after the context boost). Default 0.5. */
  scoreThreshold?: number;
  /** Added to a span's score when one of its recognizer's context words is just before it. Default 0.35. */
  contextBoost?: number;
  /** How many characters before a hit are searched for context words. Default 40. */
  contextWindow?: number;
  /** Exact values that are never flagged (a company's public support address, a product name). */
  allowList?: readonly string[];
  /**
   * Terms that are always flagged, as CUSTOM (a project codename, a client's name): whole
   * words, case-insensitive. A deny-list term wins over the allow list and ignores the
   * threshold and the per-type switches: the person named it as sensitive.
   */
  denyList?: readonly string[];
  /** Types the person switched off: spans of these types are dropped. */
  disabledTypes?: readonly EntityType[];
  /** The NER recognizer, when a model is installed. */
  ner?: Recognizer;
}

export const NO_NER_WARNING = 'No NER model is installed: names, places and organisations are not detected.';

const defaultThreshold = 0.5;
const defaultBoost = 0.35;
const defaultContextWindow = 40;

/**
 * Runs every recognizer over a text and turns their hits into the spans the vault redacts:
 * context boost, per-type switches, score threshold, allow list, deny list, then overlapping
 * spans merged (see mergeOverlappingSpans for the rule). Also reports the text's sensitive
 * topics. When any recognizer fails, analyze rejects: callers must treat that as "do not
 * send" (fail closed), never as "nothing found".
 */
export class Analyzer {
  private readonly recognizers: readonly Recognizer[];
  private readonly threshold: number;
  private readonly boost: number;
  private readonly contextWindow: number;
  private readonly allowed: ReadonlySet<string>;
  private readonly denyList: readonly string[];
  private readonly disabled: ReadonlySet<EntityType>;
  private readonly contextPatterns = new Map<Recognizer, RegExp | undefined>();
  private readonly sensitivity = new SensitivityDetector();
  private readonly ner: Recognizer | undefined;
  readonly nerAvailable: boolean;

  constructor(recognizers: readonly Recognizer[], options: AnalyzerOptions = {}) {
    this.recognizers = options.ner ? [...recognizers, options.ner] : [...recognizers];
    this.ner = options.ner;
    this.nerAvailable = options.ner !== undefined;
    this.threshold = options.scoreThreshold ?? defaultThreshold;
    this.boost = options.contextBoost ?? defaultBoost;
    this.contextWindow = options.contextWindow ?? defaultContextWindow;
    this.allowed = new Set((options.allowList ?? []).map((value) => value.trim()).filter((value) => value.length > 0));
    this.denyList = options.denyList ?? [];
    this.disabled = new Set(options.disabledTypes ?? []);
    for (const recognizer of this.recognizers) this.contextPatterns.set(recognizer, contextPattern(recognizer.contextWords));
  }

  async analyze(text: string): Promise<AnalysisResult> {
    const found = await Promise.all(this.recognizers.map((recognizer) => this.run(recognizer, text)));
    const kept: Span[] = [];
    const fromModel = new Set<Span>();
    found.forEach((spans, index) => {
      const recognizer = this.recognizers[index] as Recognizer;
      for (const reported of spans) {
        const bounded = withinText(reported, text);
        if (!bounded || this.disabled.has(bounded.type)) continue;
        const score = Math.min(1, bounded.score + (this.hasContext(recognizer, text, bounded.start) ? this.boost : 0));
        if (score < this.threshold) continue;
        if (this.allowed.has(text.slice(bounded.start, bounded.end).trim())) continue;
        const span = { ...bounded, score };
        kept.push(span);
        if (recognizer === this.ner) fromModel.add(span);
      }
    });
    for (const [start, end] of findWholeTerms(text, this.denyList, { ignoreCase: true })) {
      kept.push({ type: 'CUSTOM', start, end, score: 1, source: 'deny-list' });
    }
    return {
      spans: mergeOverlappingSpans(kept, (span) => fromModel.has(span)),
      sensitivity: this.sensitivity.detect(text),
      nerAvailable: this.nerAvailable,
      warnings: this.nerAvailable ? [] : [NO_NER_WARNING],
    };
  }

  private async run(recognizer: Recognizer, text: string): Promise<Span[]> {
    try {
      return await recognizer.analyze(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new BatonError('privacy-blocked', `The privacy shield could not check the text: recognizer "${recognizer.name}" failed (${reason}).`, {
        cause: error,
      });
    }
  }

  private hasContext(recognizer: Recognizer, text: string, start: number): boolean {
    const pattern = this.contextPatterns.get(recognizer);
    if (!pattern) return false;
    return pattern.test(text.slice(Math.max(0, start - this.contextWindow), start));
  }
}

/** Context words as whole words (or phrases), case-insensitive; undefined when there are none. */
function contextPattern(words: readonly string[] | undefined): RegExp | undefined {
  const terms = (words ?? []).map((word) => word.trim()).filter((word) => word.length > 0);
  if (terms.length === 0) return undefined;
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${terms.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])`, 'iu');
}

/** A span clipped to the text (a recognizer may be off by one at the end); undefined when nothing of it is left. */
function withinText(span: Span, text: string): Span | undefined {
  const start = Math.max(0, Math.min(span.start, text.length));
  const end = Math.max(start, Math.min(span.end, text.length));
  if (end <= start || !Number.isFinite(span.score)) return undefined;
  return { ...span, start, end };
}
