import { z } from 'zod';
import { BatonError } from '../../shared/errors.js';
import { entityTypes, type EntityType, type Span } from '../../shared/privacy.js';
import { formatPlaceholder, placeholderPattern } from './placeholder-format.js';

/** One value the vault replaced, in the order it appeared in the text. */
export interface Replacement {
  placeholder: string;
  type: EntityType;
  value: string;
}

/** A value replaced in one text, and the `source` of every span that covered it (`email`, `entity-classifier`, `vault`, ...). */
export interface RedactedValue extends Replacement {
  sources: string[];
}

export interface Redaction {
  text: string;
  replacements: RedactedValue[];
}

const snapshotSchema = z.object({
  version: z.literal(1),
  entries: z.array(z.object({ placeholder: z.string(), type: z.enum(entityTypes), value: z.string() })),
  counters: z.record(z.string(), z.number().int().min(0)),
  reserved: z.array(z.string()),
});

/** What toJSON writes and fromJSON reads: plain JSON, stored per conversation. */
export type VaultSnapshot = z.infer<typeof snapshotSchema>;

/**
 * One conversation's placeholders (`⟦EMAIL_1⟧`, `⟦PERSON_2⟧`; see placeholder-format.ts).
 * The same value always gets the same placeholder, across turns and subtasks; two values never
 * share one; numbers count per type. Text in the person's own message that already looks like
 * a placeholder is reserved: the vault never issues it, so it cannot be confused with a value
 * and restores to itself. Only a placeholder the vault itself issued is restored; a person
 * who types one (copied from the consent dialog, say) refers to its value.
 */
export class Vault {
  private readonly placeholderOfValue = new Map<string, string>();
  private readonly entryOfPlaceholder = new Map<string, Replacement>();
  private readonly counters = new Map<string, number>();
  private readonly reserved = new Set<string>();
  private changes = 0;

  /** Grows with every new placeholder or reservation: tells a store when there is something to save. */
  get revision(): number {
    return this.changes;
  }

  /** Replaces each span's text with its placeholder. Overlapping spans are joined first. */
  redact(text: string, spans: readonly Span[]): Redaction {
    for (const match of text.matchAll(placeholderPattern())) {
      if (!this.entryOfPlaceholder.has(match[0]) && !this.reserved.has(match[0])) {
        this.reserved.add(match[0]);
        this.changes += 1;
      }
    }
    let redacted = '';
    let cursor = 0;
    const replacements: RedactedValue[] = [];
    for (const span of joinSpans(text, spans)) {
      const value = text.slice(span.start, span.end);
      const placeholder = this.placeholderFor(value, span.type);
      redacted += text.slice(cursor, span.start) + placeholder;
      cursor = span.end;
      replacements.push({ placeholder, type: this.entryOfPlaceholder.get(placeholder)?.type ?? span.type, value, sources: [...span.sources] });
    }
    return { text: redacted + text.slice(cursor), replacements };
  }

  /** Puts the values back; placeholder-like text the vault did not issue stays as it is. */
  restore(text: string): string {
    return text.replace(placeholderPattern(), (placeholder) => this.entryOfPlaceholder.get(placeholder)?.value ?? placeholder);
  }

  /** The placeholder of a value, issuing the next free one of `type` when the value is new. */
  placeholderFor(value: string, type: EntityType): string {
    const known = this.placeholderOfValue.get(value);
    if (known) return known;
    let number = (this.counters.get(type) ?? 0) + 1;
    while (this.reserved.has(formatPlaceholder(type, number))) number += 1;
    this.counters.set(type, number);
    const placeholder = formatPlaceholder(type, number);
    this.placeholderOfValue.set(value, placeholder);
    this.entryOfPlaceholder.set(placeholder, { placeholder, type, value });
    this.changes += 1;
    return placeholder;
  }

  /** The value behind a placeholder this vault issued. */
  valueOf(placeholder: string): string | undefined {
    return this.entryOfPlaceholder.get(placeholder)?.value;
  }

  /** The type a known value was first redacted as. */
  typeOfValue(value: string): EntityType | undefined {
    const placeholder = this.placeholderOfValue.get(value);
    return placeholder === undefined ? undefined : this.entryOfPlaceholder.get(placeholder)?.type;
  }

  isIssued(placeholder: string): boolean {
    return this.entryOfPlaceholder.has(placeholder);
  }

  /** Every value the vault holds: what must never appear in a payload for the cloud. */
  values(): string[] {
    return [...this.placeholderOfValue.keys()];
  }

  get size(): number {
    return this.entryOfPlaceholder.size;
  }

  toJSON(): VaultSnapshot {
    return {
      version: 1,
      entries: [...this.entryOfPlaceholder.values()].map((entry) => ({ ...entry })),
      counters: Object.fromEntries(this.counters),
      reserved: [...this.reserved],
    };
  }

  /** An independent copy: placeholders issued in it do not reach this vault until adoptFrom. */
  copy(): Vault {
    return Vault.fromJSON(this.toJSON());
  }

  /**
   * Takes over what a copy of this vault issued since it was made. Returns false, and changes
   * nothing, when that clashes with what this vault issued meanwhile (the same placeholder for
   * another value, or another placeholder for the same value).
   */
  adoptFrom(copy: Vault): boolean {
    const added: Replacement[] = [];
    for (const entry of copy.entryOfPlaceholder.values()) {
      const own = this.entryOfPlaceholder.get(entry.placeholder);
      if (own) {
        if (own.value !== entry.value) return false;
        continue;
      }
      if (this.placeholderOfValue.has(entry.value) || this.reserved.has(entry.placeholder)) return false;
      added.push(entry);
    }
    for (const entry of added) {
      this.placeholderOfValue.set(entry.value, entry.placeholder);
      this.entryOfPlaceholder.set(entry.placeholder, { ...entry });
      this.changes += 1;
    }
    for (const [type, number] of copy.counters) this.counters.set(type, Math.max(number, this.counters.get(type) ?? 0));
    for (const placeholder of copy.reserved) {
      if (this.reserved.has(placeholder) || this.entryOfPlaceholder.has(placeholder)) continue;
      this.reserved.add(placeholder);
      this.changes += 1;
    }
    return true;
  }

  static fromJSON(snapshot: unknown): Vault {
    const parsed = snapshotSchema.safeParse(snapshot);
    if (!parsed.success) {
      throw new BatonError('storage', `A stored placeholder vault is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
    }
    const vault = new Vault();
    for (const entry of parsed.data.entries) {
      vault.placeholderOfValue.set(entry.value, entry.placeholder);
      vault.entryOfPlaceholder.set(entry.placeholder, { ...entry });
    }
    for (const [type, number] of Object.entries(parsed.data.counters)) vault.counters.set(type, number);
    for (const placeholder of parsed.data.reserved) vault.reserved.add(placeholder);
    return vault;
  }
}

interface JoinedSpan extends Span {
  sources: Set<string>;
}

/** Spans clipped to the text, sorted, overlapping ones joined (the first one's type wins, every source is kept). */
function joinSpans(text: string, spans: readonly Span[]): JoinedSpan[] {
  const sorted = spans
    .map((span) => ({ ...span, start: Math.max(0, span.start), end: Math.min(text.length, span.end), sources: new Set([span.source]) }))
    .filter((span) => span.end > span.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const joined: JoinedSpan[] = [];
  for (const span of sorted) {
    const last = joined.at(-1);
    if (last && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      last.sources.add(span.source);
    } else {
      joined.push(span);
    }
  }
  return joined;
}
