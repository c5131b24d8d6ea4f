import { describe, expect, test } from 'vitest';
import { parseDocumentInProcess } from '../../electron/core/documents/parsing/parse-document-in-process.js';
import type { DocumentBlock } from '../../electron/core/documents/parsing/parsed-document.js';

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const parse = (text: string, name: string) => parseDocumentInProcess(bytes(text), name);
/** The fields a test compares, without the ones it does not set. */
const shape = ({ kind, text, headings, level, line, cells, header }: DocumentBlock) =>
  Object.fromEntries(Object.entries({ kind, text, headings, level, line, cells, header }).filter(([, value]) => value !== undefined));

describe('HTML', () => {
  test('headings, paragraphs, list items and table rows kept; scripts, styles and the head dropped', async () => {
    const html = `<!doctype html><html><head><title>Trip &amp; Notes</title><style>p { color: red }</style>
      <script>var secret = "do not read";</script></head>
      <body><nav>Home</nav><h1>Travel</h1><p>We left on <b>Monday</b>
        at dawn.</p><ul><li>Passport</li><li>Tickets</li></ul>
      <h2>Costs</h2><table><thead><tr><th>Item</th><th>Price</th></tr></thead><tbody><tr><td>Hotel</td><td>120 &euro;</td></tr></tbody></table>
      <script>alert("no")</script><div hidden>Never shown</div><template><p>Not rendered</p></template><pre>  indented
  code</pre></body></html>`;
    const document = await parse(html, 'trip.html');
    expect(document.kind).toBe('html');
    expect(document.title).toBe('Trip & Notes');
    expect(document.blocks.map(shape)).toEqual([
      { kind: 'paragraph', text: 'Home', headings: [] },
      { kind: 'heading', text: 'Travel', level: 1, headings: ['Travel'] },
      { kind: 'paragraph', text: 'We left on Monday at dawn.', headings: ['Travel'] },
      { kind: 'list-item', text: 'Passport', headings: ['Travel'] },
      { kind: 'list-item', text: 'Tickets', headings: ['Travel'] },
      { kind: 'heading', text: 'Costs', level: 2, headings: ['Travel', 'Costs'] },
      { kind: 'table-row', text: 'Item | Price', cells: ['Item', 'Price'], header: true, headings: ['Travel', 'Costs'] },
      { kind: 'table-row', text: 'Hotel | 120 €', cells: ['Hotel', '120 €'], headings: ['Travel', 'Costs'] },
      { kind: 'code', text: '  indented\n  code', headings: ['Travel', 'Costs'] },
    ]);
  });
});

describe('Markdown', () => {
  test('headings from # lines (not inside code fences), lists, tables and paragraphs with their lines', async () => {
    const markdown = [
      '# Guide', // 1
      '', // 2
      'First paragraph', // 3
      'continues here.', // 4
      '', // 5
      '## Install', // 6
      '- download it', // 7
      '2. run it', // 8
      '```sh', // 9
      '# not a heading', // 10
      '```', // 11
      '| Key | Value |', // 12
      '|-----|-------|', // 13
      '| a | 1 |', // 14
      '# Usage #', // 15
      'Done.', // 16
    ].join('\n');
    const document = await parse(markdown, 'guide.md');
    expect(document.title).toBe('Guide');
    expect(document.blocks.map(shape)).toEqual([
      { kind: 'heading', text: 'Guide', level: 1, headings: ['Guide'], line: 1 },
      { kind: 'paragraph', text: 'First paragraph continues here.', headings: ['Guide'], line: 3 },
      { kind: 'heading', text: 'Install', level: 2, headings: ['Guide', 'Install'], line: 6 },
      { kind: 'list-item', text: 'download it', headings: ['Guide', 'Install'], line: 7 },
      { kind: 'list-item', text: 'run it', headings: ['Guide', 'Install'], line: 8 },
      { kind: 'code', text: '# not a heading', headings: ['Guide', 'Install'], line: 10 },
      { kind: 'table-row', text: 'Key | Value', cells: ['Key', 'Value'], header: true, headings: ['Guide', 'Install'], line: 12 },
      { kind: 'table-row', text: 'a | 1', cells: ['a', '1'], headings: ['Guide', 'Install'], line: 14 },
      { kind: 'heading', text: 'Usage', level: 1, headings: ['Usage'], line: 15 },
      { kind: 'paragraph', text: 'Done.', headings: ['Usage'], line: 16 },
    ]);
  });

  test('setext headings (underlined with === or ---); a thematic break is no text', async () => {
    const document = await parse('Title\n=====\n\nIntro text.\n\n***\n\nPart\n----\nBody.\n', 'setext.md');
    expect(document.blocks.map(shape)).toEqual([
      { kind: 'heading', text: 'Title', level: 1, headings: ['Title'], line: 1 },
      { kind: 'paragraph', text: 'Intro text.', headings: ['Title'], line: 4 },
      { kind: 'heading', text: 'Part', level: 2, headings: ['Title', 'Part'], line: 8 },
      { kind: 'paragraph', text: 'Body.', headings: ['Title', 'Part'], line: 10 },
    ]);
  });
});

