/**
 * Cuts a parsed document into chunks of at most `maxCharacters`, counting the section path
 * written in front of each (chunkContent). Boundaries follow the document: a chunk never spans
 * two sections, blocks are packed whole in reading order, and only a block longer than a chunk
 * is cut (textPieces: at sentence ends). A block that does not fit beside the ones before it
 * starts the next chunk rather than being cut, so a paragraph stays whole wherever it can.
 * Deterministic: the same document always gives the same chunks.
 */
import type { DocumentBlock, ParsedDocument } from '../parsing/parsed-document.js';
import { sectionPath, type DocumentChunk } from './document-chunk.js';
import { textPieces } from './text-pieces.js';

export interface ChunkingOptions {
  /** The most characters a chunk's content (section path and text) may hold. */
  maxCharacters?: number;
  /** A section may start inside a chunk (its heading then a line of the chunk's text) where it fits. */
  mergeSections?: boolean;
}

export const defaultMaxChunkCharacters = 1200;

/** Below this share of the budget left for text, the section path is shortened to its last heading. */
const minimumTextShare = 0.75;

interface OpenChunk {
  headings: string[];
  parts: string[];
  /** The block kind of the last part: rows of a table and items of a list join with one line break. */
  lastKind: DocumentBlock['kind'] | undefined;
  length: number;
  pages: Set<number>;
  line: number | undefined;
  innerHeadings: string[];
}

export function chunkDocument(document: ParsedDocument, options: ChunkingOptions = {}): DocumentChunk[] {
  const maxCharacters = options.maxCharacters ?? defaultMaxChunkCharacters;
  const chunks: DocumentChunk[] = [];
  let open: OpenChunk | undefined;
  /** Headings met since the last text block. */
  let pendingHeadings: string[] = [];

  const flush = () => {
    if (open && open.parts.length > 0) {
      chunks.push({
        position: chunks.length,
        headings: open.headings,
        text: open.parts.join(''),
        pages: [...open.pages].sort((a, b) => a - b),
        innerHeadings: open.innerHeadings,
        ...(open.line !== undefined ? { line: open.line } : {}),
      });
    }
    open = undefined;
  };

  for (const block of document.blocks) {
    if (block.kind === 'heading') {
      if (!options.mergeSections) flush();
      else if (block.text !== document.title) pendingHeadings.push(block.text.trim());
      continue;
    }
    const text = block.text.trim();
    if (!text) continue;
    const headings = fittingHeadings(withoutTitle(block.headings, document.title), maxCharacters);
    const newHeadings = pendingHeadings;
    pendingHeadings = [];
    if (open && !options.mergeSections && sectionPath(open.headings) !== sectionPath(headings)) flush();
    if (open) {
      const room = maxCharacters - prefixLength(open.headings);
      const headingLines = open && newHeadings.length ? `\n\n${newHeadings.join('\n')}` : '';
      const separator = !headingLines && open.lastKind === block.kind && (block.kind === 'list-item' || block.kind === 'table-row') ? '\n' : '\n\n';
      if (open.length + headingLines.length + separator.length + text.length <= room) {
        if (headingLines) {
          add(open, headingLines, block);
          open.innerHeadings.push(...newHeadings);
        }
        add(open, separator + text, block);
        continue;
      }
    }
    const room = maxCharacters - prefixLength(headings);
    flush();
    for (const piece of text.length <= room ? [text] : textPieces(text, room)) {
      if (open) flush();
      open = { headings, parts: [], lastKind: undefined, length: 0, pages: new Set(), line: undefined, innerHeadings: [] };
      add(open, piece, block);
    }
  }
  flush();
  return chunks;
}

function add(open: OpenChunk, text: string, block: DocumentBlock): void {
  open.parts.push(text);
  open.length += text.length;
  open.lastKind = block.kind;
  if (block.page !== undefined) open.pages.add(block.page);
  if (open.line === undefined && block.line !== undefined) open.line = block.line;
}

function prefixLength(headings: readonly string[]): number {
  const path = sectionPath(headings);
  return path ? path.length + 2 : 0;
}

/** The document's title heads every block of it: it tells no two chunks of one document apart. */
function withoutTitle(headings: readonly string[], title: string | undefined): string[] {
  return title !== undefined && headings[0] === title ? headings.slice(1) : [...headings];
}

/** A path so long it would crowd out the text keeps only its last heading, cut short if need be. */
function fittingHeadings(headings: string[], maxCharacters: number): string[] {
  const limit = Math.floor(maxCharacters * (1 - minimumTextShare));
  if (prefixLength(headings) <= limit) return headings;
  const last = headings.at(-1) ?? '';
  return [last.length + 2 <= limit ? last : `${last.slice(0, limit - 3).trimEnd()}…`];
}
