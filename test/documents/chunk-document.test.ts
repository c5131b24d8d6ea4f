import { describe, expect, test } from 'vitest';
import { chunkDocument } from '../../electron/core/documents/chunking/chunk-document.js';
import { chunkContent } from '../../electron/core/documents/chunking/document-chunk.js';
import { splitSentences } from '../../electron/core/documents/chunking/sentence-splitting.js';
import type { DocumentBlock, ParsedDocument } from '../../electron/core/documents/parsing/parsed-document.js';

/** A paragraph of exactly `length` characters: a repeated word, ending with a full stop. */
function paragraph(word: string, length: number): string {
  return `${`${word} `.repeat(length).slice(0, length - 1)}.`;
}

function document(blocks: DocumentBlock[], title?: string): ParsedDocument {
  return { name: 'test.md', kind: 'markdown', blocks, ...(title ? { title } : {}) };
}

const heading = (text: string, level: number, headings: string[], page?: number): DocumentBlock => ({ kind: 'heading', text, level, headings: [...headings, text], ...(page ? { page } : {}) });
const text = (content: string, headings: string[], page?: number): DocumentBlock => ({ kind: 'paragraph', text: content, headings, ...(page ? { page } : {}) });

describe('chunkDocument', () => {
  test('paragraphs are packed whole; one that does not fit starts the next chunk, with the section path in front', () => {
    const path = ['Methods'];
    const first = paragraph('alpha', 500);
    const second = paragraph('beta', 500);
    const third = paragraph('gamma', 500);
    const chunks = chunkDocument(document([heading('Methods', 1, []), text(first, path), text(second, path), text(third, path)]), { maxCharacters: 1200 });
    expect(chunks.map(({ position, headings, innerHeadings, text: body }) => ({ position, headings, innerHeadings, body }))).toEqual([
      { position: 0, headings: ['Methods'], innerHeadings: [], body: `${first}\n\n${second}` },
      { position: 1, headings: ['Methods'], innerHeadings: [], body: third },
    ]);
    // "Methods", a blank line, then 500 + 2 + 500 characters of text.
    expect(chunkContent(chunks[0]!)).toBe(`Methods\n\n${first}\n\n${second}`);
    expect(chunkContent(chunks[0]!)).toHaveLength(1011);
  });

  test('the section path counts within the budget: text that fits alone does not fit under a long path', () => {
    const body = paragraph('delta', 1150);
    const short = chunkDocument(document([text(body, ['Data'])]), { maxCharacters: 1200 });
    expect(short.map((chunk) => chunk.text)).toEqual([body]);
    const long = chunkDocument(document([text(body, ['Experimental Setup', 'Evaluation Protocol and Metrics'])]), { maxCharacters: 1200 });
    expect(long.length).toBe(2);
    for (const chunk of long) expect(chunkContent(chunk).length).toBeLessThanOrEqual(1200);
  });

  test('a section that fits starts inside the chunk, its heading a line of the text; one that does not starts a chunk under its own path', () => {
    const intro = paragraph('intro', 300);
    const data = paragraph('data', 300);
    const results = paragraph('results', 900);
    const chunks = chunkDocument(
      document([
        heading('Introduction', 2, []),
        text(intro, ['Introduction']),
        heading('Data', 2, []),
        text(data, ['Data']),
        heading('Results', 2, []),
        text(results, ['Results']),
      ]),
      { maxCharacters: 1200 },
    );
    expect(chunks.map(({ headings, innerHeadings, text: body }) => ({ headings, innerHeadings, body }))).toEqual([
      { headings: ['Introduction'], innerHeadings: ['Data'], body: `${intro}\n\nData\n\n${data}` },
      { headings: ['Results'], innerHeadings: [], body: results },
    ]);
  });

  test("the document's title is left out of every section path", () => {
    const chunks = chunkDocument(
      document([heading('A Study of Sleep', 1, []), heading('Methods', 2, ['A Study of Sleep']), text('We asked forty people.', ['A Study of Sleep', 'Methods'])], 'A Study of Sleep'),
    );
    expect(chunks.map(({ headings, text: body }) => ({ headings, body }))).toEqual([{ headings: ['Methods'], body: 'We asked forty people.' }]);
  });

  test('a paragraph longer than a chunk is cut at sentence ends, each piece as full as the budget allows', () => {
    const sentences = Array.from({ length: 30 }, (_, index) => `Sentence number ${String(index).padStart(2, '0')} says something about the results we measured here.`);
    const long = sentences.join(' ');
    expect(long.length).toBe(2099);
    const chunks = chunkDocument(document([text(long, ['Results'])]), { maxCharacters: 1200 });
    // 1,200 less "Results" and a blank line leaves 1,191 characters: 17 sentences of 69 and 16 spaces (1,189).
    expect(chunks.map((chunk) => chunk.text)).toEqual([sentences.slice(0, 17).join(' '), sentences.slice(17, 30).join(' ')]);
    expect(chunks.map((chunk) => chunkContent(chunk).length)).toEqual([1198, 918]);
  });

  test('a sentence longer than a chunk is cut at a space', () => {
    const words = Array.from({ length: 300 }, (_, index) => `w${index}`).join(' ');
    const chunks = chunkDocument(document([text(words, [])]), { maxCharacters: 500 });
    expect(chunks.map((chunk) => chunk.text).join(' ')).toBe(words);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(500);
      expect(chunk.text).toMatch(/^w\d+( w\d+)*$/);
    }
  });

  test('each chunk keeps the pages of its blocks', () => {
    const chunks = chunkDocument(
      document([
        text(paragraph('one', 400), [], 1),
        text(paragraph('two', 400), [], 2),
        text(paragraph('three', 700), [], 2),
        text(paragraph('four', 300), [], 3),
      ]),
      { maxCharacters: 1200 },
    );
    expect(chunks.map((chunk) => chunk.pages)).toEqual([[1, 2], [2, 3]]);
  });

  test('list items and table rows run on line by line', () => {
    const chunks = chunkDocument(
      document([
        text('Ingredients:', []),
        { kind: 'list-item', text: 'flour', headings: [] },
        { kind: 'list-item', text: 'water', headings: [] },
        { kind: 'table-row', text: 'a | 1', cells: ['a', '1'], headings: [] },
        { kind: 'table-row', text: 'b | 2', cells: ['b', '2'], headings: [] },
      ]),
    );
    expect(chunks.map((chunk) => chunk.text)).toEqual(['Ingredients:\n\nflour\nwater\n\na | 1\nb | 2']);
  });

  test('the same document gives the same chunks, every one within the budget', () => {
    const blocks: DocumentBlock[] = [];
    for (let section = 0; section < 12; section++) {
      blocks.push(heading(`Section ${section}`, 2, []));
      for (let index = 0; index < 5; index++) blocks.push(text(paragraph(`s${section}p${index}`, 150 + ((section * 7 + index * 13) % 9) * 180), [`Section ${section}`]));
    }
    const first = chunkDocument(document(blocks));
    expect(chunkDocument(document(blocks))).toEqual(first);
    for (const chunk of first) expect(chunkContent(chunk).length).toBeLessThanOrEqual(1200);
    expect(first.map((chunk) => chunk.position)).toEqual(first.map((_, index) => index));
  });
});

describe('splitSentences', () => {
  test.each([
    ['One. Two! Three? Four', ['One. ', 'Two! ', 'Three? ', 'Four']],
    ['As shown in Fig. 3 and by Smith et al. (2020), it works. Next.', ['As shown in Fig. 3 and by Smith et al. (2020), it works. ', 'Next.']],
    ['We use e.g. BERT. J. Smith agreed.', ['We use e.g. BERT. ', 'J. Smith agreed.']],
    ['It costs approx. two dollars. "Quoted." Then', ['It costs approx. two dollars. ', '"Quoted." ', 'Then']],
    ['No full stop at all', ['No full stop at all']],
  ])('%s', (paragraphText, expected) => {
    expect(splitSentences(paragraphText)).toEqual(expected);
    expect(splitSentences(paragraphText).join('')).toBe(paragraphText);
  });
});
