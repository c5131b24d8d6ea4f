/**
 * CSV and TSV: one table-row block per record, the first record as the header row (its cells are
 * the document's columns). Quoted fields with delimiters, doubled quotes and line breaks inside
 * follow RFC 4180; a hand-written reader of 30 lines rather than a dependency, since nothing more
 * than records is needed here.
 */
import type { DocumentBlock } from './parsed-document.js';

export interface DelimitedContent {
  blocks: DocumentBlock[];
  columns: string[];
}

export function delimitedBlocks(text: string, delimiter: ',' | '\t'): DelimitedContent {
  const blocks: DocumentBlock[] = [];
  let columns: string[] = [];
  for (const record of records(text, delimiter)) {
    if (record.cells.every((cell) => cell.trim().length === 0)) continue;
    const header = blocks.length === 0;
    if (header) columns = record.cells;
    blocks.push({ kind: 'table-row', text: record.cells.join(' | '), cells: record.cells, headings: [], line: record.line, ...(header ? { header } : {}) });
  }
  return { blocks, columns };
}

function* records(text: string, delimiter: string): Generator<{ cells: string[]; line: number }> {
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (character === '"') quoted = false;
      else {
        if (character === '\n') line++;
        cell += character;
      }
    } else if (character === '"' && cell.length === 0) quoted = true;
    else if (character === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[index + 1] === '\n') index++;
      cells.push(cell);
      yield { cells, line: recordLine };
      cells = [];
      cell = '';
      line++;
      recordLine = line;
    } else cell += character;
  }
  if (cell.length > 0 || cells.length > 0) {
    cells.push(cell);
    yield { cells, line: recordLine };
  }
}
