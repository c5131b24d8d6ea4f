import { createPatternRecognizer } from './pattern-recognizer.js';

// The local part takes RFC 5322's atom characters but starts with a letter, digit or
// underscore, so quotes, backticks and slashes around an address ('a@b.com', //git@host) stay
// out of it; domains may be internationalised (letters of any script). The lookbehind makes a
// match start only where a run of address characters starts, so a long run without '@' is
// scanned once rather than once per position.
const localCharacters = "\\p{L}\\p{N}.!#$%&'*+/=?^_`{|}~\\-";
const label = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}\\-]{0,61}[\\p{L}\\p{N}])?';
const emailPattern = new RegExp(
  `(?<![\\p{L}\\p{N}._%+\\-])[\\p{L}\\p{N}_][${localCharacters}]{0,63}@(?:${label}\\.)+\\p{L}{2,63}(?![\\p{L}\\p{N}\\-]|\\.[\\p{L}\\p{N}])`,
  'gu',
);

export const emailRecognizer = createPatternRecognizer({
  name: 'email',
  contextWords: ['email', 'e-mail', 'mail', 'contact', 'address'],
  rules: [
    {
      type: 'EMAIL',
      pattern: emailPattern,
      score: 0.95,
      validate: ({ value }) => {
        const local = value.slice(0, value.indexOf('@'));
        // Dots may not start, end or double up in a local part; such a hit is more likely an
        // ellipsis or a path fragment glued to an address, so it keeps a lower score.
        if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return 0.6;
        return true;
      },
    },
  ],
});
