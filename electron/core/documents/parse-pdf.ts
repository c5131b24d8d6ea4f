/**
 * PDF text with page numbers, through unpdf's serverless build of pdf.js (compressed streams,
 * object streams and standard encryption handled by pdf.js itself). pdf.js runs with
 * `isEvalSupported: false`, so a hostile font program cannot make it compile code. Lines are
 * grouped into paragraphs by the vertical gap between them; each paragraph is a block that
 * knows its page. The signal is checked between pages, so a cancelled parse stops early even
 * outside the worker.
 */
import { getDocumentProxy } from 'unpdf';
import { damagedFile, throwIfAborted, unreadableFile } from './document-errors.js';
import type { DocumentBlock, ParsedDocument, ParseLimits } from './parsed-document.js';

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

interface PdfTextItem {
  str: string;
  transform: number[];
  height: number;
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
    const blocks: DocumentBlock[] = [];
    for (let pageNumber = 1; pageNumber <= pdf.numPages; pageNumber++) {
      throwIfAborted(signal, name);
      const page = await pdf.getPage(pageNumber);
      const content = await page.getTextContent();
      page.cleanup();
      const items = content.items.filter((item): item is PdfTextItem & typeof item => 'str' in item);
      for (const paragraph of paragraphs(lines(items))) blocks.push({ kind: 'paragraph', text: paragraph, headings: [], page: pageNumber });
    }
    if (blocks.length === 0) {
      throw unreadableFile(name, 'has no text layer (a scan?); OCR is not supported. Run it through an OCR tool first, or paste the text.');
    }
    const metadata = await readMetadata(pdf);
    return { name, kind: 'pdf', blocks, pageCount: pdf.numPages, ...(metadata.title ? { title: metadata.title } : {}), metadata };
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

/** pdf.js marks most line ends (hasEOL); a jump of the baseline ends a line too. */
function lines(items: PdfTextItem[]): PdfLine[] {
  const result: PdfLine[] = [];
  let current: PdfLine | undefined;
  for (const item of items) {
    const y = item.transform[5] ?? 0;
    const height = item.height || Math.abs(item.transform[3] ?? 0) || 10;
    if (current && Math.abs(current.y - y) > height / 2) {
      result.push(current);
      current = undefined;
    }
    if (current) current.text += item.str;
    else current = { text: item.str, y, height };
    if (item.hasEOL) {
      result.push(current);
      current = undefined;
    }
  }
  if (current) result.push(current);
  return result.map((line) => ({ ...line, text: line.text.replace(/\s+/g, ' ').trim() })).filter((line) => line.text.length > 0);
}

/**
 * A gap of more than 1.6 line heights between baselines starts a new paragraph, and so does a
 * jump back up the page: the top of the next column (pdf.js gives a column's lines in the order
 * the PDF draws them, which for most producers is column by column).
 */
function paragraphs(pageLines: PdfLine[]): string[] {
  const result: string[] = [];
  let current: string[] = [];
  let previous: PdfLine | undefined;
  for (const line of pageLines) {
    const gap = previous ? previous.y - line.y : 0;
    if (previous && (gap > previous.height * 1.6 || gap < -previous.height / 2)) {
      result.push(current.join(' '));
      current = [];
    }
    current.push(line.text);
    previous = line;
  }
  if (current.length > 0) result.push(current.join(' '));
  return result;
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
