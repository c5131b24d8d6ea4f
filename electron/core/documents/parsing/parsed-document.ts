/**
 * What a parsed document holds: its text as a list of blocks (headings, paragraphs, list items,
 * table rows, code), each with the position it came from (page, line, the headings above it), so
 * a later chunker can keep headings with their text and an answer can cite "page 4" or
 * "Methods > Data". Plain data only: it crosses a worker thread boundary by structured clone.
 */

export type DocumentKind = 'pdf' | 'docx' | 'html' | 'markdown' | 'text' | 'csv' | 'tsv' | 'json' | 'code';

export type DocumentBlockKind = 'heading' | 'paragraph' | 'list-item' | 'table-row' | 'code';

export interface DocumentBlock {
  kind: DocumentBlockKind;
  text: string;
  /** The headings above this block, outermost first; a heading's own trail ends with itself. */
  headings: string[];
  /** Headings only: 1 (top) to 6. */
  level?: number;
  /** Paginated formats (PDF): the page it is on, from 1. */
  page?: number;
  /** Text formats (Markdown, plain text, CSV, code, JSON): the line it starts on, from 1. */
  line?: number;
  /** Table rows: the cells, and whether this is the header row. */
  cells?: string[];
  header?: boolean;
}

export interface ParsedDocument {
  name: string;
  kind: DocumentKind;
  blocks: DocumentBlock[];
  /** From the file's metadata, its first top heading or its HTML <title>, when there is one. */
  title?: string;
  /** PDF: the number of pages. */
  pageCount?: number;
  /** PDF: pages without any text (scanned pages, images only), so the person can be told what was not read. */
  pagesWithoutText?: number[];
  /** Text formats: the encoding the bytes were decoded from (e.g. 'utf-8', 'windows-1252', 'shift_jis'). */
  encoding?: string;
  /** Source code: the language, from the file's extension. */
  language?: string;
  /** CSV and TSV: the header row's cells. */
  columns?: string[];
  /** Cheap metadata the file carries (PDF author, creation date, ...). */
  metadata?: Record<string, string>;
}

export interface ParseLimits {
  /** Files larger than this are refused before parsing. */
  maxBytes: number;
  /** PDFs with more pages are refused. */
  maxPages: number;
  /** DOCX: the sum of the sizes its zip entries declare, unpacked. */
  maxUnpackedBytes: number;
  /** DOCX: unpacked size over packed size, counted once the unpacked size passes 1 MB. */
  maxCompressionRatio: number;
  /** A parse that runs longer is stopped. */
  timeoutMs: number;
  /** The parse worker's JavaScript heap; a file that needs more is refused. */
  maxMemoryMb: number;
}

export const defaultParseLimits: ParseLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxPages: 2000,
  maxUnpackedBytes: 100 * 1024 * 1024,
  maxCompressionRatio: 100,
  timeoutMs: 60_000,
  maxMemoryMb: 1024,
};

export interface ParseOptions {
  signal?: AbortSignal;
  limits?: Partial<ParseLimits>;
}

/**
 * The document as one Markdown-like text (headings with '#', list items with '-', a page marker
 * where a new page starts), for places that want the whole text rather than its blocks.
 */
export function documentText(document: ParsedDocument): string {
  const lines: string[] = [];
  let page: number | undefined;
  let previous: DocumentBlock | undefined;
  for (const block of document.blocks) {
    if (block.page !== undefined && block.page !== page) {
      page = block.page;
      if (lines.length > 0) lines.push('');
      lines.push(`[page ${page}]`);
      previous = undefined;
    }
    // Rows of one table and items of one list stay together, line after line.
    const sameRun = previous !== undefined && previous.kind === block.kind && (block.kind === 'list-item' || block.kind === 'table-row');
    if (lines.length > 0 && !sameRun) lines.push('');
    if (block.kind === 'heading') lines.push(`${'#'.repeat(block.level ?? 1)} ${block.text}`);
    else if (block.kind === 'list-item') lines.push(`- ${block.text}`);
    else lines.push(block.text);
    previous = block;
  }
  return lines.join('\n');
}
