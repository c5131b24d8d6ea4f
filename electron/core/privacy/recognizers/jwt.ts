import { createPatternRecognizer } from './pattern-recognizer.js';

// Three base64url parts; a JOSE header is a JSON object, so it always starts with "ey" ('{"').
// The signature may be empty (alg "none").
const jwtPattern = /(?<![A-Za-z0-9_\-.])ey[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{2,}\.[A-Za-z0-9_\-]*(?![A-Za-z0-9_\-.])/gu;

/** True when the first part decodes to a JSON object with an `alg`, as every JWS/JWE header has. */
export function hasJoseHeader(token: string): boolean {
  const header = token.slice(0, token.indexOf('.'));
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
  } catch (error) {
    // Not JSON: this "ey…" string is some other base64, not a token; the caller drops the hit.
    if (error instanceof SyntaxError) return false;
    throw error;
  }
  return typeof decoded === 'object' && decoded !== null && typeof (decoded as { alg?: unknown }).alg === 'string';
}

export const jwtRecognizer = createPatternRecognizer({
  name: 'jwt',
  contextWords: ['token', 'jwt', 'bearer', 'authorization', 'session'],
  rules: [{ type: 'JWT', pattern: jwtPattern, score: 0.95, validate: ({ value }) => hasJoseHeader(value) }],
});
