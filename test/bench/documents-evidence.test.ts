import { describe, expect, test } from 'vitest';
import { holdsEvidence, normalizeWhitespace } from '../../bench/documents-evidence.js';
import { firstEvidenceRank } from '../../bench/documents-recall.js';

/** `length` characters of numbered words, so every run of the text is found in one place only. */
function words(from: number, length: number): string {
  let text = '';
  for (let index = from; text.length < length; index++) text += `w${index} `;
  return text.slice(0, length);
}

describe('documents bench: a chunk holds an evidence paragraph', () => {
  const paragraph = words(0, 1500);

  test('whole, on normalised white space', () => {
    expect(holdsEvidence(normalizeWhitespace(`Intro\n\n${paragraph}\n\nmore`), normalizeWhitespace(paragraph))).toBe(true);
    expect(holdsEvidence('a b c', 'a  b\nc')).toBe(false);
    expect(holdsEvidence('a b c', normalizeWhitespace('a  b\nc'))).toBe(true);
  });

  test('a piece of a split paragraph counts from 600 characters in one run', () => {
    expect(holdsEvidence(`Heading ${paragraph.slice(0, 600)}`, paragraph)).toBe(true);
    expect(holdsEvidence(`${paragraph.slice(0, 599)}#tail`, paragraph)).toBe(false);
    expect(holdsEvidence(`head ${paragraph.slice(700, 1400)} tail`, paragraph)).toBe(true);
    // Two runs of 400 apart do not add up.
    expect(holdsEvidence(`${paragraph.slice(0, 400)}#gap#${paragraph.slice(800, 1200)}`, paragraph)).toBe(false);
  });

  test('a short paragraph counts only whole', () => {
    const short = words(5000, 500);
    expect(holdsEvidence(short.slice(0, 499), short)).toBe(false);
  });

  test('the rank of the first chunk holding any of the evidence', () => {
    const chunk = (text: string) => ({ position: 0, headings: ['Results'], innerHeadings: [], text, pages: [] });
    const evidence = [words(100, 300), words(9000, 300)];
    expect(firstEvidenceRank([chunk('nothing'), chunk(`x ${evidence[1]} y`), chunk(evidence[0]!)], evidence)).toBe(2);
    expect(firstEvidenceRank([chunk('nothing')], evidence)).toBeUndefined();
  });
});
