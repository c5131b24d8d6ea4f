/**
 * The errors a person sees when a file cannot be read: each names the file, says what is wrong
 * and what to do. Library errors never reach the person; they stay attached as `cause`.
 */
import { BatonError } from '../../../shared/errors.js';
import type { DocumentKind } from './parsed-document.js';

const kindLabels: Record<DocumentKind, string> = {
  pdf: 'PDF',
  docx: 'Word document',
  html: 'web page',
  markdown: 'Markdown file',
  text: 'text file',
  csv: 'CSV file',
  tsv: 'TSV file',
  json: 'JSON file',
  code: 'source file',
};

export function kindLabel(kind: DocumentKind): string {
  return kindLabels[kind];
}

/** A file this parser refuses: too large, binary, encrypted, a zip bomb, ... */
export function unreadableFile(name: string, problem: string, cause?: unknown): BatonError {
  return new BatonError('invalid-request', `"${name}" ${problem}`, { cause });
}

/** A library failed on the file: it is damaged or not what its name says. */
export function damagedFile(name: string, kind: DocumentKind, cause: unknown): BatonError {
  return unreadableFile(
    name,
    `could not be read as a ${kindLabel(kind)}: it looks damaged or is not a ${kindLabel(kind)}. Open it in the app that made it and save or export it again.`,
    cause,
  );
}

/** Checked before any parsing, and before a file is copied into a parse worker. */
export function checkFileSize(bytes: Uint8Array, name: string, maxBytes: number): void {
  if (bytes.byteLength > maxBytes) {
    throw unreadableFile(name, `is ${fileSize(bytes.byteLength)}; Baton reads files of up to ${fileSize(maxBytes)}. Split it into smaller files.`);
  }
  if (bytes.byteLength === 0) throw unreadableFile(name, 'is empty.');
}

export function parseAborted(name: string): BatonError {
  return new BatonError('aborted', `Reading "${name}" was cancelled.`);
}

/** Throws the cancellation error when the signal has fired; parsers call it between steps. */
export function throwIfAborted(signal: AbortSignal | undefined, name: string): void {
  if (signal?.aborted) throw parseAborted(name);
}

/** A size as people read it: "820 bytes", "12 KB", "20 MB", "1.5 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}
