import { Analyzer } from '../electron/core/privacy/analyzer.js';
import { createDateRecognizer, type DateScope } from '../electron/core/privacy/recognizers/date-of-birth.js';
import { batonFamily, countText, goldFamily, scoreOf, type Family, type FamilyCounts, type LabelledSpan } from './pii-scoring.js';

/** One text of the data with its gold spans, as the PII bench reads it. */
export interface DateScopeRecord {
  full_text: string;
  spans: { entity_type: string; start_position: number; end_position: number }[];
}

const scopes: readonly DateScope[] = ['birth-dates', 'person-dates', 'all-dates'];

/**
 * The DATE family under each setting of `redactDates` (birth dates only, the default; dates tied
 * to a person; all dates): the date recognizer alone, through the Analyzer's context boost and
 * threshold, scored like the main table. The main table runs the default.
 */
export async function dateScopeLines(records: readonly DateScopeRecord[]): Promise<string[]> {
  const lines = ['dates by the redactDates setting (the date recognizer alone, DATE family):'];
  lines.push(`${'setting'.padEnd(14)} ${'gold'.padStart(5)} ${'found'.padStart(6)}  P     R     F2`);
  for (const scope of scopes) {
    const analyzer = new Analyzer([createDateRecognizer(scope)]);
    const counts = new Map<Family, FamilyCounts>();
    for (const record of records) {
      const gold: LabelledSpan[] = record.spans
        .map((span) => ({ family: goldFamily(span.entity_type), start: span.start_position, end: span.end_position }))
        .filter((span) => span.family === 'DATE');
      const found = (await analyzer.analyze(record.full_text)).spans.map((span) => ({ family: batonFamily(span.type), start: span.start, end: span.end }));
      countText(gold, found, counts);
    }
    const dates = counts.get('DATE') ?? { gold: 0, goldFound: 0, predicted: 0, predictedCorrect: 0 };
    const score = scoreOf(dates);
    lines.push(
      `${scope.padEnd(14)} ${String(dates.gold).padStart(5)} ${String(dates.predicted).padStart(6)}  ${score.precision.toFixed(3)} ${score.recall.toFixed(3)} ${score.f2.toFixed(3)}`,
    );
  }
  return lines;
}
