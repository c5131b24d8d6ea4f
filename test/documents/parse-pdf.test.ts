import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseDocumentInProcess } from '../../electron/core/documents/parsing/parse-document-in-process.js';
import { documentText } from '../../electron/core/documents/parsing/parsed-document.js';
import { makePdf, makePdfWithoutText, makeStyledPdf, makeTwoColumnPdf } from './document-files.js';

const hasQpdf = spawnSync('qpdf', ['--version']).status === 0;
const folder = mkdtempSync(join(tmpdir(), 'baton-pdf-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('PDF', () => {
  test('text by page, lines joined into paragraphs, the title from the metadata', async () => {
    const bytes = await makePdf([['Annual report', 'covers the year 2025.', '', '', 'Revenue rose in March.'], ['Page two holds the outlook.']], {
      title: 'Annual Report 2025',
    });
    const document = await parseDocumentInProcess(bytes, 'report.pdf');
    expect(document.kind).toBe('pdf');
    expect(document.pageCount).toBe(2);
    expect(document.title).toBe('Annual Report 2025');
    expect(document.blocks.map(({ kind, text, page }) => ({ kind, text, page }))).toEqual([
      { kind: 'paragraph', text: 'Annual report covers the year 2025.', page: 1 },
      { kind: 'paragraph', text: 'Revenue rose in March.', page: 1 },
      { kind: 'paragraph', text: 'Page two holds the outlook.', page: 2 },
    ]);
    expect(documentText(document)).toBe(
      '[page 1]\n\nAnnual report covers the year 2025.\n\nRevenue rose in March.\n\n[page 2]\n\nPage two holds the outlook.',
    );
  });

  test('page numbers and running headers and footers are dropped (but for a header on the first page); the same words inside a page, and long repeated paragraphs, are kept', async () => {
    const pages = [1, 2, 3, 4].map((number) => [
      'Annual Report 2025',
      '',
      '',
      `Body text of page ${number}.`,
      '',
      '',
      number === 2 ? 'Annual Report 2025' : `Closing line ${number}.`,
      '',
      '',
      `Page ${number} of 4`,
    ]);
    const document = await parseDocumentInProcess(await makePdf(pages), 'report.pdf');
    const form = 'This generated form repeats the same long paragraph on every page, only its number changes: 1.';
    const repeated = await parseDocumentInProcess(await makePdf([1, 2, 3].map((number) => [form.replace('1.', `${number}.`), 'x'.repeat(20)])), 'forms.pdf');
    expect(repeated.blocks).toHaveLength(3);
    expect(document.blocks.map(({ text, page }) => [page, text])).toEqual([
      // On the first page a running header stays: there it is often the title.
      [1, 'Annual Report 2025'],
      [1, 'Body text of page 1.'],
      [1, 'Closing line 1.'],
      [2, 'Body text of page 2.'],
      [2, 'Annual Report 2025'],
      [3, 'Body text of page 3.'],
      [3, 'Closing line 3.'],
      [4, 'Body text of page 4.'],
      [4, 'Closing line 4.'],
    ]);
  });

  test('a word hyphenated at the end of a line is joined again; a dash before a capital is kept', async () => {
    const bytes = await makePdf([['The data needs careful manip-', 'ulation before use. See part-', 'Two of the report.']]);
    const document = await parseDocumentInProcess(bytes, 'hyphens.pdf');
    expect(document.blocks.map((block) => block.text)).toEqual(['The data needs careful manipulation before use. See part- Two of the report.']);
  });

  test('a compressed PDF (object streams, Flate content streams) gives the same text', async () => {
    const bytes = await makePdf([['Compressed first page'], ['Compressed second page'], ['Third page']], { compress: true });
    const raw = Buffer.from(bytes);
    // The text is not in the file as plain bytes: only a parser that inflates the streams finds it.
    expect(raw.includes('Compressed')).toBe(false);
    expect(raw.includes('/ObjStm')).toBe(true);
    const document = await parseDocumentInProcess(bytes, 'compressed.pdf');
    expect(document.blocks.map(({ text, page }) => [page, text])).toEqual([
      [1, 'Compressed first page'],
      [2, 'Compressed second page'],
      [3, 'Third page'],
    ]);
  });

  test('two columns come out as two paragraphs, left column first', async () => {
    const bytes = await makeTwoColumnPdf(['The left column starts', 'and ends here.'], ['The right column', 'follows it.']);
    const document = await parseDocumentInProcess(bytes, 'columns.pdf');
    expect(document.blocks.map((block) => block.text)).toEqual(['The left column starts and ends here.', 'The right column follows it.']);
  });

  test('two columns drawn line by line across the page still read column by column', async () => {
    const left = ['The left column holds a paragraph', 'that runs over several lines of', 'text until it ends right here.'];
    const right = ['The right column holds another', 'paragraph that also runs over', 'several lines before it ends.'];
    const document = await parseDocumentInProcess(await makeTwoColumnPdf(left, right, { interleaved: true }), 'interleaved.pdf');
    expect(document.blocks.map((block) => block.text)).toEqual([left.join(' '), right.join(' ')]);
  });

  test('a two-column table with short cells keeps its rows', async () => {
    const keys = ['Name', 'Telephone number', 'City', 'Date of birth'];
    const values = ['Ada', '555 0100', 'London', '1815'];
    const document = await parseDocumentInProcess(await makeTwoColumnPdf(keys, values, { interleaved: true, rightX: 250 }), 'form.pdf');
    expect(document.blocks.map((block) => block.text)).toEqual(['Name Ada Telephone number 555 0100 City London Date of birth 1815']);
  });

  test('a numbered heading that opens every page is a heading, not a running header', async () => {
    const pages = [1, 2, 3].map((number) => [{ text: `${number}. Section ${number}`, size: 16 }, { text: `Text of section ${number}.`, size: 11 }]);
    const document = await parseDocumentInProcess(await makeStyledPdf(pages), 'sections.pdf');
    expect(document.blocks.filter((block) => block.kind === 'heading').map((block) => block.text)).toEqual(['1. Section 1', '2. Section 2', '3. Section 3']);
  });

  test('larger short lines become headings, the largest size level 1, and the text below knows them', async () => {
    const body = (text: string) => ({ text, size: 11 });
    const bytes = await makeStyledPdf([
      [{ text: 'Methods', size: 18 }, body('We asked forty people'), body('about their sleep.'), { text: 'Sampling', size: 14 }, body('People were drawn at random.')],
      [body('The draw continued on page two.'), { text: 'Results', size: 18 }, body('Sleep improved.')],
    ]);
    const document = await parseDocumentInProcess(bytes, 'study.pdf');
    // No title in the metadata: the first page's top heading stands in.
    expect(document.title).toBe('Methods');
    expect(document.blocks).toEqual([
      { kind: 'heading', text: 'Methods', level: 1, headings: ['Methods'], page: 1 },
      { kind: 'paragraph', text: 'We asked forty people about their sleep.', headings: ['Methods'], page: 1 },
      { kind: 'heading', text: 'Sampling', level: 2, headings: ['Methods', 'Sampling'], page: 1 },
      { kind: 'paragraph', text: 'People were drawn at random.', headings: ['Methods', 'Sampling'], page: 1 },
      { kind: 'paragraph', text: 'The draw continued on page two.', headings: ['Methods', 'Sampling'], page: 2 },
      { kind: 'heading', text: 'Results', level: 1, headings: ['Results'], page: 2 },
      { kind: 'paragraph', text: 'Sleep improved.', headings: ['Results'], page: 2 },
    ]);
  });

  test('pages without text are listed, the others read', async () => {
    const document = await parseDocumentInProcess(await makePdf([['Typed page one'], [], ['Typed page three']]), 'mixed.pdf');
    expect(document.blocks.map(({ text, page }) => [page, text])).toEqual([
      [1, 'Typed page one'],
      [3, 'Typed page three'],
    ]);
    expect(document.pagesWithoutText).toEqual([2]);
  });

  test('a PDF with no text layer says so', async () => {
    await expect(parseDocumentInProcess(await makePdfWithoutText(), 'scan.pdf')).rejects.toMatchObject({
      code: 'invalid-request',
      message: expect.stringContaining('"scan.pdf" has no text layer (a scan?); OCR is not supported'),
    });
  });

  test('a corrupt PDF gives a clear error, not pdf.js internals', async () => {
    const bytes = new Uint8Array(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage garbage\n%%EOF'));
    const error = await parseDocumentInProcess(bytes, 'broken.pdf').catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: 'BatonError',
      code: 'invalid-request',
      message: '"broken.pdf" could not be read as a PDF: it looks damaged or is not a PDF. Open it in the app that made it and save or export it again.',
    });
  });

  test('a file named .pdf that is not one is refused the same way', async () => {
    await expect(parseDocumentInProcess(new Uint8Array(Buffer.from('just some words')), 'notes.pdf')).rejects.toMatchObject({
      code: 'invalid-request',
      message: expect.stringContaining('"notes.pdf" could not be read as a PDF'),
    });
  });

  test('more pages than the limit are refused before any text is read', async () => {
    const bytes = await makePdf([['one'], ['two'], ['three']]);
    await expect(parseDocumentInProcess(bytes, 'long.pdf', { limits: { maxPages: 2 } })).rejects.toMatchObject({
      code: 'invalid-request',
      message: '"long.pdf" has 3 pages; Baton reads PDFs of up to 2 pages. Split it into smaller files.',
    });
  });

  test('a cancelled parse stops between pages', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(parseDocumentInProcess(await makePdf([['one']]), 'a.pdf', { signal: controller.signal })).rejects.toMatchObject({ code: 'aborted' });
    // Cancelled while running: the next page does not start.
    const running = new AbortController();
    const bytes = await makePdf(Array.from({ length: 100 }, (_, index) => [`Page ${index + 1}`]));
    const parsing = parseDocumentInProcess(bytes, 'long.pdf', { signal: running.signal });
    setTimeout(() => running.abort(), 1);
    await expect(parsing).rejects.toMatchObject({ code: 'aborted', message: 'Reading "long.pdf" was cancelled.' });
  });

  describe.skipIf(!hasQpdf)("encrypted PDFs (made with Debian's qpdf; skipped where qpdf is not installed: apt-get install qpdf)", () => {
    async function encrypted(userPassword: string): Promise<Uint8Array> {
      const plain = join(folder, `plain-${userPassword || 'none'}.pdf`);
      const locked = join(folder, `locked-${userPassword || 'none'}.pdf`);
      writeFileSync(plain, await makePdf([['Confidential figures']]));
      execFileSync('qpdf', ['--encrypt', userPassword, 'owner-secret', '256', '--', plain, locked]);
      return new Uint8Array(readFileSync(locked));
    }

    test('a PDF that needs a password to open gives a clear error', async () => {
      await expect(parseDocumentInProcess(await encrypted('user-secret'), 'locked.pdf')).rejects.toMatchObject({
        code: 'invalid-request',
        message: expect.stringContaining('"locked.pdf" is protected by a password, so Baton cannot read it.'),
      });
    });

    test('a PDF encrypted with only an owner password (AES-256) opens and reads', async () => {
      const document = await parseDocumentInProcess(await encrypted(''), 'owner-only.pdf');
      expect(document.blocks.map((block) => block.text)).toEqual(['Confidential figures']);
    });
  });
});
