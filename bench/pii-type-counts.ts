import type { LabelledSpan } from './pii-scoring.js';

// Per-type figures beside the per-family ones: recall for each gold label (did a span of its
// family cover it?) and precision for each of the tool's own types (did its span land on a gold
// span of the same family?). A family hides which of its types is missed or over-flagged.
// Gold labels also count as hidden when a span of any type covers them: an organisation
// redacted as a person is scored as missed, yet its text never reaches a cloud.

export interface TypeCounts {
  total: number;
  correct: number;
  /** Gold labels only: covered by a found span of any type. */
  hidden?: number;
}

const overlaps = (left: LabelledSpan, right: LabelledSpan) => left.start < right.end && right.start < left.end;

function add(counts: Map<string, TypeCounts>, label: string, correct: boolean, hidden?: boolean): void {
  const value = counts.get(label) ?? { total: 0, correct: 0, ...(hidden === undefined ? {} : { hidden: 0 }) };
  value.total += 1;
  if (correct) value.correct += 1;
  if (hidden && value.hidden !== undefined) value.hidden += 1;
  counts.set(label, value);
}

/** Adds one text: gold labels by whether they were found, predicted types by whether they were right. */
export function countTypes(
  gold: readonly LabelledSpan[],
  predicted: readonly LabelledSpan[],
  goldByLabel: Map<string, TypeCounts>,
  predictedByType: Map<string, TypeCounts>,
): void {
  for (const span of gold) {
    add(
      goldByLabel,
      span.label ?? span.family,
      predicted.some((found) => found.family === span.family && overlaps(found, span)),
      predicted.some((found) => overlaps(found, span)),
    );
  }
  for (const span of predicted) {
    add(predictedByType, span.label ?? span.family, gold.some((labelled) => labelled.family === span.family && overlaps(labelled, span)));
  }
}

/**
 * Lines of a table: label, count, correct and the ratio (recall for gold labels, precision for
 * types); for gold labels also the share hidden under any type.
 */
export function typeTable(title: string, counts: Map<string, TypeCounts>, ratio: string): string[] {
  const withHidden = [...counts.values()].some((value) => value.hidden !== undefined);
  const hiddenHeader = withHidden ? ` ${'hidden'.padStart(7)}` : '';
  const lines = [`${title.padEnd(26)} ${'count'.padStart(6)} ${'right'.padStart(6)} ${ratio.padStart(6)}${hiddenHeader}`];
  for (const [label, value] of [...counts].sort((left, right) => right[1].total - left[1].total)) {
    const hidden = value.hidden === undefined ? '' : ` ${(value.hidden / value.total).toFixed(3).padStart(7)}`;
    lines.push(`${label.padEnd(26)} ${String(value.total).padStart(6)} ${String(value.correct).padStart(6)} ${(value.correct / value.total).toFixed(3).padStart(6)}${hidden}`);
  }
  return lines;
}
