import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { parseDocumentInProcess } from '../../electron/core/documents/parsing/parse-document-in-process.js';
import { decodeText } from '../../electron/core/documents/parsing/text-decoding.js';

const binaryMessage =
  'is a binary file, not text, and Baton cannot read it. Attach a PDF, Word document (.docx), web page, Markdown, text, CSV, JSON or source file.';

describe('text encodings', () => {
  test.each([
    {
      case: 'UTF-8',
      bytes: Buffer.from('Grüße aus Köln — 東京', 'utf8'),
      text: 'Grüße aus Köln — 東京',
      encoding: 'utf-8',
    },
    {
      case: 'UTF-8 with a byte order mark',
      bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('café', 'utf8')]),
      text: 'café',
      encoding: 'utf-8',
    },
    {
      case: 'UTF-16LE with a byte order mark',
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Zoë and 日本', 'utf16le')]),
      text: 'Zoë and 日本',
      encoding: 'utf-16le',
    },
    {
      case: 'windows-1252 (a short French text, with the euro sign at 0x80)',
      bytes: Buffer.concat([Buffer.from('Le café coûte 3 ', 'latin1'), Buffer.from([0x80]), Buffer.from(' à la réception, déjà payé.\n', 'latin1')]),
      text: 'Le café coûte 3 € à la réception, déjà payé.\n',
      encoding: 'windows-1252',
    },
    {
      case: 'Shift_JIS',
      // "日本語の文書です。これは文字コードの自動検出を確かめるための短い文章です。東京の天気は晴れです。" encoded as Shift_JIS.
      bytes: Buffer.from(
        '93fa967b8cea82cc95b68f9182c582b7814282b182ea82cd95b68e9a8352815b836882cc8ea993ae8c9f8f6f82f08a6d82a982df82e982bd82df82cc925a82a295b68fcd82c582b78142938c8b9e82cc93568b4382cd90b082ea82c582b781420a',
        'hex',
      ),
      text: '日本語の文書です。これは文字コードの自動検出を確かめるための短い文章です。東京の天気は晴れです。\n',
      encoding: 'shift_jis',
    },
  ])('$case', async ({ bytes, text, encoding }) => {
    expect(await decodeText(new Uint8Array(bytes), 'file.txt')).toEqual({ text, encoding });
  });

  test("an HTML page's meta charset is believed before a guess", async () => {
    // Short Cyrillic text in windows-1251: too little for a sure guess, but the page says what it is.
    const html = Buffer.concat([
      Buffer.from('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body><p>'),
      Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]),
      Buffer.from('</p></body></html>'),
    ]);
    const document = await parseDocumentInProcess(new Uint8Array(html), 'hello.html');
    expect(document.encoding).toBe('windows-1251');
    expect(document.blocks.map((block) => block.text)).toEqual(['Привет']);
  });

  test('the encoding is kept on the parsed document', async () => {
    const document = await parseDocumentInProcess(new Uint8Array(Buffer.from('name,city\nRenée,Zürich\n', 'latin1')), 'people.csv');
    expect(document.encoding).toBe('windows-1252');
    expect(document.blocks[1]?.cells).toEqual(['Renée', 'Zürich']);
  });
});

describe('binary files', () => {
  test('a file with NUL bytes is refused with a message that names it', async () => {
    const bytes = new Uint8Array(randomBytes(4096));
    bytes[10] = 0;
    await expect(parseDocumentInProcess(bytes, 'photo.txt')).rejects.toMatchObject({ code: 'invalid-request', message: `"photo.txt" ${binaryMessage}` });
  });

  test('a file of control characters without NUL bytes is refused too', async () => {
    const bytes = new Uint8Array(2000).map((_, index) => 1 + (index % 8));
    await expect(parseDocumentInProcess(bytes, 'data.bin')).rejects.toMatchObject({ message: `"data.bin" ${binaryMessage}` });
  });

  test('a zip or executable named as source code is refused', async () => {
    const bytes = new Uint8Array(Buffer.concat([Buffer.from('\u007fELF'), Buffer.alloc(64)]));
    await expect(parseDocumentInProcess(bytes, 'tool.js')).rejects.toMatchObject({ message: `"tool.js" ${binaryMessage}` });
  });
});
