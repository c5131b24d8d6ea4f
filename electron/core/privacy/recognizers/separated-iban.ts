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
      validate: ({ value, start }) => {
        const length = ibanLengths[value.slice(0, 2).toUpperCase()];
        if (!length) return false;
        // The groups may run on into the next word ("… 0130-00 ok"): keep just the country's length.
        let count = 0;
        let end = 0;
        for (const group of value.matchAll(/[A-Za-z0-9]+/g)) {
          count += group[0].length;
          end = group.index + group[0].length;
          if (count >= length) break;
        }
        if (count !== length) return false;
        const kept = value.slice(0, end);
        if (plainSpaced.test(kept)) return false;
        const compact = kept.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
        return mod97(compact.slice(4) + compact.slice(0, 4)) === 1 ? { score: 0.95, end: start + end } : false;
      },
    },
  ],
});
