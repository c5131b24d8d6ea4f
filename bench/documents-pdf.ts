/**
 * The PDF the documents bench indexes to measure throughput: `pageCount` pages of about
 * `charactersPerPage` characters each, set in Helvetica with pdf-lib, every page opening with a
 * larger heading and a second heading halfway down, the text taken in order from real paragraphs
 * (the bench's papers) so the parser, chunker and scan see prose rather than filler. Page
 * content streams are compressed, as most producers do.
 */
import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';

const pageWidth = 612;
const pageHeight = 792;
const margin = 54;
const bodySize = 9;
const headingSize = 14;
const lineHeight = 11.5;

export async function makeBenchPdf(paragraphs: readonly string[], pageCount: number, charactersPerPage: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const body = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const source = paragraphs.map(winAnsiText).filter((paragraph) => paragraph.length > 80);
  let next = 0;
  for (let pageNumber = 1; pageNumber <= pageCount; pageNumber++) {
    const page = pdf.addPage([pageWidth, pageHeight]);
    let y = pageHeight - margin;
    const heading = (text: string) => {
      y -= headingSize * 1.6;
      page.drawText(text, { x: margin, y, size: headingSize, font: bold });
      y -= lineHeight * 0.5;
    };
    heading(`${pageNumber}. Section ${pageNumber}`);
    let written = 0;
    let halfwayHeadingDrawn = false;
    while (written < charactersPerPage) {
      if (!halfwayHeadingDrawn && written >= charactersPerPage / 2) {
        heading(`${pageNumber}.1 Further results`);
        halfwayHeadingDrawn = true;
      }
      const paragraph = source[next++ % source.length] ?? '';
      const room = charactersPerPage - written;
      const text = paragraph.length > room + 200 ? `${paragraph.slice(0, room).trimEnd()}.` : paragraph;
      for (const line of wrap(text, body, bodySize, pageWidth - 2 * margin)) {
        y -= lineHeight;
        page.drawText(line, { x: margin, y, size: bodySize, font: body });
      }
      y -= lineHeight * 0.6;
      written += text.length;
    }
  }
  return pdf.save({ useObjectStreams: true });
}

/** Helvetica's standard encoding holds only Latin-1-like letters: accents dropped, anything else as a space. */
function winAnsiText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, (character) => (/\p{M}/u.test(character) ? '' : ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}
