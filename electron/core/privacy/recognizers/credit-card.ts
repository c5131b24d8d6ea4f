import { passesLuhn } from './checksums/luhn.js';
import { createPatternRecognizer } from './pattern-recognizer.js';

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
// uneven groups ("4111.1111/1111-1111", "41 11 11 11 ..."), as text is disguised or mangled. Each
// repeated group starts with a separator and its digits cannot be split across groups, so the
// match stays linear; Luhn and the issuer prefix then decide. A leading '+' marks an
// international phone number ("+49 30 1234 5678 90" passes Luhn one time in ten), not a card.
const disguisedCardPattern = /(?<![\p{N}\p{L}_.\/\-+])\d{1,6}(?:[ .\/\-_]{1,2}\d{1,6}){2,12}(?![\p{N}\p{L}_])/gu;

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
      validate: ({ value }) => !printedShape.test(value) && isCardNumber(value),
    },
  ],
});
