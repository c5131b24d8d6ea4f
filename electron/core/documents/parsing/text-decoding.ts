/**
 * Bytes to text for every text format. A byte order mark decides first; then strict UTF-8
 * (most files); then jschardet guesses the legacy encoding (windows-1252, ISO-8859-x,
 * Shift_JIS, GB18030, EUC-KR, ...) and Node's TextDecoder decodes it. Binary files (NUL bytes,
 * or text that decodes to mostly control characters) are refused rather than pasted as noise.
 */
import { unreadableFile } from './document-errors.js';

export interface DecodedText {
  text: string;
  encoding: string;
}

/** How much of the file the binary check and the encoding guess look at. */
const sampleBytes = 64 * 1024;

/**
 * `declaredEncoding`: what the file says it is (an HTML page's meta charset); it is believed
 * after a byte order mark and valid UTF-8, and before any guess.
 */
export async function decodeText(bytes: Uint8Array, name: string, declaredEncoding?: string): Promise<DecodedText> {
  const byteOrderMark = encodingFromByteOrderMark(bytes);
  if (byteOrderMark) {
    // TextDecoder drops the mark itself.
    return { text: new TextDecoder(byteOrderMark).decode(bytes), encoding: byteOrderMark };
  }
  if (hasNulByte(bytes)) throw notText(name);
  const utf8 = tryDecode('utf-8', bytes);
  if (utf8 !== undefined) return checked({ text: utf8, encoding: 'utf-8' }, name);
  const encoding = supportedEncoding(declaredEncoding) ?? (await guessEncoding(bytes.subarray(0, sampleBytes)));
  return checked({ text: decode(encoding, bytes), encoding }, name);
}

/**
 * Node 20's TextDecoder decodes windows-1252 (and its aliases, latin1 and ISO-8859-1) as
 * ISO-8859-1: bytes 0x80-0x9F come out as C1 control characters instead of € ‘ ’ “ ” – — and the
 * rest. Those 27 characters are put right here, where the runtime gets them wrong.
 */
const windows1252High = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const windows1252Broken = new TextDecoder('windows-1252').decode(Uint8Array.of(0x80)) !== '€';

function decode(encoding: string, bytes: Uint8Array): string {
  const text = new TextDecoder(encoding).decode(bytes);
  if (encoding !== 'windows-1252' || !windows1252Broken) return text;
  return text.replace(/[\u0080-\u009f]/g, (character) => windows1252High[character.charCodeAt(0) - 0x80] ?? character);
}

/**
 * jschardet's best guess that TextDecoder can decode. Short Western texts often score a little
 * higher as Cyrillic or Mac encodings (a short French text came out as MacCyrillic), so
 * windows-1252, by far the most common legacy encoding, wins unless another scores twice as high.
 */
async function guessEncoding(sample: Uint8Array): Promise<string> {
  // Loaded only for files that are not UTF-8: it takes ~150 ms to load, in every parse worker.
  const { default: jschardet } = await import('jschardet');
  const candidates = jschardet
    .detectAll(sample)
    .map((guess) => ({ encoding: supportedEncoding(guess.encoding), confidence: guess.confidence }))
    .filter((guess): guess is { encoding: string; confidence: number } => guess.encoding !== undefined);
  const best = candidates[0];
  if (!best) return 'windows-1252';
  const western = candidates.find((guess) => guess.encoding === 'windows-1252');
  if (western && best.confidence < western.confidence * 2) return 'windows-1252';
  return best.encoding;
}

/** `<meta charset="...">` or `<meta http-equiv="Content-Type" content="...; charset=...">` near the top of a page. */
export function htmlDeclaredEncoding(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 2048)).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
}

function encodingFromByteOrderMark(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

function hasNulByte(bytes: Uint8Array): boolean {
  return bytes.subarray(0, sampleBytes).includes(0);
}

function tryDecode(encoding: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    // Not valid in this encoding: the caller tries the next one.
    return undefined;
  }
}

/** The guess as a label TextDecoder knows, or undefined (then windows-1252, which decodes any byte). */
function supportedEncoding(label: string | null | undefined): string | undefined {
  if (!label || label.toLowerCase() === 'ascii') return undefined;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

/** Text where more than 1 in 10 characters is a control character is a binary file in disguise. */
function checked(decoded: DecodedText, name: string): DecodedText {
  const sample = decoded.text.slice(0, sampleBytes);
  let control = 0;
  for (const character of sample) {
    const code = character.codePointAt(0) ?? 0;
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) || code === 0xfffd) control++;
  }
  if (sample.length > 0 && control / sample.length > 0.1) throw notText(name);
  return decoded;
}

function notText(name: string) {
  return unreadableFile(
    name,
    'is a binary file, not text, and Baton cannot read it. Attach a PDF, Word document (.docx), web page, Markdown, text, CSV, JSON or source file.',
  );
}
