import { mod97 } from './checksums/mod-97.js';
import { createPatternRecognizer, type Verdict } from './pattern-recognizer.js';

/** IBAN length per country (SWIFT IBAN registry, plus the countries that use IBANs unofficially). */
export const ibanLengths: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AO: 25, AT: 20, AZ: 28, BA: 20, BE: 16, BF: 28, BG: 22, BH: 22, BI: 27, BJ: 28,
  BR: 29, BY: 28, CH: 21, CI: 28, CM: 27, CR: 22, CV: 25, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28,
  DZ: 26, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27,
  GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IR: 26, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20,
  LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MG: 27, MK: 19, ML: 28,
  MN: 20, MR: 27, MT: 31, MU: 30, MZ: 25, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25,
  QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SN: 28, SO: 23,
  ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

// Only the country code and check digits are consumed; the rest is read in a lookahead, so
// matching resumes right after them and two IBANs in a list are both found even though the
// lookahead of the first may run into the second. Letters may be lower case (people type them so).
const ibanPattern = /(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}(?=(?<rest>(?: ?[A-Za-z0-9]){11,30}))/gu;

/**
 * Trims the candidate to its country's length (text after an IBAN often continues with more
 * letters and digits), then requires a word boundary there and the mod-97 remainder 1.
 */
export function validateIban(text: string, start: number, rest: string): Verdict {
  const country = text.slice(start, start + 2).toUpperCase();
  const length = ibanLengths[country];
  if (!length) return false;
  let count = 4;
  let end = start + 4;
  for (const character of rest) {
    if (count === length) break;
    end += 1;
    if (character !== ' ') count += 1;
  }
  if (count !== length) return false;
  const following = text.charAt(end);
  if (/[\p{L}\p{N}]/u.test(following)) return false;
  const compact = text.slice(start, end).replace(/ /g, '').toUpperCase();
  if (mod97(compact.slice(4) + compact.slice(0, 4)) !== 1) return false;
  return { score: 1, end };
}

export const ibanRecognizer = createPatternRecognizer({
  name: 'iban',
  contextWords: ['iban', 'bank', 'account', 'transfer', 'wire', 'sepa', 'bic', 'swift'],
  rules: [
    {
      type: 'IBAN',
      pattern: ibanPattern,
      score: 1,
      validate: ({ text, start, match }) => validateIban(text, start, match.groups?.rest ?? ''),
    },
  ],
});
