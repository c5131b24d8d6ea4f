import { describe, expect, test } from 'vitest';
import { citedPassages, type CitablePassage } from '../../electron/core/documents/analysis/citation-markers.js';
import { passageLabel } from '../../electron/core/documents/analysis/passage-labels.js';

const passages: CitablePassage[] = [
  { documentName: 'report.pdf', pages: [3], headings: ['Results'], position: 4 },
  { documentName: 'report.pdf', pages: [4, 5], headings: ['Results'], position: 5 },
  { documentName: 'notes.md', pages: [], line: 12, headings: ['Visit'], position: 0 },
  { documentName: 'page.html', pages: [], headings: ['Methods', 'Data'], position: 2 },
  { documentName: 'plain.txt', pages: [], headings: [], position: 6 },
];

describe('passage labels', () => {
  test.each([
    [0, 'report.pdf, page 3'],
    [1, 'report.pdf, pages 4-5'],
    [2, 'notes.md, line 12'],
    [3, 'page.html, Methods > Data'],
    [4, 'plain.txt, passage 7'],
  ])('passage %i is labelled %s', (index, label) => {
    expect(passageLabel(passages[index]!.documentName, passages[index]!)).toBe(label);
  });
});

describe('citation markers', () => {
  test.each([
    ['the label as given', 'It rose [report.pdf, page 3].', [0]],
    ['any case and spacing', 'It rose [Report.PDF,   Page 3].', [0]],
    ['"p." and a page inside a range', 'It fell [report.pdf, p. 5].', [1]],
    ['a range as labelled', 'It fell [report.pdf, pages 4-5].', [1]],
    ['several in one bracket, in order of citing', 'Both [report.pdf, page 4; report.pdf, page 3].', [1, 0]],
    ['each passage once', '[notes.md, line 12] and again [notes.md, line 12].', [2]],
    ['a section label', 'See [page.html, Methods > Data].', [3]],
    ['a passage number', 'See [plain.txt, passage 7].', [4]],
    ['an invented document or page', 'See [other.pdf, page 3] and [report.pdf, page 9].', []],
    ['no markers', 'It rose by forty minutes.', []],
    ['a bracket that is not a citation', 'The list [1, 2, 3] is not one.', []],
  ])('%s', (_, answer, expected) => {
    expect(citedPassages(answer, passages)).toEqual(expected);
  });
});
