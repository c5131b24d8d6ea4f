/**
 * PDF text with page numbers, through unpdf's serverless build of pdf.js (compressed streams,
 * object streams and standard encryption handled by pdf.js itself). pdf.js runs with
 * `isEvalSupported: false`, so a hostile font program cannot make it compile code. Lines are
 * grouped into paragraphs by the vertical gap between them and their text size; each paragraph
 * is a block that knows its page. Beside this file: headings from text size (pdf-headings.ts),
 * columns drawn across the page (pdf-columns.ts), page numbers and running headers
 * (pdf-running-lines.ts). The signal is checked between pages, so a cancelled parse stops early
 * even outside the worker.
 */
import { getDocumentProxy } from 'unpdf';
import { damagedFile, throwIfAborted, unreadableFile } from './document-errors.js';
import type { ParsedDocument, ParseLimits } from './parsed-document.js';
import { inReadingOrder, type PositionedItem } from './pdf-columns.js';
import { withHeadings, type PdfParagraph } from './pdf-headings.js';
import { withoutRunningLines } from './pdf-running-lines.js';

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

interface PdfTextItem extends PositionedItem {
  hasEOL: boolean;
}

interface PdfLine {
  text: string;
  /** The baseline, in PDF units from the bottom of the page. */
  y: number;
  height: number;
}

export async function parsePdf(bytes: Uint8Array, name: string, limits: ParseLimits, signal?: AbortSignal): Promise<ParsedDocument> {
  const pdf = await openPdf(bytes, name);
  try {
    if (pdf.numPages > limits.maxPages) {
      throw unreadableFile(name, `has ${pdf.numPages} pages; Baton reads PDFs of up to ${limits.maxPages} pages. Split it into smaller files.`);
    }
    const found: PdfParagraph[] = [];
    const pagesWithoutText: number[] = [];
    for (let pageNumber = 1; pageNumber <= pdf.numPages; pageNumber++) {
      throwIfAborted(signal, name);
      const page = await pdf.getPage(pageNumber);
      const content = await page.getTextContent();
      page.cleanup();
      const items = content.items.filter((item): item is PdfTextItem & typeof item => 'str' in item);
      const pageParagraphs = paragraphs(lines(inReadingOrder(items)));
      if (pageParagraphs.length === 0) pagesWithoutText.push(pageNumber);
      for (const paragraph of pageParagraphs) found.push({ ...paragraph, page: pageNumber });
    }
    const blocks = withoutRunningLines(withHeadings(found), pdf.numPages);
    if (blocks.length === 0) {
      throw unreadableFile(name, 'has no text layer (a scan?); OCR is not supported. Run it through an OCR tool first, or paste the text.');
    }
    const metadata = await readMetadata(pdf);
    // Without a title in its metadata, a top heading on the first page names the document.
    const title = metadata.title ?? blocks.find((block) => block.kind === 'heading' && block.level === 1 && block.page === 1)?.text;
    return {
      name,
      kind: 'pdf',
      blocks,
      pageCount: pdf.numPages,
      ...(pagesWithoutText.length > 0 ? { pagesWithoutText } : {}),
      ...(title ? { title } : {}),
      metadata,
    };
  } finally {
    await pdf.destroy();
  }
}

async function openPdf(bytes: Uint8Array, name: string): Promise<PdfDocument> {
  try {
    // A copy: pdf.js takes over (detaches) the buffer it is given. Verbosity 0: errors only, no console noise.
    return await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, verbosity: 0 });
  } catch (error) {
    if (error instanceof Error && error.name === 'PasswordException') {
      throw unreadableFile(name, 'is protected by a password, so Baton cannot read it. Open it in a PDF reader, then save or print a copy without a password and attach that.', error);
    }
    throw damagedFile(name, 'pdf', error);
  }
}

/**
 * pdf.js marks most line ends (hasEOL); a jump of the baseline ends a line too. Pieces of one
 * line drawn apart (table cells, words placed one by one) get a space between them when the gap
 * is wider than a fifth of the text size.
 */
function lines(items: PdfTextItem[]): PdfLine[] {
  const result: PdfLine[] = [];
  let current: (PdfLine & { end: number }) | undefined;
  for (const item of items) {
    const x = item.transform[4] ?? 0;
    const y = item.transform[5] ?? 0;
    const height = item.height || Math.abs(item.transform[3] ?? 0) || 10;
    if (current && Math.abs(current.y - y) > height / 2) {
      result.push(current);
      current = undefined;
    }
    if (current) {
      const apart = x - current.end > height / 5 && !/\s$/.test(current.text) && !/^\s/.test(item.str);
      current.text += (apart ? ' ' : '') + item.str;
      current.end = Math.max(current.end, x + item.width);
    } else current = { text: item.str, y, height, end: x + item.width };
    if (item.hasEOL) {
      result.push(current);
      current = undefined;
    }
  }
  if (current) result.push(current);
  return result
    .map(({ text, y, height }) => ({ text: text.replace(/\s+/g, ' ').trim(), y, height }))
    .filter((line) => line.text.length > 0);
}

/**
 * A gap of more than 1.6 line heights between baselines starts a new paragraph, and so do a
 * change of text size (a heading right above its text) and a jump back up the page: the top of
 * the next column (pdf.js gives a column's lines in the order the PDF draws them, which for most
 * producers is column by column).
 */
function paragraphs(pageLines: PdfLine[]): Omit<PdfParagraph, 'page'>[] {
  const result: Omit<PdfParagraph, 'page'>[] = [];
  let current: PdfLine[] = [];
  const flush = () => {
    if (current.length > 0) result.push({ text: joinLines(current.map((line) => line.text)), height: current[0]?.height ?? 0 });
    current = [];
  };
  for (const line of pageLines) {
    const previous = current.at(-1);
    if (previous) {
      const gap = previous.y - line.y;
      const sizeChanged = Math.abs(line.height - previous.height) > previous.height * 0.1;
      if (gap > previous.height * 1.6 || gap < -previous.height / 2 || sizeChanged) flush();
    }
    current.push(line);
  }
  flush();
  return result;
}

/**
 * Lines joined with spaces; a word hyphenated at a line end ("manip-" + "ulation") is joined
 * back, so search finds it. A compound that happens to break at its own hyphen loses the hyphen:
 * the rarer mistake, and a harmless one for search.
 */
function joinLines(lines: string[]): string {
  let text = '';
  for (const line of lines) {
    if (/\p{Ll}-$/u.test(text) && /^\p{Ll}/u.test(line)) text = text.slice(0, -1) + line;
    else text = text.length > 0 ? `${text} ${line}` : line;
  }
  return text;
}

/** Baton's metadata names and the PDF info dictionary's. */
const metadataFields = { title: 'Title', author: 'Author', subject: 'Subject', created: 'CreationDate' };

async function readMetadata(pdf: PdfDocument): Promise<Record<string, string>> {
  try {
    const { info } = await pdf.getMetadata();
    const result: Record<string, string> = {};
    for (const [key, field] of Object.entries(metadataFields)) {
      const value = (info as Record<string, unknown>)[field];
      if (typeof value === 'string' && value.trim().length > 0) result[key] = value.trim();
    }
    return result;
  } catch {
    // Metadata is a nicety: a PDF whose info dictionary is broken still gives its text.
    return {};
  }
}
