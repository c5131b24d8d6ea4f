import { mod97 } from './checksums/mod-97.js';
import { ibanLengths } from './iban.js';
import { createPatternRecognizer } from './pattern-recognizer.js';

// An IBAN split by dots, dashes, slashes, underscores or doubled spaces ("DE89-3704-0044-…",
// "FR76.3000.6000…"), which the IBAN recognizer (single spaces only) does not read. Every
// repeated group starts with a separator, so the match stays linear; the country's length and
// the mod-97 remainder then decide.
const separatedPattern = /(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}(?:[ .\-_\/]{1,2}[A-Za-z0-9]{1,8}){2,10}(?![\p{L}\p{N}])/gu;
/** Single spaces only: the IBAN recognizer's shape, reported there. */
const plainSpaced = /^[A-Za-z0-9]+(?: [A-Za-z0-9]+)*$/;

export const separatedIbanRecognizer = createPatternRecognizer({
  name: 'separated-iban',
  contextWords: ['iban', 'bank', 'account', 'transfer', 'wire', 'sepa'],
  rules: [
    {
      type: 'IBAN',
      pattern: separatedPattern,
      score: 0.95,
      validate: ({ value }) => {
        if (plainSpaced.test(value)) return false;
        const compact = value.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
        if (ibanLengths[compact.slice(0, 2)] !== compact.length) return false;
        return mod97(compact.slice(4) + compact.slice(0, 4)) === 1;
      },
    },
  ],
});
