import { entityTypes, type Span } from '../../shared/privacy.js';

/**
 * Merges overlapping spans into one. The rule, chosen so that no character any recognizer
 * flagged is ever left out of a redaction:
 *
 * - Spans that overlap (share at least one character; merely touching does not count),
 *   directly or through a chain, form one group.
 * - The group keeps the type, source, score and detail of its strongest span: a pattern span
 *   before a model (NER) span, whatever their scores (a checksum-validated card number is a card even
 *   when the model is 99.9% sure it is a place: its probability is not a certainty); then the
 *   highest score; then the longer span; then the earlier start; then the type listed first
 *   in `entityTypes` (specific patterns such as EMAIL before PERSON or CUSTOM); then the span
 *   that names its identifier (a country's passport rule over the permissive one, once context
 *   boosts have capped both at 1).
 * - The merged span covers the whole group, from its first start to its last end.
 *
 * Returns the merged spans sorted by start.
 */
export function mergeOverlappingSpans(spans: readonly Span[], isModelSpan: (span: Span) => boolean = () => false): Span[] {
  const compareStrength = (a: Span, b: Span): number =>
    Number(isModelSpan(a)) - Number(isModelSpan(b)) ||
    b.score - a.score ||
    b.end - b.start - (a.end - a.start) ||
    a.start - b.start ||
    entityTypes.indexOf(a.type) - entityTypes.indexOf(b.type) ||
    Number(!a.detail) - Number(!b.detail);
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  let group: Span[] = [];
  let groupEnd = -1;
  const close = () => {
    if (group.length === 0) return;
    const strongest = [...group].sort(compareStrength)[0] as Span;
    const start = Math.min(...group.map((span) => span.start));
    const end = Math.max(...group.map((span) => span.end));
    // The strongest span also names which identifier the group is (`detail`), where it knows.
    const { type, score, source, detail } = strongest;
    merged.push({ type, start, end, score, source, ...(detail ? { detail } : {}) });
    group = [];
  };
  for (const span of sorted) {
    if (group.length > 0 && span.start >= groupEnd) close();
    group.push(span);
    groupEnd = group.length === 1 ? span.end : Math.max(groupEnd, span.end);
  }
  close();
  return merged;
}
