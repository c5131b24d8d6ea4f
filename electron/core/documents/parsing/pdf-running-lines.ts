/**
 * Page furniture in PDFs: page numbers and running headers or footers ("Annual Report 2025 ·
 * page 7") repeat on every page and only add noise to search and citations (the page number is
 * kept on every block anyway). A paragraph that opens or closes its page is dropped when it is a
 * bare page number, or when it is short and the same text, digits aside, opens or closes at least
 * half the pages (three at least), except on the first page, where a running header is often
 * the document's title. Headings and long paragraphs always stay: a numbered section can open
 * every page, and generated reports can repeat a whole paragraph page after page.
 */

export interface PagedParagraph {
  text: string;
  page?: number;
  kind: string;
}

/** Running headers and footers are a line, not a paragraph. */
const maxRunningLineLength = 100;
const pageNumberPattern = /^(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|\/)\s*\d{1,4})?$/i;

export function withoutRunningLines<Paragraph extends PagedParagraph>(paragraphs: Paragraph[], pageCount: number): Paragraph[] {
  const edges = new Set<Paragraph>();
  const byPage = new Map<number, Paragraph[]>();
  for (const paragraph of paragraphs) byPage.set(paragraph.page ?? 0, [...(byPage.get(paragraph.page ?? 0) ?? []), paragraph]);
  for (const onPage of byPage.values()) {
    const first = onPage[0];
    const last = onPage.at(-1);
    if (first) edges.add(first);
    if (last) edges.add(last);
  }
  const pagesByShape = new Map<string, Set<number>>();
  for (const paragraph of edges) {
    const shape = withoutDigits(paragraph.text);
    pagesByShape.set(shape, (pagesByShape.get(shape) ?? new Set<number>()).add(paragraph.page ?? 0));
  }
  const repeats = (paragraph: Paragraph) => {
    const pages = pagesByShape.get(withoutDigits(paragraph.text))?.size ?? 0;
    return (paragraph.page ?? 0) > 1 && paragraph.text.length <= maxRunningLineLength && pages >= 3 && pages >= pageCount / 2;
  };
  const isRunningLine = (paragraph: Paragraph) =>
    edges.has(paragraph) && paragraph.kind !== 'heading' && (pageNumberPattern.test(paragraph.text.trim()) || repeats(paragraph));
  return paragraphs.filter((paragraph) => !isRunningLine(paragraph));
}

function withoutDigits(text: string): string {
  return text.replace(/\d+/g, '#').trim().toLowerCase();
}
