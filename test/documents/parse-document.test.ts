/**
 * parseDocument runs the parser in a worker thread: the compiled worker from dist/ (`npm run
 * build`, as `npm test` does first), so these tests check the worker boundary, the time limit
 * and cancellation; the parsers themselves are tested in process in the other files.
 */
import { describe, expect, test } from 'vitest';
import { parseDocument } from '../../electron/core/documents/parsing/parse-document.js';
import { parseDocumentInProcess } from '../../electron/core/documents/parsing/parse-document-in-process.js';
import { makeDocx, makePdf } from './document-files.js';

describe('parseDocument (worker thread)', () => {
  test('gives the same document as parsing in process', async () => {
    const pdf = await makePdf([['Page one'], ['Page two']], { compress: true });
    expect(await parseDocument(pdf, 'a.pdf')).toEqual(await parseDocumentInProcess(pdf, 'a.pdf'));
    const docx = await makeDocx();
    expect(await parseDocument(docx, 'a.docx')).toEqual(await parseDocumentInProcess(docx, 'a.docx'));
  });

  test("the worker's errors arrive as BatonErrors with their code and message", async () => {
    const error = await parseDocument(new Uint8Array(Buffer.from('%PDF-1.7\ngarbage')), 'broken.pdf').catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: 'BatonError',
      code: 'invalid-request',
      message: '"broken.pdf" could not be read as a PDF: it looks damaged or is not a PDF. Open it in the app that made it and save or export it again.',
    });
  });

  test('a file over the size limit is refused before it is copied into a worker', async () => {
    await expect(parseDocument(new Uint8Array(2048), 'big.csv', { limits: { maxBytes: 1024 } })).rejects.toMatchObject({
      code: 'invalid-request',
      message: '"big.csv" is 2 KB; Baton reads files of up to 1 KB. Split it into smaller files.',
    });
  });

  test('a parse that runs past the time limit is stopped', async () => {
    const pdf = await makePdf(Array.from({ length: 50 }, (_, index) => [`Page ${index + 1}`]));
    await expect(parseDocument(pdf, 'slow.pdf', { limits: { timeoutMs: 5 } })).rejects.toMatchObject({
      code: 'timeout',
      message: 'Reading "slow.pdf" took longer than 5 ms and was stopped. The file may be damaged or unusually complex: export it again as PDF or text, or split it.',
    });
  });

  test('cancelling stops the worker at once', async () => {
    const pdf = await makePdf(Array.from({ length: 50 }, (_, index) => [`Page ${index + 1}`]));
    const controller = new AbortController();
    const parsing = parseDocument(pdf, 'long.pdf', { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(parsing).rejects.toMatchObject({ code: 'aborted', message: 'Reading "long.pdf" was cancelled.' });
    const cancelledBefore = new AbortController();
    cancelledBefore.abort();
    await expect(parseDocument(pdf, 'long.pdf', { signal: cancelledBefore.signal })).rejects.toMatchObject({ code: 'aborted' });
  });

  const largePdf = () => makePdf(Array.from({ length: 200 }, (_, index) => Array.from({ length: 40 }, (_, line) => `Page ${index + 1} line ${line + 1} with some words`)));

  test('a file that needs more memory than the worker may use is stopped with a clear error', async () => {
    await expect(parseDocument(await largePdf(), 'huge.pdf', { limits: { maxMemoryMb: 8 } })).rejects.toMatchObject({
      code: 'invalid-request',
      message: '"huge.pdf" needs more than 8 MB of memory to read, so Baton stopped. Split it or export it as plain text.',
    });
  });

  test('the event loop keeps running while a large PDF is parsed', async () => {
    const pdf = await largePdf();
    let longestPause = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longestPause = Math.max(longestPause, now - last);
      last = now;
    }, 5);
    const document = await parseDocument(pdf, 'big.pdf');
    clearInterval(timer);
    expect(document.pageCount).toBe(200);
    expect(document.blocks.at(-1)).toMatchObject({ page: 200 });
    // Parsing it on this thread blocks for well over a second; 500 ms leaves room for a busy machine.
    expect(longestPause).toBeLessThan(500);
  });
});
