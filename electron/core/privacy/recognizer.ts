import type { Span } from '../../shared/privacy.js';

/**
 * Finds one family of sensitive values in a text. Pattern recognizers are synchronous; the NER
 * recognizer is not. Validators (Luhn, IBAN mod-97, ...) turn a pattern hit into a certainty;
 * context words nearby raise a score (the analyzer does that, from `contextWords`).
 */
export interface Recognizer {
  readonly name: string;
  /** Words that, found near a hit, make it more likely to be real ("card", "iban", "born"). */
  readonly contextWords?: readonly string[];
  analyze(text: string): Span[] | Promise<Span[]>;
}
