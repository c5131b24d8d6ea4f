import type { Span } from '../../../shared/privacy.js';
import { normalizeForScanning } from '../normalization/scan-normalization.js';
import type { Recognizer } from '../recognizer.js';

// A value hidden in base64 (standard or URL-safe) or hex is still the value: a blob that decodes
// to readable text is decoded and scanned, and when the text inside holds a finding the whole
// blob is redacted as that finding's type. Blobs are bounded (64 KiB decoded) so a huge paste
// costs one decode per blob, and nesting is bounded (two levels) so base64 of base64 is found
// but a crafted tower of encodings is not followed forever.
const maximumDecodedBytes = 64 * 1024;
const maximumBase64Characters = Math.ceil((maximumDecodedBytes * 4) / 3);
// Base64 may be wrapped (MIME at 76 characters, PEM at 64): the following lines are taken in
// too, and the analyzer below decides whether they form one wrapped blob. Each continuation
// starts with a line break, so the match stays linear.
const base64Pattern = new RegExp(
  `(?<![A-Za-z0-9+/_\\-])[A-Za-z0-9+/_\\-]{12,${maximumBase64Characters}}(?:\\r?\\n[A-Za-z0-9+/_\\-]{1,${maximumBase64Characters}})*={0,2}(?![A-Za-z0-9+/=_\\-])`,
  'g',
);
/** Wrapped lines all have one width (the last may be shorter); narrower lines are words, not a wrap. */
const minimumWrapWidth = 40;
const hexPattern = new RegExp(`(?<![0-9A-Fa-f])[0-9A-Fa-f]{16,${maximumDecodedBytes * 2}}(?![0-9A-Fa-f])`, 'g');
// Decoded text counts as readable when it has no control characters other than line breaks and tabs.
const readable = /^[\P{C}\t\n\r]+$/u;
const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Inner findings below this score are hints that the analyzer's context boost would need; a blob gives no context. */
const minimumInnerScore = 0.5;

/**
 * The blobs in a base64 match: the whole match when its lines are one wrapped blob, otherwise
 * each line on its own (a column of unrelated tokens), as [start, text] pairs.
 */
function base64Blobs(match: string, start: number): [number, string][] {
  const lines = match.split('\n').map((line) => line.replace(/\r$/, ''));
  if (lines.length === 1) return [[start, match]];
  const width = lines[0]?.length ?? 0;
  const wrapped = width >= minimumWrapWidth && lines.slice(0, -1).every((line) => line.length === width) && (lines.at(-1)?.length ?? 0) <= width + 2;
  if (wrapped) return [[start, match]];
  const blobs: [number, string][] = [];
  let offset = start;
  for (const line of match.split('\n')) {
    const text = line.replace(/\r$/, '');
    if (text.length >= 12) blobs.push([offset, text]);
    offset += line.length + 1;
  }
  return blobs;
}

function decodeBase64(value: string): string | undefined {
  const body = value.replace(/\s+/g, '').replace(/=+$/, '');
  if (body.length % 4 === 1) return undefined;
  return decodeBytes(Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

function decodeHex(value: string): string | undefined {
  if (value.length % 2 === 1) return undefined;
  return decodeBytes(Buffer.from(value, 'hex'));
}

function decodeBytes(bytes: Buffer): string | undefined {
  if (bytes.length < 6) return undefined;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    // Not UTF-8: binary data (a hash, a key, an image), which the other recognizers judge as it is.
    return undefined;
  }
  return readable.test(text) && /\p{L}/u.test(text) ? text : undefined;
}

export function createEncodedBlobRecognizer(inner: readonly Recognizer[], depth = 2): Recognizer {
  const scanners = depth > 1 ? [...inner, createEncodedBlobRecognizer(inner, depth - 1)] : inner;
  return {
    name: 'encoded-blob',
    contextWords: ['base64', 'encoded', 'hex', 'payload', 'blob'],
    analyze(text: string): Span[] {
      const spans: Span[] = [];
      const report = (start: number, blob: string, decoded: string | undefined) => {
        if (decoded === undefined) return;
        const strongest = strongestFinding(scanners, decoded);
        if (strongest) spans.push({ type: strongest.type, start, end: start + blob.length, score: strongest.score, source: 'encoded-blob' });
      };
      for (const match of text.matchAll(base64Pattern)) {
        for (const [start, blob] of base64Blobs(match[0], match.index)) report(start, blob, decodeBase64(blob));
      }
      for (const match of text.matchAll(hexPattern)) report(match.index, match[0], decodeHex(match[0]));
      return spans;
    },
  };
}

function strongestFinding(scanners: readonly Recognizer[], decoded: string): Span | undefined {
  // Only the finding's type and score matter (the whole blob is redacted), so its offsets in the
  // normalised decoded text need no mapping back.
  const scanText = normalizeForScanning(decoded).text;
  let strongest: Span | undefined;
  for (const scanner of scanners) {
    const spans = scanner.analyze(scanText);
    // Pattern recognizers are synchronous; a model-backed one has no place inside a blob scan.
    if (spans instanceof Promise) throw new Error(`encoded-blob: recognizer "${scanner.name}" is not synchronous`);
    for (const span of spans) {
      if (span.score < minimumInnerScore || (strongest && strongest.score >= span.score)) continue;
      strongest = span;
    }
  }
  return strongest;
}
