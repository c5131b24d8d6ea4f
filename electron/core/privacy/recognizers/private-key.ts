import { createPatternRecognizer } from './pattern-recognizer.js';

// PEM and PGP private key blocks, armour lines included. The lazy body stops at the first END
// line; a BEGIN line is found in linear time, so a long text without one costs a single scan.
const blockPattern =
  /-----BEGIN (?<label>(?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----[\s\S]{0,20000}?-----END \k<label>-----/gu;
// A block cut off before its END line (a truncated paste): the BEGIN line and the base64 lines
// after it. Each repetition starts with its own line break, so the match is found without
// backtracking; whether an END line follows is the validator's question, not the regex's.
const truncatedPattern = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:\r?\n[A-Za-z0-9+\/=: \-]*)*/gu;

// A PEM body pasted without its BEGIN and END lines: three or more lines of base64 64 characters
// wide (the width PEM writes), the last one shorter. Fixed-width lines keep the match linear.
const bareBodyPattern = /(?<![A-Za-z0-9+\/=])(?:[A-Za-z0-9+\/]{64}\r?\n){2,}[A-Za-z0-9+\/]{4,64}={0,2}(?![A-Za-z0-9+\/=])/gu;

export const privateKeyRecognizer = createPatternRecognizer({
  name: 'private-key',
  contextWords: ['key', 'private', 'ssh', 'pem', 'rsa'],
  rules: [
    { type: 'PRIVATE_KEY', pattern: blockPattern, score: 1 },
    {
      type: 'PRIVATE_KEY',
      pattern: truncatedPattern,
      score: 0.95,
      // With an END line anywhere after the BEGIN line, the whole block is the first rule's.
      validate: ({ text, start }) => !text.includes('-----END ', start + 11),
    },
    // Below the armoured blocks: a certificate body looks the same, and redacting it is the safe side.
    { type: 'PRIVATE_KEY', pattern: bareBodyPattern, score: 0.85 },
  ],
});
