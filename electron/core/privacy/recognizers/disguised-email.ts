import { createPatternRecognizer } from './pattern-recognizer.js';

// Addresses written to slip past scrapers: "ann at example dot com", "ann [at] example [dot] com",
// "ann (at) example (dot) org", and an '@' encoded as an HTML entity (&#64; &#x40; &commat;) or
// a URL escape (%40). Every part is bounded and every repeated group starts with a fixed
// separator, so the pattern cannot backtrack out of linear time.
const bracketedAt = '\\s?[\\[({<]\\s?(?:at|AT|At)\\s?[\\])}>]\\s?';
const spelledAt = '\\s(?:at|AT)\\s';
const encodedAt = '(?:&#0*64;|&#[xX]0*40;|&commat;|%40)';
const bracketedDot = '\\s?[\\[({<]\\s?(?:dot|DOT|Dot)\\s?[\\])}>]\\s?';
const spelledDot = '\\s(?:dot|DOT)\\s';
const label = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}\\-]{0,61}[\\p{L}\\p{N}])?';
const local = '[\\p{L}\\p{N}_][\\p{L}\\p{N}._%+\\-]{0,63}';
const boundaryBefore = '(?<![\\p{L}\\p{N}._%+\\-])';
const boundaryAfter = '(?![\\p{L}\\p{N}\\-])';

// Spelled forms need a spelled or bracketed dot as well: "meet at noon dot" is prose, and
// "look at example.com" names a site, not a mailbox.
// The local part may be spelled too: "john dot doe at example dot com".
const spelledLocal = `${local}(?:(?:${bracketedDot}|${spelledDot})${local}){0,3}`;
const spelledPattern = new RegExp(
  `${boundaryBefore}${spelledLocal}(?:${bracketedAt}|${spelledAt})${label}(?:(?:${bracketedDot}|${spelledDot}|\\.)${label}){0,4}(?:${bracketedDot}|${spelledDot})\\p{L}{2,24}${boundaryAfter}`,
  'gu',
);
// An encoded '@' is a disguise on its own; the dots may be plain.
const encodedPattern = new RegExp(
  `${boundaryBefore}${local}${encodedAt}${label}(?:(?:${bracketedDot}|${spelledDot}|\\.)${label}){0,4}(?:${bracketedDot}|${spelledDot}|\\.)\\p{L}{2,24}${boundaryAfter}`,
  'gu',
);

// A spelled "at … dot …" reads as an address only with a top-level domain people use in
// addresses; "we met at noon dot by dot" ends in Belarus's code but is prose.
const commonTopLevelDomains = new Set(['com', 'org', 'net', 'io', 'edu', 'gov', 'info', 'biz', 'me', 'co', 'uk', 'de', 'fr', 'es', 'it', 'nl', 'be', 'ch', 'at', 'eu', 'us', 'ca', 'au', 'se', 'no', 'dk', 'fi', 'pl', 'pt', 'ie', 'jp', 'in', 'br', 'mx', 'ai', 'app', 'dev']);
const commonWords = new Set(['met', 'look', 'arrive', 'arrived', 'arrives', 'meet', 'see', 'stay', 'be', 'is', 'are', 'was', 'were', 'work', 'works', 'me', 'us', 'him', 'her', 'them', 'you', 'it', 'this', 'that']);

export const disguisedEmailRecognizer = createPatternRecognizer({
  name: 'disguised-email',
  contextWords: ['email', 'e-mail', 'mail', 'contact', 'write', 'reach'],
  rules: [
    {
      type: 'EMAIL',
      pattern: spelledPattern,
      score: 0.85,
      validate: ({ value }) => {
        // "we meet at the station dot com" is unlikely, but "look at x dot com" is prose about a site.
        const first = value.split(/[\s\[({<]/, 1)[0]?.toLowerCase() ?? '';
        const topLevel = value.slice(value.search(/\p{L}+$/u)).toLowerCase();
        return commonWords.has(first) || !commonTopLevelDomains.has(topLevel) ? 0.4 : true;
      },
    },
    { type: 'EMAIL', pattern: encodedPattern, score: 0.9 },
  ],
});
