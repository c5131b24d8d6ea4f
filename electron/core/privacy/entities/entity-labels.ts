import type { EntityType, Span } from '../../../shared/privacy.js';
import type { WordToken } from './word-tokens.js';

/**
 * The classifier's tags (BIO over word tokens) and how a tagged token run becomes a span.
 * The order is the model's output order; it is written next to the model and checked on load.
 */
export const entityKinds = ['PERSON', 'LOCATION', 'ORGANIZATION', 'STREET'] as const;
export type EntityKind = (typeof entityKinds)[number];

export const entityTags: readonly string[] = ['O', ...entityKinds.flatMap((kind) => [`B-${kind}`, `I-${kind}`])];

const spanTypes: Record<EntityKind, EntityType> = {
  PERSON: 'PERSON',
  LOCATION: 'LOCATION',
  ORGANIZATION: 'ORGANIZATION',
  STREET: 'STREET_ADDRESS',
};

export interface TaggedToken {
  tag: number;
  /** The probability of the chosen tag. */
  probability: number;
}

/**
 * Token tags to spans. An I- tag continues the run before it when that run has the same kind;
 * otherwise it starts one (the model sometimes skips the B-). A span runs from its first
 * token's start to its last token's end, so it covers the exact original characters; its
 * score is the lowest token probability in it (one unsure token makes the span unsure).
 */
export function spansFromTags(tokens: readonly WordToken[], tagged: readonly TaggedToken[], source: string): Span[] {
  const spans: Span[] = [];
  let open: { kind: EntityKind; start: number; end: number; score: number } | undefined;
  const close = () => {
    if (open) spans.push({ type: spanTypes[open.kind], start: open.start, end: open.end, score: open.score, source });
    open = undefined;
  };
  tokens.forEach((token, index) => {
    const { tag, probability } = tagged[index] ?? { tag: 0, probability: 1 };
    const label = entityTags[tag] ?? 'O';
    if (label === 'O') return close();
    const kind = label.slice(2) as EntityKind;
    if (label.startsWith('I-') && open?.kind === kind) {
      open.end = token.end;
      open.score = Math.min(open.score, probability);
      return;
    }
    close();
    open = { kind, start: token.start, end: token.end, score: probability };
  });
  close();
  return spans.filter((span) => !isOnlyPunctuation(tokens, span));
}

/** A run of only symbols ("-", "'") is never a name, whatever the model says. */
function isOnlyPunctuation(tokens: readonly WordToken[], span: Span): boolean {
  return !tokens.some((token) => token.start >= span.start && token.end <= span.end && /[\p{L}\p{N}]/u.test(token.text));
}