describe('CSV and TSV', () => {
  test('one row per record, the header known, quoted commas, quotes and line breaks kept', async () => {
    const csv = 'name,city,note\r\nAda,"London, UK","said ""hi"""\r\n\r\nLin,Taipei,"two\nlines"\r\n';
    const document = await parse(csv, 'people.csv');
    expect(document.kind).toBe('csv');
    expect(document.columns).toEqual(['name', 'city', 'note']);
    expect(document.blocks.map(shape)).toEqual([
      { kind: 'table-row', text: 'name | city | note', cells: ['name', 'city', 'note'], header: true, headings: [], line: 1 },
      { kind: 'table-row', text: 'Ada | London, UK | said "hi"', cells: ['Ada', 'London, UK', 'said "hi"'], headings: [], line: 2 },
      { kind: 'table-row', text: 'Lin | Taipei | two\nlines', cells: ['Lin', 'Taipei', 'two\nlines'], headings: [], line: 4 },
    ]);
  });

  test('TSV splits at tabs', async () => {
    const document = await parse('id\tvalue\n1\tone, two\n', 'data.tsv');
    expect(document.columns).toEqual(['id', 'value']);
    expect(document.blocks.map((block) => block.cells)).toEqual([['id', 'value'], ['1', 'one, two']]);
  });
});

describe('JSON, code and plain text', () => {
  test('JSON is pretty-printed', async () => {
    const document = await parse('{"name":"Baton","tags":["local","private"]}', 'config.json');
    expect(document.blocks.map(shape)).toEqual([
      { kind: 'code', text: '{\n  "name": "Baton",\n  "tags": [\n    "local",\n    "private"\n  ]\n}', headings: [], line: 1 },
    ]);
  });

  test('invalid JSON is an error that says what to do', async () => {
    await expect(parse('{"name": "Baton",}', 'broken.json')).rejects.toMatchObject({
      code: 'invalid-request',
      message: expect.stringMatching(/^"broken\.json" is not valid JSON \(.+\)\. Fix it, or attach it as a \.txt file to read it as plain text\.$/),
    });
  });

  test('source code keeps its indentation, its language and the line each block starts on', async () => {
    const source = 'def greet(name):\n    return f"hi {name}"\n\n\nclass Empty:\n    pass\n';
    const document = await parse(source, 'greet.py');
    expect(document.kind).toBe('code');
    expect(document.language).toBe('python');
    expect(document.blocks.map(shape)).toEqual([
      { kind: 'code', text: 'def greet(name):\n    return f"hi {name}"', headings: [], line: 1 },
      { kind: 'code', text: 'class Empty:\n    pass', headings: [], line: 5 },
    ]);
  });

  test('plain text splits into paragraphs at blank lines', async () => {
    const document = await parse('First line\nsecond line\n\n  Next paragraph  \n', 'notes.txt');
    expect(document).toMatchObject({ kind: 'text', encoding: 'utf-8' });
    expect(document.blocks.map(shape)).toEqual([
      { kind: 'paragraph', text: 'First line\nsecond line', headings: [], line: 1 },
      { kind: 'paragraph', text: 'Next paragraph', headings: [], line: 4 },
    ]);
  });

  test('a file with an unknown extension is read as text', async () => {
    expect((await parse('hello', 'README')).kind).toBe('text');
  });

  test('an empty or blank file is refused', async () => {
    await expect(parseDocumentInProcess(new Uint8Array(0), 'empty.txt')).rejects.toMatchObject({ message: '"empty.txt" is empty.' });
    await expect(parse('\n  \n', 'blank.md')).rejects.toMatchObject({ message: '"blank.md" holds no text.' });
  });

  test('a file over the size limit is refused before it is read', async () => {
    await expect(parseDocumentInProcess(new Uint8Array(3 * 1024 * 1024), 'big.txt', { limits: { maxBytes: 2 * 1024 * 1024 } })).rejects.toMatchObject({
      code: 'invalid-request',
      message: '"big.txt" is 3 MB; Baton reads files of up to 2 MB. Split it into smaller files.',
    });
  });
});
