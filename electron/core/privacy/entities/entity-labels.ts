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
  return joinTouchingSpans(
    tokens,
    spans.filter((span) => !isOnlyPunctuation(tokens, span)),
  );
}

/**
 * Spans that touch, or are parted by one space, a hyphen or an apostrophe only, are one name
 * the model split ("Anne" + "-" + "Marie Dubois" tagged as two kinds): they become one span of
 * the kind that covers more of it, scored by its least sure part. Nothing is lost either way
 * (both parts were redacted), but one placeholder reads better and restores the same.
 */
function joinTouchingSpans(tokens: readonly WordToken[], spans: Span[]): Span[] {
  const joined: Span[] = [];
  for (const span of spans) {
    const previous = joined.at(-1);
    if (previous && isJoiner(tokens, previous.end, span.start)) {
      const keep = span.end - span.start > previous.end - previous.start ? span : previous;
      joined[joined.length - 1] = { ...keep, start: previous.start, end: span.end, score: Math.min(previous.score, span.score) };
      continue;
    }
    joined.push(span);
  }
  return joined;
}

/** Between `end` and `start`: nothing, one space (not a line break), or one hyphen or apostrophe token with no space around it. */
function isJoiner(tokens: readonly WordToken[], end: number, start: number): boolean {
  const between = tokens.filter((token) => token.start >= end && token.end <= start);
  const next = tokens.find((token) => token.start === start);
  if (between.length === 0) return start - end <= 1 && next !== undefined && !next.newlineBefore;
  const [only] = between;
  return between.length === 1 && only !== undefined && only.start === end && only.end === start && /^['’\-‐‑]$/u.test(only.text);
}

/** A run of only symbols ("-", "'") is never a name, whatever the model says. */
function isOnlyPunctuation(tokens: readonly WordToken[], span: Span): boolean {
  return !tokens.some((token) => token.start >= span.start && token.end <= span.end && /[\p{L}\p{N}]/u.test(token.text));
}
