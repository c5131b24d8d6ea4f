import { passesLuhn } from './checksums/luhn.js';
import { createPatternRecognizer, type PatternHit } from './pattern-recognizer.js';

// 13-19 digits, either unbroken or in the groupings card issuers print (4-4-4-4[-3], Amex 4-6-5,
// Diners 4-6-4), with one kind of separator throughout. A fixed grouping, rather than "a digit,
// maybe a separator, repeated", keeps two cards written side by side from running together.
const printedShapes = [
  '\\d{13,19}',
  '\\d{4}(?<separator>[ \\-])\\d{4}\\k<separator>\\d{4}\\k<separator>\\d{4}(?:\\k<separator>\\d{3})?',
  '\\d{4}(?<amexSeparator>[ \\-])\\d{6}\\k<amexSeparator>\\d{4,5}',
].join('|');
const cardPattern = new RegExp(`(?<![\\p{N}\\p{L}_])(?:${printedShapes})(?![\\p{N}\\p{L}_])`, 'gu');
/** A value in one of the printed shapes, which the first rule already reports. */
const printedShape = new RegExp(`^(?:${printedShapes})$`, 'u');

// The same digits split any other way: dots, slashes, underscores, mixed or doubled separators,
// uneven groups ("4111.1111/1111-1111", "41 11 11 11 ...", "4532 015112830366"), as text is
// disguised or mangled. Groups are separated by separators, so the regex cannot split one group
// two ways and stays linear. The run may hold more than the card ("... 4532 015112830366 04 29"
// with its expiry), so the validator looks for the card among its consecutive groups. A leading
// '+' marks an international phone number ("+49 30 1234 5678 90" passes Luhn one time in ten).
const disguisedCardPattern = /(?<![\p{N}\p{L}_.\/\-+])\d{1,19}(?:[ .\/\-_]{1,2}\d{1,19}){1,12}(?![\p{N}\p{L}_])/gu;

interface DigitGroup {
  start: number;
  end: number;
}

/**
 * The longest run of consecutive groups in a disguised-card hit that is a card number, as a span
 * of the text. At most 13 groups, so at most 91 runs are tried.
 */
function cardWithinGroups(hit: PatternHit): { start: number; end: number } | undefined {
  const groups: DigitGroup[] = [];
  for (const group of hit.value.matchAll(/\d+/g)) {
    groups.push({ start: hit.start + group.index, end: hit.start + group.index + group[0].length });
  }
  let best: { start: number; end: number; length: number } | undefined;
  for (let first = 0; first < groups.length; first += 1) {
    let digitCount = 0;
    for (let last = first; last < groups.length; last += 1) {
      digitCount += groups[last]!.end - groups[last]!.start;
      if (digitCount > 19) break;
      if (digitCount < 13 || last === first) continue;
      const start = groups[first]!.start;
      const end = groups[last]!.end;
      const value = hit.text.slice(start, end);
      if (printedShape.test(value) || !isCardNumber(value)) continue;
      if (!best || end - start > best.length) best = { start, end, length: end - start };
    }
  }
  return best && { start: best.start, end: best.end };
}

function isCardNumber(value: string): boolean {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  if (!passesLuhn(digits)) return false;
  // Luhn alone passes one random number in ten; an unknown prefix makes a card unlikely.
  if (!hasKnownIssuerPrefix(digits)) return false;
  // All one digit (4444 4444 4444 4448 aside) is filler, not a card.
  if (/^(\d)\1+$/.test(digits)) return false;
  return true;
}

/**
 * Known issuer prefixes (IIN ranges): Visa 4; Mastercard 51-55 and 2221-2720; American Express
 * 34, 37; Discover 6011, 644-649, 65; Diners 300-305, 36, 38, 39; JCB 3528-3589; UnionPay 62;
 * Maestro 50, 56-58, 63, 67; Mir 2200-2204; RuPay 60, 65, 81, 82; Troy 9792.
 */
export function hasKnownIssuerPrefix(digits: string): boolean {
  const two = Number(digits.slice(0, 2));
  const three = Number(digits.slice(0, 3));
  const four = Number(digits.slice(0, 4));
  if (digits.startsWith('4')) return true;
  if (two >= 51 && two <= 55) return true;
  if (four >= 2221 && four <= 2720) return true;
  if (four >= 2200 && four <= 2204) return true;
  if (two === 34 || two === 37) return true;
  if (four === 6011 || (three >= 644 && three <= 649) || two === 65) return true;
  if ((three >= 300 && three <= 305) || two === 36 || two === 38 || two === 39) return true;
  if (four >= 3528 && four <= 3589) return true;
  if (two === 62 || two === 60 || two === 50 || (two >= 56 && two <= 58) || two === 63 || two === 67) return true;
  if (two === 81 || two === 82 || four === 9792) return true;
  return false;
}

export const creditCardRecognizer = createPatternRecognizer({
  name: 'credit-card',
  contextWords: ['card', 'credit', 'debit', 'visa', 'mastercard', 'amex', 'cc', 'payment', 'charge', 'pan'],
  rules: [
    {
      type: 'CREDIT_CARD',
      pattern: cardPattern,
      score: 0.95,
      validate: ({ value }) => isCardNumber(value),
    },
    {
      type: 'CREDIT_CARD',
      pattern: disguisedCardPattern,
      // A little below the printed groupings: odd separators are also how dotted version or
      // serial numbers look, and the checksums still have to pass.
      score: 0.9,
      validate: (hit) => {
        const card = cardWithinGroups(hit);
        return card ? { score: 0.9, ...card } : false;
      },
    },
  ],
});
