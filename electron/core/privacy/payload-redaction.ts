import type { ChatMessage } from '../../shared/language-model.js';
import type { AnalysisResult, EntityType, RedactionCount, SensitiveTopic, Span } from '../../shared/privacy.js';
import { findWholeTerms } from './literal-search.js';
import { placeholderPattern } from './placeholder-format.js';
import type { RedactedValue, Replacement, Vault } from './vault.js';

export interface TextAnalyzer {
  analyze(text: string): Promise<AnalysisResult>;
}

/** Messages ready for the cloud, and what was done to them. */
export interface RedactedPayload {
  messages: ChatMessage[];
  /** Every replacement made, with the sources that flagged each value. */
  replacements: RedactedValue[];
  sensitiveTopics: SensitiveTopic[];
  warnings: string[];
}

/** The `source` of a span that marks a value the vault already holds. */
export const knownValueSource = 'vault';

/** Re-analyses of a redacted message, for values that only stand out once their neighbours are placeholders. */
const followUpPasses = 2;

export interface PayloadRedactionOptions {
  /**
   * Values the person released in the consent dialog: the vault holds them (they were redacted
   * before), but they are not redacted again as known values. Whether the analyzer still flags
   * them is the analyzer's business (see the consent-edited analyzer).
   */
  released?: readonly string[];
}

/**
 * Redacts every message through the conversation's vault: the analyzer's spans, plus every
 * value the vault already holds wherever it appears again (the same value gets the same
 * placeholder even where the recognizers would not spot it in its new context). Then the
 * redacted text is analysed again and anything new is redacted too.
 */
export async function redactPayload(
  messages: readonly ChatMessage[],
  analyzer: TextAnalyzer,
  vault: Vault,
  options: PayloadRedactionOptions = {},
): Promise<RedactedPayload> {
  const released = options.released ?? [];
  const redacted: ChatMessage[] = [];
  const replacements: RedactedValue[] = [];
  const topics = new Set<SensitiveTopic>();
  const warnings = new Set<string>();
  for (const message of messages) {
    const analysis = await analyzer.analyze(message.content);
    analysis.sensitivity.topics.forEach((topic) => topics.add(topic));
    analysis.warnings.forEach((warning) => warnings.add(warning));
    const first = vault.redact(message.content, [...analysis.spans, ...knownValueSpans(message.content, vault, released)]);
    replacements.push(...first.replacements);
    let text = first.text;
    // Nothing replaced: the text is unchanged, and a second look would see exactly the same.
    // A second look also catches other occurrences of values the first pass learned (a word a
    // model flagged in one place and not in another), which the final check would refuse.
    for (let pass = 0; pass < followUpPasses && first.replacements.length > 0; pass += 1) {
      const fresh = spansOutsidePlaceholders(text, [...(await analyzer.analyze(text)).spans, ...knownValueSpans(text, vault, released)], vault);
      if (fresh.length === 0) break;
      const next = vault.redact(text, fresh);
      replacements.push(...next.replacements);
      text = next.text;
    }
    // Pictures cannot be read, so not redacted either: they go as they are, and only with a
    // person's yes to this very request (the consent gate sees them in the request).
    redacted.push({ role: message.role, content: text, ...(message.images ? { images: message.images } : {}) });
  }
  return { messages: redacted, replacements, sensitiveTopics: [...topics], warnings: [...warnings] };
}

/**
 * The last check before anything is sent: the payload analysed once more. Returns why it must
 * not be sent (a detected value outside the placeholders, or a value the vault holds and the
 * person did not release), or undefined when it is clean. The reason names types and roles,
 * never values.
 */
export async function findRemainingValue(
  messages: readonly ChatMessage[],
  analyzer: TextAnalyzer,
  vault: Vault,
  options: PayloadRedactionOptions = {},
): Promise<string | undefined> {
  for (const message of messages) {
    const detected = spansOutsidePlaceholders(message.content, (await analyzer.analyze(message.content)).spans, vault);
    if (detected[0]) return `a detected value (${detected[0].type}) is still in the ${message.role} message`;
    const known = spansOutsidePlaceholders(message.content, knownValueSpans(message.content, vault, options.released ?? []), vault);
    if (known[0]) return `a value replaced earlier in this conversation (${known[0].type}) is still in the ${message.role} message`;
  }
  return undefined;
}

/** How many distinct values of each type were replaced. */
export function countRedactions(replacements: readonly Replacement[]): RedactionCount[] {
  const placeholdersByType = new Map<EntityType, Set<string>>();
  for (const { type, placeholder } of replacements) {
    const placeholders = placeholdersByType.get(type) ?? new Set<string>();
    placeholders.add(placeholder);
    placeholdersByType.set(type, placeholders);
  }
  return [...placeholdersByType].map(([type, placeholders]) => ({ type, count: placeholders.size }));
}

/** Where values the vault already holds, other than released ones, occur in a text (whole words, exact case). */
function knownValueSpans(text: string, vault: Vault, released: readonly string[]): Span[] {
  const releasedValues = new Set(released);
  const values = vault.values().filter((value) => !releasedValues.has(value));
  return findWholeTerms(text, values, { ignoreCase: false }).map(([start, end]) => ({
    type: vault.typeOfValue(text.slice(start, end)) ?? 'CUSTOM',
    start,
    end,
    score: 1,
    source: knownValueSource,
  }));
}

/**
 * The parts of spans that are not placeholders the vault issued: what is genuinely new in a
 * redacted text. A part needs two letters or digits to count; the `'s` left of
 * "⟦PERSON_1⟧'s" is not a value.
 */
function spansOutsidePlaceholders(text: string, spans: readonly Span[], vault: Vault): Span[] {
  const issued: [number, number][] = [];
  for (const match of text.matchAll(placeholderPattern())) {
    if (vault.isIssued(match[0])) issued.push([match.index, match.index + match[0].length]);
  }
  const fragments: Span[] = [];
  for (const span of spans) {
    let pieces: [number, number][] = [[span.start, span.end]];
    for (const [start, end] of issued) {
      pieces = pieces.flatMap(([from, to]): [number, number][] => {
        if (end <= from || start >= to) return [[from, to]];
        return [
          [from, start],
          [end, to],
        ].filter(([a, b]) => (b as number) > (a as number)) as [number, number][];
      });
    }
    for (const [from, to] of pieces) {
      const trimmed = trimWhitespace(text, from, to);
      if (!trimmed) continue;
      const letters = text.slice(trimmed[0], trimmed[1]).match(/[\p{L}\p{N}]/gu)?.length ?? 0;
      if (letters >= 2) fragments.push({ ...span, start: trimmed[0], end: trimmed[1] });
    }
  }
  return fragments;
}

function trimWhitespace(text: string, start: number, end: number): [number, number] | undefined {
  let from = start;
  let to = end;
  while (from < to && /\s/.test(text[from] ?? '')) from += 1;
  while (to > from && /\s/.test(text[to - 1] ?? '')) to -= 1;
  return to > from ? [from, to] : undefined;
}

