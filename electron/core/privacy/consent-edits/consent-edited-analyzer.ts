import { classifierEntityTypes, type ConsentEdits, type EntityType, type Span } from '../../../shared/privacy.js';
import { findWholeTerms } from '../literal-search.js';
import type { TextAnalyzer } from '../payload-redaction.js';
import { mergeOverlappingSpans } from '../span-merging.js';
import { consentRedactSource, hasEdits } from './consent-edits.js';

const releasableTypes: ReadonlySet<EntityType> = new Set(classifierEntityTypes);

/**
 * The shield's analyzer with one payload's consent edits laid over it; the boundary uses it
 * both to rebuild the payload and for the final check before sending, so the two agree.
 *
 * - `redact` terms are flagged as CUSTOM wherever they appear: whole words, any case (as the
 *   deny list).
 * - A `release` drops a span only when an entity recognizer found it (its source is one of
 *   `entitySources`), it is a name, place, organisation or street address, and it lies inside
 *   an occurrence of a released value (whole words, exact case). A pattern hit (a card, an
 *   IBAN, a key, an e-mail, a street address found by its pattern) is never dropped: after
 *   merging, a span a pattern took part in carries the pattern's source.
 */
export function consentEditedAnalyzer(base: TextAnalyzer, edits: ConsentEdits, entitySources: ReadonlySet<string>): TextAnalyzer {
  if (!hasEdits(edits)) return base;
  const isEntitySpan = (span: Span) => entitySources.has(span.source);
  return {
    async analyze(text) {
      const analysis = await base.analyze(text);
      const released = findWholeTerms(text, edits.release, { ignoreCase: false });
      const kept = analysis.spans.filter(
        (span) => !(isEntitySpan(span) && releasableTypes.has(span.type) && released.some(([start, end]) => start <= span.start && span.end <= end)),
      );
      const redacted = findWholeTerms(text, edits.redact, { ignoreCase: true }).map(
        ([start, end]): Span => ({ type: 'CUSTOM', start, end, score: 1, source: consentRedactSource }),
      );
      return { ...analysis, spans: mergeOverlappingSpans([...kept, ...redacted], isEntitySpan) };
    },
  };
}
