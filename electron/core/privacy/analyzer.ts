import { BatonError } from '../../shared/errors.js';
import { classifierEntityTypes, type AnalysisResult, type EntityType, type Sensitivity, type Span } from '../../shared/privacy.js';
import { escapeRegExp, findWholeTerms } from './literal-search.js';
import type { Recognizer } from './recognizer.js';
import { SensitivityDetector } from './sensitivity.js';
import { normalizeForScanning, toOriginalRange, type ScanText } from './normalization/scan-normalization.js';
import { mergeOverlappingSpans } from './span-merging.js';

export interface AnalyzerOptions {
  /** Spans scoring below this are dropped (after the context boost). Default 0.5. */
  scoreThreshold?: number;
  /** Added to a span's score when one of its recognizer's context words is just before it. Default 0.35. */
  contextBoost?: number;
  /** How many characters before a hit are searched for context words. Default 40. */
  contextWindow?: number;
  /**
   * "Never redact" terms (a product name, the person's own company): whole words, any case.
   * They release entity spans only (a name, place or organisation the classifier found inside
   * such a term); a pattern hit (a card, an IBAN, a key, an e-mail) is never released.
   */
  allowList?: readonly string[];
  /**
   * Terms that are always flagged, as CUSTOM (a project codename, a client's name): whole
   * words, case-insensitive. A deny-list term wins over the allow list and ignores the
   * threshold and the per-type switches: the person named it as sensitive.
   */
  denyList?: readonly string[];
  /** Types the person switched off: spans of these types are dropped. */
  disabledTypes?: readonly EntityType[];
  /**
   * Recognizers of names, places and organisations: the shipped entity classifier and any
   * installed NER model. Their spans are guesses, so a pattern span wins over them when the two
   * overlap, and only they can be released by the allow list.
   */
  entityRecognizers?: readonly Recognizer[];
  /**
   * Texts of at least `minimumLength` characters get their pattern phase from `scan` (a
   * worker thread in the app: off-thread-pattern-scan.ts), so that a message of megabytes
   * never blocks the event loop. It must find what `findPatterns` finds.
   */
  largeTexts?: { minimumLength: number; scan(text: string): Promise<PatternFindings> };
}

/** Milliseconds spent in each phase of analyses, added up. */
export interface AnalysisTimings {
  patterns: number;
  entities: number;
}

/** The pattern phase of an analysis, in original offsets (see Analyzer.findPatterns). */
export interface PatternFindings {
  spans: Span[];
  /** The allow list's whole-word matches: entity spans inside one are released. */
  released: [number, number][];
  sensitivity: Sensitivity;
}

export const NO_NER_WARNING = 'No entity classifier is active: names, places and organisations are not detected.';

