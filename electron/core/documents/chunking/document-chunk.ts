/**
 * A chunk: the unit a document is indexed, retrieved and cited by. Its content is the section
 * path (the headings above it) and then its text; that whole content counts within the size
 * budget, because it is what a prompt will carry. Pages and the first line stay with it so an
 * answer can cite "page 4" or "line 120".
 */

export interface DocumentChunk {
  /** Its place in the document, from 0: neighbours are position - 1 and position + 1. */
  position: number;
  /** The headings above the text, outermost first, without the document's own title. */
  headings: string[];
  /** Headings of sections that start inside the chunk; they are also lines of its text. */
  innerHeadings: string[];
  /** The text: whole blocks joined by blank lines, or a piece of a block too long for one chunk. */
  text: string;
  /** Paginated formats: the pages the text is on, ascending; empty otherwise. */
  pages: number[];
  /** Text formats: the line the text starts on. */
  line?: number;
}

/** How a section path is written in front of a chunk's text ("Methods > Data"). */
export const headingSeparator = ' > ';

export function sectionPath(headings: readonly string[]): string {
  return headings.join(headingSeparator);
}

/** The chunk as a prompt carries it: its section path, a blank line, its text. */
export function chunkContent(chunk: Pick<DocumentChunk, 'headings' | 'text'>): string {
  const path = sectionPath(chunk.headings);
  return path ? `${path}\n\n${chunk.text}` : chunk.text;
}
