import type { AnalysisResult, Sensitivity, Span } from '../../shared/privacy.js';

/** A stretch of the input, scanned: its spans are in the input's offsets. */
export interface ScannedSection {
  /** Where the section starts in the whole input. */
  offset: number;
  text: string;
  spans: Span[];
  sensitivity: Sensitivity;
  warnings: string[];
}

export interface SectionedScanOptions {
  /**
   * Characters read before a window is scanned; default 24 K. Measured with `baton scan` of a
   * 1.5 MB file: 256 K windows peaked at 410 MB of memory, 64 K at 357 MB, 24 K at 300 MB (270
   * MB for a one-line file), mostly the entity classifier's working set per window. At 24 K the
   * pattern phase also stays in process (below the analyzer's off-thread size), one isolate less.
   */
  windowCharacters?: number;
  /**
   * Characters at a window's end that are scanned again with the next window, so that a value
   * cut by the window's edge is read whole there; default 4 K (far longer than any value).
   */
  overlapCharacters?: number;
}

/**
 * Scans an input of any size in windows, holding at most about two windows in memory: `baton
 * scan` of a 44 MB file must not read it whole (1.9 GB of memory) before printing anything.
 * Each window is analysed whole; what lies in its last `overlap` characters is left to the next
 * window, which starts there (at a line break when there is one), so a value across the edge
 * is found by the next window in one piece, never in two. A span the next window finds that
 * overlaps one already given (a value that began before the edge) is dropped.
 */
export async function* scanInSections(
  chunks: AsyncIterable<string>,
  analyze: (text: string) => Promise<AnalysisResult>,
  options: SectionedScanOptions = {},
): AsyncGenerator<ScannedSection> {
  const windowCharacters = options.windowCharacters ?? 24 * 1024;
  const overlapCharacters = options.overlapCharacters ?? 4096;
  let pending = '';
  /** Where `pending` starts in the whole input. */
  let offset = 0;
  /** The end of the last span given, in the input's offsets. */
  let givenUpTo = 0;
  /** Scans the window at the head of `pending` (all of it when `isLast`) and gives its committed section. */
  const scanned = async function* (isLast: boolean): AsyncGenerator<ScannedSection> {
    const text = isLast ? pending : pending.slice(0, windowCharacters + overlapCharacters);
    const analysis = await analyze(text);
    const commitEnd = isLast ? text.length : sectionEnd(text, text.length - overlapCharacters);
    const spans: Span[] = [];
    for (const span of analysis.spans) {
      if (span.start >= commitEnd) continue;
      const absolute = { ...span, start: span.start + offset, end: span.end + offset };
      if (absolute.start < givenUpTo) continue;
      spans.push(absolute);
      givenUpTo = Math.max(givenUpTo, absolute.end);
    }
    // A span given here may run past the section's end: the section then reaches its end.
    const end = Math.max(commitEnd, ...spans.map((span) => span.end - offset));
    yield { offset, text: text.slice(0, end), spans, sensitivity: analysis.sensitivity, warnings: analysis.warnings };
    pending = pending.slice(end);
    offset += end;
  };
  for await (const chunk of chunks) {
    pending += chunk;
    while (pending.length >= windowCharacters + overlapCharacters) yield* scanned(false);
  }
  // What is left fits in one window: scanned whole.
  if (pending.length > 0 || offset === 0) yield* scanned(true);
}

/** The start of the line that holds `target`, when one starts within the last 1 K before it; else `target`. */
function sectionEnd(text: string, target: number): number {
  const lineStart = text.lastIndexOf('\n', target);
  return lineStart >= 0 && target - lineStart < 1024 ? lineStart + 1 : Math.max(1, target);
}
