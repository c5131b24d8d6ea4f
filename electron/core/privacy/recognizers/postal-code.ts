import { createContextMatcher } from './context-words.js';
import { createPatternRecognizer, type PatternHit, type Verdict } from './pattern-recognizer.js';

// Postal codes are mostly short digit runs that mean nothing alone (5 digits: a US ZIP, a German
// or French code, or a quantity), so they start low and rise with what surrounds them: postal
// words, a US state before them, a city after them, or their place at the end of an address line.
const contextWords = ['zip', 'zip code', 'zipcode', 'postal code', 'postcode', 'post code', 'plz', 'postleitzahl', 'code postal', 'cp', 'cap', 'postnummer'];
const hasContext = createContextMatcher(contextWords, { before: 32, after: 0 });

const usStates =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI|AS|MP|AA|AE|AP';
const stateBefore = new RegExp(`(?:^|[\\s,])(?:${usStates})\\.?,?\\s+$`);
// The end of an address block: a short line of place words ("Gabon 66298", " maldives 58673")
// below another line, or a code alone under a region line (", LA\n 56139").
const placeLine = /^[ \t>?]*(?:\p{L}[\p{L}.'\-]*,?[ \t]+){1,4}$/u;
const regionLineBefore = /,[ \t]*\p{L}{2,3}[ \t]*\r?\n[ \t>?]*$/u;
// "10115 Berlin", "75001 Paris": a capitalised place name right after.
const placeAfter = /^[ \t]+\p{Lu}\p{Ll}+/u;

const fiveDigitPattern = /(?<![\p{L}\p{N}\-.,\/:$€£])\d{5}(?:-\d{4})?(?![\p{L}\p{N}]|[.,]\d|\s?(?:%|[$€£]|usd|eur|dollars?|euros?))/giu;
// The Royal Mail format (BS 7666): an outward code A9, A99, A9A, AA9, AA99 or AA9A with the
// letters each place allows (no Q, V, X first; no I, J, Z second; the trailing letter of A9A and
// AA9A from short lists), a space, and an inward code of a digit and two letters without C, I,
// K, M, O, V. GIR 0AA (Girobank) is the one code outside the pattern.
const ukPattern =
  /(?<![\p{L}\p{N}])(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?) ?\d[ABD-HJLNP-UW-Z]{2})(?![\p{L}\p{N}])/gu;
const canadaPattern = /(?<![\p{L}\p{N}])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d(?![\p{L}\p{N}])/gu;
const dutchPattern = /(?<![\p{L}\p{N}])[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?![\p{L}\p{N}])/gu;

function endsAddressBlock(text: string, start: number, before: string): boolean {
  if (regionLineBefore.test(before)) return true;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return lineStart > 0 && placeLine.test(text.slice(lineStart, start));
}

function scoreFiveDigits(hit: PatternHit): Verdict {
  const before = hit.text.slice(Math.max(0, hit.start - 40), hit.start);
  const lineEnd = /^[ \t]*(?:\r?\n|$|[,.;?!)])/.test(hit.text.slice(hit.end, hit.end + 3));
  if (hasContext(hit.text, hit.start, hit.end)) return 0.85;
  if (stateBefore.test(before)) return 0.75;
  if (lineEnd && endsAddressBlock(hit.text, hit.start, before)) return 0.6;
  if (placeAfter.test(hit.text.slice(hit.end, hit.end + 24))) return 0.45;
  return 0.15;
}

export const postalCodeRecognizer = createPatternRecognizer({
  name: 'postal-code',
  contextWords,
  rules: [
    { type: 'POSTAL_CODE', pattern: fiveDigitPattern, score: 0.15, validate: scoreFiveDigits },
    // A UK postcode's shape is rare outside addresses, most of all with its inner space.
    {
      type: 'POSTAL_CODE',
      detail: 'UK_POSTCODE',
      pattern: ukPattern,
      score: 0.5,
      validate: ({ value, text, start, end }) => (hasContext(text, start, end) ? 0.85 : value.includes(' ') ? 0.55 : 0.3),
    },
    {
      type: 'POSTAL_CODE',
      pattern: canadaPattern,
      score: 0.5,
      validate: ({ text, start, end }) => (hasContext(text, start, end) ? 0.85 : true),
    },
    {
      type: 'POSTAL_CODE',
      pattern: dutchPattern,
      score: 0.2,
      validate: ({ text, start, end }) => (hasContext(text, start, end) ? 0.8 : placeAfter.test(text.slice(end, end + 24)) ? 0.45 : true),
    },
  ],
});
