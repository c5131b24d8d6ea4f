/**
 * How a retrieved passage is named in a prompt and cited in an answer: its document and where
 * in it the passage is, `[report.pdf, page 3]`. The page when the format has pages, else the
 * line, else the section path, else the passage's number; the same label is asked for in the
 * prompt and matched in the answer (citation-markers.ts).
 */
import { sectionPath, type DocumentChunk } from '../chunking/document-chunk.js';

export function passagePlace(chunk: Pick<DocumentChunk, 'pages' | 'line' | 'headings' | 'position'>): string {
  const first = chunk.pages[0];
  const last = chunk.pages.at(-1);
  if (first !== undefined && last !== undefined) return first === last ? `page ${first}` : `pages ${first}-${last}`;
  if (chunk.line !== undefined) return `line ${chunk.line}`;
  if (chunk.headings.length > 0) return sectionPath(chunk.headings);
  return `passage ${chunk.position + 1}`;
}

export function passageLabel(documentName: string, chunk: Pick<DocumentChunk, 'pages' | 'line' | 'headings' | 'position'>): string {
  return `${documentName}, ${passagePlace(chunk)}`;
}
