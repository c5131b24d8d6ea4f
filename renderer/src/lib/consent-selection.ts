/**
 * Pure text helpers of the consent dialog: a payload message split into plain text and
 * placeholders (to highlight them), and a selection in it turned into the term to redact, in
 * the original text (placeholders put back to their values, since the core redacts the
 * original messages). No DOM here, so the rules are tested directly.
 */

/** What the helpers need of a placeholder (ConsentPlaceholder has more). */
export interface PlaceholderValue {
  placeholder: string;
  value: string;
}

export type PayloadSegment = { kind: 'text'; text: string } | { kind: 'placeholder'; text: string; value: string | undefined };

/** `⟦TYPE_N⟧`, as placeholder-format.ts writes them. */
const placeholderPattern = /\u27E6[A-Z][A-Z_]*_\d+\u27E7/g;

/** A message as plain text and placeholders, in order; joined, the segments give the message back. */
export function payloadSegments(content: string, placeholders: readonly PlaceholderValue[]): PayloadSegment[] {
  const values = new Map(placeholders.map((entry) => [entry.placeholder, entry.value]));
  const segments: PayloadSegment[] = [];
  let cursor = 0;
  for (const match of content.matchAll(placeholderPattern)) {
    if (match.index > cursor) segments.push({ kind: 'text', text: content.slice(cursor, match.index) });
    segments.push({ kind: 'placeholder', text: match[0], value: values.get(match[0]) });
    cursor = match.index + match[0].length;
  }
  if (cursor < content.length) segments.push({ kind: 'text', text: content.slice(cursor) });
  return segments;
}

const wordCharacter = /[\p{L}\p{N}_]/u;

function isWordCharacter(character: string | undefined): boolean {
  return character !== undefined && wordCharacter.test(character);
}

/**
 * The term to redact for a selection `[start, end)` of a message: widened to whole words (the
 * core matches whole words) and whole placeholders, without spaces or punctuation at its edges,
 * with each placeholder replaced by its value. Undefined when nothing new would be redacted (an
 * empty selection, punctuation, or only placeholders).
 */
export function selectedTerm(content: string, start: number, end: number, placeholders: readonly PlaceholderValue[]): string | undefined {
  let from = Math.max(0, Math.min(start, end));
  let to = Math.min(content.length, Math.max(start, end));
  // Spaces and punctuation at the edges are not part of the term ("Falcon." means "Falcon").
  while (from < to && !isWordCharacter(content[from])) from += 1;
  while (to > from && !isWordCharacter(content[to - 1])) to -= 1;
  if (from === to) return undefined;
  for (const match of content.matchAll(placeholderPattern)) {
    const matchEnd = match.index + match[0].length;
    if (match.index < to && matchEnd > from) {
      from = Math.min(from, match.index);
      to = Math.max(to, matchEnd);
    }
  }
  while (from > 0 && isWordCharacter(content[from - 1]) && isWordCharacter(content[from])) from -= 1;
  while (to < content.length && isWordCharacter(content[to - 1]) && isWordCharacter(content[to])) to += 1;
  const selected = content.slice(from, to);
  if (!/[\p{L}\p{N}]/u.test(selected.replace(placeholderPattern, ''))) return undefined;
  const values = new Map(placeholders.map((entry) => [entry.placeholder, entry.value]));
  return selected.replace(placeholderPattern, (placeholder) => values.get(placeholder) ?? placeholder);
}
