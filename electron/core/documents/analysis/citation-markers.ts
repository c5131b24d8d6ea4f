/**
 * Which retrieved passages an answer cites: its bracketed markers (`[report.pdf, page 3]`,
 * several in one bracket split by ';') matched against the passages' labels. A marker matches
 * a passage whose label it repeats (any case, spaces folded), or that is of the same document
 * and holds the page it names (a passage on pages 3-4 is cited by "page 4"). Markers that match
 * no passage are ignored: a model may invent one, and only retrieved text is shown as cited.
 */
import { passageLabel } from './passage-labels.js';

export interface CitablePassage {
  documentName: string;
  pages: number[];
  line?: number;
  headings: string[];
  position: number;
}

/** The passages the answer cites, as indexes into `passages`, in the order the answer first cites them. */
export function citedPassages(answer: string, passages: readonly CitablePassage[]): number[] {
  const cited: number[] = [];
  for (const bracket of answer.matchAll(/\[([^[\]\n]{1,400})\]/g)) {
    for (const marker of bracket[1]!.split(';')) {
      for (const index of matchingPassages(marker, passages)) if (!cited.includes(index)) cited.push(index);
    }
  }
  return cited;
}

function matchingPassages(marker: string, passages: readonly CitablePassage[]): number[] {
  const wanted = fold(marker);
  if (wanted.length === 0) return [];
  const byLabel = passages.flatMap((passage, index) => (fold(passageLabel(passage.documentName, passage)) === wanted ? [index] : []));
  if (byLabel.length > 0) return byLabel;
  const page = /^(.*?),?\s*(?:page|pages|p\.|pp\.|p)\s*(\d+)(?:\s*[-–]\s*\d+)?$/i.exec(marker.trim());
  if (!page) return [];
  const document = fold(page[1]!.replace(/,\s*$/, ''));
  const number = Number(page[2]);
  return passages.flatMap((passage, index) => (fold(passage.documentName) === document && passage.pages.includes(number) ? [index] : []));
}

function fold(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}
