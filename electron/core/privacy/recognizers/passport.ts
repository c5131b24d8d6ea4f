import { createContextMatcher } from './context-words.js';
import { ruleOf } from './national-ids/identifier-definition.js';
import { passportIdentifiers } from './national-ids/passports.js';
import { createPatternRecognizer } from './pattern-recognizer.js';

const contextWords = ['passport', 'passeport', 'reisepass', 'pasaporte', 'passaporto', 'paspoort', 'pass no', 'travel document'];
const hasContext = createContextMatcher(contextWords, { before: 48, after: 0 });

// Passport numbers are 6-9 letters and digits in nearly every country (US 9 digits or a letter
// and 8 digits, UK 9 digits, DE 9 characters from C-Z and digits, FR 2 digits 2 letters 5
// digits, IN a letter and 7 digits). The shape alone is any code, so it needs passport words.
const numberPattern = /(?<![\p{L}\p{N}\-])(?=[A-Za-z]{0,3}\d)[A-Za-z0-9]{6,9}(?![\p{L}\p{N}\-])/gu;

// The machine-readable zone of a passport's data page: two lines of 44 characters, the first
// starting "P<" and the issuing state. Certain without any context.
const machineReadableZonePattern = /(?<![A-Z0-9<])P[A-Z<][A-Z<]{3}[A-Z<]{39}\r?\n[A-Z0-9<]{9}\d[A-Z<]{3}\d{6}\d[MF<]\d{6}\d[A-Z0-9<]{14}\d\d(?![A-Z0-9<])/gu;

export const passportRecognizer = createPatternRecognizer({
  name: 'passport',
  contextWords,
  rules: [
    {
      type: 'PASSPORT',
      pattern: numberPattern,
      score: 0.75,
      // At least five digits: "number", "expires" and other words of the sentence are not numbers.
      validate: ({ value, text, start, end }) => (value.match(/\d/g)?.length ?? 0) >= 5 && hasContext(text, start, end),
    },
    { type: 'PASSPORT', pattern: machineReadableZonePattern, score: 1 },
    // Countries with a published shape, named in `detail` when their words are near.
    ...passportIdentifiers.map(ruleOf),
  ],
});
