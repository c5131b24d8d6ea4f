import fc from 'fast-check';
import { anyInjectedValue, textWithValues } from '../test/support/pii-values.js';

/**
 * The soak's prompts: ordinary words with one to three personal values of the pattern types
 * (e-mail addresses, cards, IBANs, keys, passwords, ...), made from a seed so that a run can be
 * repeated. Names and places are left out on purpose: the entity classifier's recall is
 * statistical and has its own leak test; a miss here must mean the faults let something through.
 */
export interface SoakPrompt {
  text: string;
  /** What must never appear in anything the fake cloud receives. */
  secrets: string[];
}

export function soakPrompts(count: number, seed: number): SoakPrompt[] {
  const samples = fc.sample(textWithValues(fc.array(anyInjectedValue, { minLength: 1, maxLength: 3 })), { seed, numRuns: count });
  return samples.map((sample, index) => ({
    // The request number makes every prompt different, so the fake's faults (chosen per request
    // body) differ from run to run.
    text: `Request ${index + 1}: please summarise this for me.\n${sample.text}`,
    secrets: sample.values.flatMap((value) => value.secrets),
  }));
}
