/**
 * Real files for the parser tests, made on the spot: PDFs with pdf-lib, Word documents with the
 * docx package, and zips written byte by byte where a test needs one that lies about its sizes.
 */
import { deflateRawSync } from 'node:zlib';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

/** One page per entry; each page's lines are drawn top down, 16 points apart. */
export async function makePdf(pages: string[][], options: { compress?: boolean; title?: string } = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  if (options.title) pdf.setTitle(options.title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([600, 800]);
    lines.forEach((line, index) => page.drawText(line, { x: 50, y: 740 - index * 16, size: 12, font }));
    // A page without lines looks like a scanned page: a picture, no text.
    if (lines.length === 0) page.drawRectangle({ x: 50, y: 50, width: 300, height: 400, color: rgb(0.2, 0.2, 0.2) });
  }
  // Object streams are Flate-compressed, and pdf-lib compresses page content streams either way.
  return pdf.save({ useObjectStreams: options.compress ?? false });
}

/** Pages of lines set in the given sizes, each line 1.4 times its size below the one before. */
export async function makeStyledPdf(pages: { text: string; size: number }[][]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([600, 800]);
    let y = 760;
    for (const line of lines) {
      y -= line.size * 1.4;
      page.drawText(line.text, { x: 50, y, size: line.size, font });
    }
  }
  return pdf.save({ useObjectStreams: true });
}

/**
 * One page with two columns of text, drawn column by column as most PDF producers do, or
 * line by line across the page (`interleaved`), as some do.
 */
export async function makeTwoColumnPdf(left: string[], right: string[], options: { interleaved?: boolean; rightX?: number } = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([600, 800]);
  const drawLeft = (index: number) => left[index] !== undefined && page.drawText(left[index], { x: 40, y: 740 - index * 14, size: 11, font });
  const drawRight = (index: number) => right[index] !== undefined && page.drawText(right[index], { x: options.rightX ?? 320, y: 740 - index * 14, size: 11, font });
  const count = Math.max(left.length, right.length);
  if (options.interleaved) {
    for (let index = 0; index < count; index++) {
      drawLeft(index);
      drawRight(index);
    }
  } else {
    for (let index = 0; index < count; index++) drawLeft(index);
    for (let index = 0; index < count; index++) drawRight(index);
  }
  return pdf.save({ useObjectStreams: true });
}

/** A PDF that looks like a scan: a page with only a drawing, no text. */
export async function makePdfWithoutText(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.addPage([600, 800]).drawRectangle({ x: 50, y: 50, width: 300, height: 400, color: rgb(0.2, 0.2, 0.2) });
  return pdf.save();
}

export async function makeDocx(): Promise<Uint8Array> {
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: 'Quarterly Report', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new TextRun('Revenue grew by '), new TextRun({ text: '12 percent', bold: true }), new TextRun(' this quarter.')] }),
          new Paragraph({ text: 'Regional Results', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: 'The north region led the growth.', alignment: AlignmentType.LEFT }),
          new Table({
            rows: [
              new TableRow({ children: [cell('Region'), cell('Sales')] }),
              new TableRow({ children: [cell('North'), cell('420')] }),
            ],
          }),
          new Paragraph({ text: 'Outlook', heading: HeadingLevel.HEADING_1 }),
          new Paragraph('Next quarter looks steady.'),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

function cell(text: string): TableCell {
  return new TableCell({ children: [new Paragraph(text)] });
}

export interface ZipEntry {
  name: string;
  data: Uint8Array;
  /** Written into the headers instead of the real size, to make a zip that lies. */
  declaredSize?: number;
}

/** A minimal zip (deflated entries, no CRC check needed by what reads it here). */
export function makeZip(entries: ZipEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const packed = deflateRawSync(entry.data);
    const size = entry.declaredSize ?? entry.data.byteLength;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.byteLength, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.byteLength, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.byteLength, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.byteLength, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.byteLength + name.byteLength + packed.byteLength;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDirectory.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, centralDirectory, end]));
}
