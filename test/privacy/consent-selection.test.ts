import { describe, expect, it } from 'vitest';
import { payloadSegments, selectedTerm } from '../../renderer/src/lib/consent-selection.js';

/** The consent dialog's selection rules: what a selection in the redacted payload asks the core to redact. */
const placeholders = [
  { placeholder: '⟦PERSON_1⟧', value: 'Ann Lee' },
  { placeholder: '⟦EMAIL_1⟧', value: 'ann@example.com' },
];
const content = 'Ask ⟦PERSON_1⟧ about project Falcon-9, then mail ⟦EMAIL_1⟧.';

function select(text: string, occurrence = 0): [number, number] {
  let start = -1;
  for (let index = 0; index <= occurrence; index += 1) start = content.indexOf(text, start + 1);
  if (start === -1) throw new Error(`"${text}" is not in the content`);
  return [start, start + text.length];
}

describe('consent dialog selections', () => {
  it('splits a message into text and placeholders with their values, losing nothing', () => {
    const segments = payloadSegments(content, placeholders);
    expect(segments).toEqual([
      { kind: 'text', text: 'Ask ' },
      { kind: 'placeholder', text: '⟦PERSON_1⟧', value: 'Ann Lee' },
      { kind: 'text', text: ' about project Falcon-9, then mail ' },
      { kind: 'placeholder', text: '⟦EMAIL_1⟧', value: 'ann@example.com' },
      { kind: 'text', text: '.' },
    ]);
    expect(segments.map((segment) => segment.text).join('')).toBe(content);
    expect(payloadSegments('⟦CUSTOM_3⟧', [])).toEqual([{ kind: 'placeholder', text: '⟦CUSTOM_3⟧', value: undefined }]);
  });

  it.each([
    ['a whole word', 'Falcon', 0, 'Falcon'],
    ['part of a word, widened to the word', 'alco', 0, 'Falcon'],
    ['spaces and punctuation at the edges, dropped', ' Falcon-9, ', 0, 'Falcon-9'],
    ['across a placeholder, which is put back to its value', 'PERSON_1⟧ about', 0, 'Ann Lee about'],
    ['two words', 'project Falc', 0, 'project Falcon'],
  ])('%s', (_case, text, occurrence, term) => {
    const [start, end] = select(text, occurrence);
    expect(selectedTerm(content, start, end, placeholders)).toBe(term);
    // Selected backwards (focus before anchor): the same term.
    expect(selectedTerm(content, end, start, placeholders)).toBe(term);
  });

  it.each([
    ['nothing', ' ', undefined],
    ['punctuation only', ', ', undefined],
    ['only a placeholder: it is redacted already', '⟦EMAIL_1⟧', undefined],
  ])('%s redacts nothing', (_case, text, term) => {
    const [start, end] = select(text);
    expect(selectedTerm(content, start, end, placeholders)).toBe(term);
  });
});
