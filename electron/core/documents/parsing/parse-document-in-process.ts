/**
 * Parses one file on the calling thread: picks the parser by type, applies the size limit and
 * turns every failure into a BatonError that names the file. parse-document.ts runs this in a
 * worker thread with a time limit; call it directly only where the input is trusted (tests).
 */
import { BatonError } from '../../../shared/errors.js';
import { delimitedBlocks } from './delimited-blocks.js';
import { checkFileSize, damagedFile, throwIfAborted, unreadableFile } from './document-errors.js';
import { documentType } from './document-kind.js';
import { htmlBlocks } from './html-blocks.js';
import { markdownBlocks } from './markdown-blocks.js';
import { defaultParseLimits, type ParsedDocument, type ParseLimits, type ParseOptions } from './parsed-document.js';
import { plainTextBlocks } from './plain-text-blocks.js';
import { decodeText, htmlDeclaredEncoding } from './text-decoding.js';

export async function parseDocumentInProcess(bytes: Uint8Array, name: string, options: ParseOptions = {}): Promise<ParsedDocument> {
  const limits: ParseLimits = { ...defaultParseLimits, ...options.limits };
  throwIfAborted(options.signal, name);
  checkFileSize(bytes, name, limits.maxBytes);
  const type = documentType(name, bytes);
  try {
    let document: ParsedDocument;
    // Loaded on first use: pdf.js and mammoth take hundreds of milliseconds to load, and each parse
    // worker starts fresh, so a text file should not pay for them.
    if (type.kind === 'pdf') document = await (await import('./parse-pdf.js')).parsePdf(bytes, name, limits, options.signal);
    else if (type.kind === 'docx') document = await (await import('./parse-docx.js')).parseDocx(bytes, name, limits);
    else document = await parseText(bytes, name, type.kind, type.language);
    throwIfAborted(options.signal, name);
    if (document.blocks.length === 0) throw unreadableFile(name, 'holds no text.');
    return document;
  } catch (error) {
    if (error instanceof BatonError) throw error;
    throw damagedFile(name, type.kind, error);
  }
}

async function parseText(bytes: Uint8Array, name: string, kind: ParsedDocument['kind'], language: string | undefined): Promise<ParsedDocument> {
  const { text, encoding } = await decodeText(bytes, name, kind === 'html' ? htmlDeclaredEncoding(bytes) : undefined);
  switch (kind) {
    case 'html': {
      const { blocks, title } = htmlBlocks(text);
      return { name, kind, blocks, encoding, ...(title ? { title } : {}) };
    }
    case 'markdown': {
      const blocks = markdownBlocks(text);
      const title = blocks.find((block) => block.kind === 'heading' && block.level === 1)?.text;
      return { name, kind, blocks, encoding, ...(title ? { title } : {}) };
    }
    case 'csv':
    case 'tsv': {
      const { blocks, columns } = delimitedBlocks(text, kind === 'csv' ? ',' : '\t');
      return { name, kind, blocks, encoding, columns };
    }
    case 'json':
      return { name, kind, blocks: [{ kind: 'code', text: prettyJson(text, name), headings: [], line: 1 }], encoding, language: 'json' };
    case 'code':
      return { name, kind, blocks: plainTextBlocks(text, 'code'), encoding, ...(language ? { language } : {}) };
    default:
      return { name, kind: 'text', blocks: plainTextBlocks(text, 'paragraph'), encoding };
  }
}

function prettyJson(text: string, name: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const where = error instanceof SyntaxError ? ` (${error.message})` : '';
    throw unreadableFile(name, `is not valid JSON${where}. Fix it, or attach it as a .txt file to read it as plain text.`, error);
  }
  return JSON.stringify(value, null, 2);
}