/** What a never-redact term may release: a NER model's e-mail or phone span is held like a pattern's. */
const releasableTypes: ReadonlySet<EntityType> = new Set(classifierEntityTypes);

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
  private readonly allowList: readonly string[];
  private readonly denyList: readonly string[];
  private readonly disabled: ReadonlySet<EntityType>;
  private readonly contextPatterns = new Map<Recognizer, RegExp | undefined>();
  private readonly sensitivity = new SensitivityDetector();
  private readonly entityRecognizers: ReadonlySet<Recognizer>;
  private readonly largeTexts: AnalyzerOptions['largeTexts'];
  readonly nerAvailable: boolean;

  constructor(recognizers: readonly Recognizer[], options: AnalyzerOptions = {}) {
    const entityRecognizers = options.entityRecognizers ?? [];
    this.recognizers = [...recognizers, ...entityRecognizers];
    this.entityRecognizers = new Set(entityRecognizers);
    this.nerAvailable = entityRecognizers.length > 0;
    this.threshold = options.scoreThreshold ?? defaultThreshold;
    this.boost = options.contextBoost ?? defaultBoost;
    this.contextWindow = options.contextWindow ?? defaultContextWindow;
    this.allowList = options.allowList ?? [];
    this.denyList = options.denyList ?? [];
    this.disabled = new Set(options.disabledTypes ?? []);
    this.largeTexts = options.largeTexts;
    for (const recognizer of this.recognizers) this.contextPatterns.set(recognizer, contextPattern(recognizer.contextWords));
  }

  /**
   * `timings`, when given, gains each phase's milliseconds (they run at the same time): what
   * `baton scan` reports as the pattern scan's and the entity recognizers' rates.
   */
  async analyze(text: string, timings?: AnalysisTimings): Promise<AnalysisResult> {
    const entityRecognizers = this.recognizers.filter((recognizer) => this.entityRecognizers.has(recognizer));
    const timed = async <T>(phase: keyof AnalysisTimings, work: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      const result = await work();
      if (timings) timings[phase] += performance.now() - started;
      return result;
    };
    const [patterns, entitySpans] = await Promise.all([
      timed('patterns', () =>
        this.largeTexts && text.length >= this.largeTexts.minimumLength ? this.scanLarge(this.largeTexts, text) : this.findPatterns(text),
      ),
      timed('entities', () => Promise.all(entityRecognizers.map((recognizer) => this.run(recognizer, text)))),
    ]);
    const kept: Span[] = [...patterns.spans];
    const fromModel = new Set<Span>();
    entitySpans.forEach((spans, index) => {
      for (const span of this.keptSpans(entityRecognizers[index] as Recognizer, spans, text, (bounded) => bounded.start)) {
        if (releasableTypes.has(span.type) && patterns.released.some(([start, end]) => start <= span.start && span.end <= end)) continue;
        kept.push(span);
        fromModel.add(span);
      }
    });
    return {
      spans: mergeOverlappingSpans(kept, (span) => fromModel.has(span)),
      sensitivity: patterns.sensitivity,
      nerAvailable: this.nerAvailable,
      warnings: this.nerAvailable ? [] : [NO_NER_WARNING],
    };
  }

  /**
   * Everything of an analysis but the entity recognizers: the pattern recognizers' spans
   * (context boost, switches and threshold applied), the deny list's, the allow list's ranges
   * and the sensitive topics. Plain data, so that a worker thread can compute it for a long
   * text (off-thread-pattern-scan.ts).
   */
  async findPatterns(text: string): Promise<PatternFindings> {
    // Pattern recognizers read the normalised text (invisible characters dropped, look-alikes
    // folded); the entity recognizers keep the original, which their models were trained on.
    // Every span ends up in original offsets.
    const scan = normalizeForScanning(text);
    const patternRecognizers = this.recognizers.filter((recognizer) => !this.entityRecognizers.has(recognizer));
    const found = await Promise.all(patternRecognizers.map((recognizer) => this.runOnScan(recognizer, scan)));
    const spans = found.flatMap((reported, index) =>
      this.keptSpans(patternRecognizers[index] as Recognizer, reported, scan.text, (_bounded, span) => (span as ScannedSpan).scanStart, text),
    );
    for (const [start, end] of findWholeTerms(text, this.denyList, { ignoreCase: true })) {
      spans.push({ type: 'CUSTOM', start, end, score: 1, source: 'deny-list' });
    }
    return { spans, released: findWholeTerms(text, this.allowList, { ignoreCase: true }), sensitivity: this.sensitivity.detect(text) };
  }

  /**
   * A recognizer's spans inside the text, boosted by context words (read in `contextText` at
   * the offset `contextStart` gives), without switched-off types and those under the threshold.
   */
  private keptSpans(
    recognizer: Recognizer,
    spans: readonly Span[],
    contextText: string,
    contextStart: (bounded: Span, reported: Span) => number,
    text = contextText,
  ): Span[] {
    const kept: Span[] = [];
    for (const reported of spans) {
      const bounded = withinText(reported, text);
      if (!bounded || this.disabled.has(bounded.type)) continue;
      const score = Math.min(1, bounded.score + (this.hasContext(recognizer, contextText, contextStart(bounded, reported)) ? this.boost : 0));
      if (score < this.threshold) continue;
      const { type, start, end, source, detail } = bounded;
      kept.push({ type, start, end, score, source, ...(detail ? { detail } : {}) });
    }
    return kept;
  }

  /** The pattern phase from the large-text scanner; its failure, like a recognizer's, blocks the cloud. */
  private async scanLarge(largeTexts: NonNullable<AnalyzerOptions['largeTexts']>, text: string): Promise<PatternFindings> {
    try {
      return await largeTexts.scan(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new BatonError('privacy-blocked', `The privacy shield could not check the text: ${reason}`, { cause: error });
    }
  }

  /** Runs a pattern recognizer on the normalised text and maps its spans back to the original. */
  private async runOnScan(recognizer: Recognizer, scan: ScanText): Promise<Span[]> {
    const spans = await this.run(recognizer, scan.text);
    const mapped: ScannedSpan[] = [];
    for (const span of spans) {
      const bounded = withinText(span, scan.text);
      if (!bounded) continue;
      const [start, end] = toOriginalRange(scan, bounded.start, bounded.end);
      mapped.push({ ...bounded, start, end, scanStart: bounded.start });
    }
    return mapped;
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

/** A pattern span in original offsets that remembers where it started in the scanned text (for its context words). */
type ScannedSpan = Span & { scanStart: number };

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
