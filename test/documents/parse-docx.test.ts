import { describe, expect, test } from 'vitest';
import { parseDocumentInProcess } from '../../electron/core/documents/parsing/parse-document-in-process.js';
import { documentText } from '../../electron/core/documents/parsing/parsed-document.js';
import { makeDocx, makeZip } from './document-files.js';

describe('DOCX', () => {
  test('headings, paragraphs and table rows, each under the headings above it', async () => {
    const document = await parseDocumentInProcess(await makeDocx(), 'report.docx');
    expect(document.kind).toBe('docx');
    expect(document.title).toBe('Quarterly Report');
    expect(document.blocks).toEqual([
      { kind: 'heading', text: 'Quarterly Report', level: 1, headings: ['Quarterly Report'] },
      { kind: 'paragraph', text: 'Revenue grew by 12 percent this quarter.', headings: ['Quarterly Report'] },
      { kind: 'heading', text: 'Regional Results', level: 2, headings: ['Quarterly Report', 'Regional Results'] },
      { kind: 'paragraph', text: 'The north region led the growth.', headings: ['Quarterly Report', 'Regional Results'] },
      { kind: 'table-row', text: 'Region | Sales', cells: ['Region', 'Sales'], headings: ['Quarterly Report', 'Regional Results'] },
      { kind: 'table-row', text: 'North | 420', cells: ['North', '420'], headings: ['Quarterly Report', 'Regional Results'] },
      { kind: 'heading', text: 'Outlook', level: 1, headings: ['Outlook'] },
      { kind: 'paragraph', text: 'Next quarter looks steady.', headings: ['Outlook'] },
    ]);
    expect(documentText(document)).toBe(
      [
        '# Quarterly Report',
        'Revenue grew by 12 percent this quarter.',
        '## Regional Results',
        'The north region led the growth.',
        'Region | Sales\nNorth | 420',
        '# Outlook',
        'Next quarter looks steady.',
      ].join('\n\n'),
    );
  });

  test('a zip that declares more than the unpacked limit is refused before anything is unpacked', async () => {
    // The entry is small; only its declared size is huge, so refusing it proves the check reads the directory, not the data.
    const bomb = makeZip([{ name: 'word/document.xml', data: new Uint8Array(100), declaredSize: 3_000_000_000 }]);
    await expect(parseDocumentInProcess(bomb, 'bomb.docx')).rejects.toMatchObject({
      code: 'invalid-request',
      message: '"bomb.docx" unpacks to more than 100 MB, so Baton did not open it (it may be a zip bomb). Split the document, or export it as PDF.',
    });
  });

  test('an entry that compresses more than 100 times is refused as a zip bomb', async () => {
    const spaces = new Uint8Array(20 * 1024 * 1024).fill(0x20);
    const bomb = makeZip([{ name: 'word/document.xml', data: spaces }]);
    const error = await parseDocumentInProcess(bomb, 'dense.docx').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'invalid-request' });
    expect((error as Error).message).toMatch(/^"dense\.docx" unpacks to 20 MB from 20 KB \(over 100 times its size\), the mark of a zip bomb/);
  });

  test('an entry that unpacks to more than it declares is stopped at its declared size', async () => {
    const liar = makeZip([{ name: 'word/document.xml', data: new Uint8Array(5 * 1024 * 1024).fill(0x61), declaredSize: 5000 }]);
    await expect(parseDocumentInProcess(liar, 'liar.docx')).rejects.toMatchObject({
      code: 'invalid-request',
      message: '"liar.docx" holds a part that unpacks to more than the size it declares, the mark of a zip bomb, so Baton did not open it. If the document is genuine, save it again from Word.',
    });
  });

  test('the unpacked limit can be set lower', async () => {
    await expect(parseDocumentInProcess(await makeDocx(), 'report.docx', { limits: { maxUnpackedBytes: 1000 } })).rejects.toMatchObject({
      message: expect.stringContaining('"report.docx" unpacks to more than 1000 bytes'),
    });
  });

  test('a DOCX whose packed data is damaged gives a clear error', async () => {
    const damaged = new Uint8Array(await makeDocx());
    // Keep the zip's directory but overwrite the packed data of the first parts.
    damaged.fill(0x41, 40, Math.floor(damaged.length / 2));
    await expect(parseDocumentInProcess(damaged, 'damaged.docx')).rejects.toMatchObject({
      code: 'invalid-request',
      message: '"damaged.docx" is not a valid Word document (its zip structure is damaged). Open it in Word and save it again.',
    });
  });

  test('a sound zip that is not a Word document gives a clear error, not mammoth internals', async () => {
    const zip = makeZip([{ name: 'notes.txt', data: new Uint8Array(Buffer.from('not word')) }]);
    await expect(parseDocumentInProcess(zip, 'other.docx')).rejects.toMatchObject({
      code: 'invalid-request',
      message: '"other.docx" could not be read as a Word document: it looks damaged or is not a Word document. Open it in the app that made it and save or export it again.',
    });
  });

  test('a .docx that is no zip at all says its structure is damaged', async () => {
    await expect(parseDocumentInProcess(new Uint8Array(Buffer.from('plain words, not a zip')), 'fake.docx')).rejects.toMatchObject({
      code: 'invalid-request',
      message: '"fake.docx" is not a valid Word document (its zip structure is damaged). Open it in Word and save it again.',
    });
  });
});
