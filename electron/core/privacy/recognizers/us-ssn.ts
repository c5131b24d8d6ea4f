import { createContextMatcher } from './context-words.js';
import { createPatternRecognizer } from './pattern-recognizer.js';

const contextWords = ['ssn', 'ssns', 'social security', 'social sec', 'ss#', 'ss #', 'ss no', 'itin', 'taxpayer'];
const hasContext = createContextMatcher(contextWords, { before: 48, after: 0 });

// 3-2-4 digits with one kind of separator throughout (dash, space or dot), or nine digits in a
// row. The unbroken form is any nine-digit number (a US driver's licence, an order number), so
// it counts only with SSN context nearby.
const separatedPattern = /(?<![\p{N}\p{L}_\-.])\d{3}(?<separator>[\- .])\d{2}\k<separator>\d{4}(?![\p{N}\p{L}_]|[\-.]\d)/gu;
const unbrokenPattern = /(?<![\p{N}\p{L}_\-.])\d{9}(?![\p{N}\p{L}_]|[\-.]\d)/gu;

/**
 * Numbers the Social Security Administration never issues, so a match is not an SSN:
 * - area 000, 666 or 900-999 (900-999 are ITINs and never SSNs);
 * - group 00 or serial 0000;
 * - numbers made public and voided: 078-05-1120 (the 1938 Woolworth wallet card),
 *   219-09-9999 (a 1940 SSA advertisement), 123-45-6789 (the universal example);
 * - one digit repeated (111-11-1111): filler, not a number anyone holds.
 */
export function isIssuableSsn(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = Number(digits.slice(0, 3));
  if (area === 0 || area === 666 || area >= 900) return false;
  if (digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return false;
  if (digits === '078051120' || digits === '219099999' || digits === '123456789') return false;
  if (/^(\d)\1{8}$/.test(digits)) return false;
  return true;
}

export const usSsnRecognizer = createPatternRecognizer({
  name: 'us-ssn',
  contextWords,
  rules: [
    {
      type: 'US_SSN',
      pattern: separatedPattern,
      // The 3-2-4 shape is rarely anything else, but a space-separated one can be a part number.
      score: 0.7,
      validate: ({ value, text, start, end }) => {
        if (!isIssuableSsn(value.replace(/\D/g, ''))) return false;
        return hasContext(text, start, end) ? 0.95 : value.includes('-') ? 0.75 : 0.5;
      },
    },
    {
      type: 'US_SSN',
      pattern: unbrokenPattern,
      score: 0.6,
      validate: ({ value, text, start, end }) => isIssuableSsn(value) && hasContext(text, start, end),
    },
  ],
});
