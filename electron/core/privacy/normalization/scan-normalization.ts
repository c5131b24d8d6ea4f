import { confusableLetters } from './confusable-letters.js';
import { mapCharactersWithOrigins } from './character-mapping.js';

/**
 * The text the pattern recognizers scan, with a map back to the original offsets. Pasted or
 * crafted text hides values behind characters a reader never sees (a zero-width space inside an
 * e-mail), spaces that are not U+0020, full-width digits and Cyrillic look-alikes; the scan
 * reads through all of them, and every span it finds is mapped back so that the redaction covers
 * exactly the original characters, the invisible ones inside the value included.
 */
export interface ScanText {
  text: string;
  /** For each UTF-16 unit of `text`: the start of the original character it came from. */
  originStart: Int32Array;
  /** For each UTF-16 unit of `text`: the end of the original character it came from. */
  originEnd: Int32Array;
  /** False when normalising changed nothing (the common case): offsets are then the identity and the maps stay empty. */
  changed: boolean;
}

// Format characters (Cf: zero-width space, ZWNJ, ZWJ, word joiner, BOM, bidi marks), the soft
// hyphen (itself Cf) and variation selectors: invisible, so they are dropped from the scan.
const invisible = /^(?:\p{Cf}|[\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}\u{034F}\u{115F}\u{1160}\u{3164}\u{FFA0}])$/u;
// Every space separator other than U+0020 (NBSP, en/em/thin/hair spaces, narrow NBSP, U+3000).
const oddSpace = /^\p{Zs}$/u;
// Every dash (hyphen, non-breaking hyphen, figure, en and em dashes) and the minus sign: numbers
// pasted from documents are written with them ("555‑0134" with U+2011), and patterns expect '-'.
const dash = /^(?:\p{Pd}|\u2212)$/u;
// Only characters that may change are looked at one by one; plain ASCII text is returned as is.
const mayChange = /[^\x00-\x7F]/;

/** Normalises one character (code point) for scanning: '' when it is invisible. */
function normalizeCharacter(character: string): string {
  if (character.charCodeAt(0) < 0x80) return character;
  if (invisible.test(character)) return '';
  if (oddSpace.test(character)) return ' ';
  if (dash.test(character)) return '-';
  const confusable = confusableLetters.get(character);
  if (confusable) return confusable;
  const folded = character.normalize('NFKC');
  // NFKC of a single letter may itself be a look-alike (a full-width Cyrillic letter is rare, but cheap to cover).
  return [...folded].map((piece) => confusableLetters.get(piece) ?? piece).join('');
}

/**
 * NFKC per code point rather than over the whole text: composition across characters (e + a
 * combining accent) would blur which original characters a normalised one came from, and the
 * scan's patterns care about digits, letters and separators, not about combined accents.
 */
export function normalizeForScanning(text: string): ScanText {
  if (!mayChange.test(text)) {
    return { text, originStart: new Int32Array(0), originEnd: new Int32Array(0), changed: false };
  }
  const mapped = mapCharactersWithOrigins(text, normalizeCharacter);
  return { text: mapped.text, originStart: Int32Array.from(mapped.originStart), originEnd: Int32Array.from(mapped.originEnd), changed: mapped.text !== text };
}

/**
 * The original range behind a normalised range: from the start of the first character to the
 * end of the last one, so that invisible characters between them are covered too.
 */
export function toOriginalRange(scan: ScanText, start: number, end: number): [number, number] {
  if (!scan.changed) return [start, end];
  const last = Math.max(start, end - 1);
  return [scan.originStart[start] ?? 0, scan.originEnd[last] ?? 0];
}
