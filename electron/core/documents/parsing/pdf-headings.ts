/**
 * Headings in PDFs, which mostly carry no tagged structure to ask: the body text size is the one
 * most characters are set in, and a short paragraph set clearly larger is a heading; the largest
 * size is level 1, the next level 2, and so on. Every block gets the trail of headings above it.
 */
import type { DocumentBlock } from './parsed-document.js';

export interface PdfParagraph {
  text: string;
  /** The text size of its first line. */
  height: number;
  page: number;
}

/** Text at least this much larger than the body text can be a heading. */
const headingSizeFactor = 1.15;
/** Longer paragraphs are never headings, whatever their size. */
const headingMaxLength = 150;

export function withHeadings(found: PdfParagraph[]): DocumentBlock[] {
  const charactersBySize = new Map<number, number>();
  for (const paragraph of found) {
    const size = roundedSize(paragraph.height);
    charactersBySize.set(size, (charactersBySize.get(size) ?? 0) + paragraph.text.length);
  }
  const bodySize = [...charactersBySize].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const isHeading = (paragraph: PdfParagraph) =>
    roundedSize(paragraph.height) >= bodySize * headingSizeFactor && paragraph.text.length <= headingMaxLength;
  // The largest size is level 1, the next level 2, ... at most 6.
  const headingSizes = [...new Set(found.filter(isHeading).map((paragraph) => roundedSize(paragraph.height)))].sort((a, b) => b - a);
  const trail: (string | undefined)[] = [];
  const currentHeadings = () => trail.filter((heading): heading is string => heading !== undefined);
  return found.map((paragraph): DocumentBlock => {
    if (!isHeading(paragraph)) return { kind: 'paragraph', text: paragraph.text, headings: currentHeadings(), page: paragraph.page };
    const level = Math.min(headingSizes.indexOf(roundedSize(paragraph.height)) + 1, 6);
    trail.length = level - 1;
    trail[level - 1] = paragraph.text;
    return { kind: 'heading', text: paragraph.text, level, headings: currentHeadings(), page: paragraph.page };
  });
}

/** Sizes to the half point, so 11.98 and 12.02 count as one size. */
function roundedSize(height: number): number {
  return Math.round(height * 2) / 2;
}
