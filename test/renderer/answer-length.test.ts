import { describe, expect, it } from 'vitest';
import { answerLengthChoices, answerLengthOf } from '../../renderer/src/lib/answer-length.js';

describe('the answer length of a conversation', () => {
  it('offers the default from Settings and four sizes, plus a chosen length that is none of them', () => {
    expect(answerLengthChoices(1024, null)).toEqual([
      { value: '', label: 'Default length (1,024 tokens)' },
      { value: '256', label: 'Short (256 tokens)' },
      { value: '1024', label: 'Medium (1,024 tokens)' },
      { value: '4096', label: 'Long (4,096 tokens)' },
      { value: '16384', label: 'Very long (16,384 tokens)' },
    ]);
    expect(answerLengthChoices(undefined, 16).map((choice) => choice.label)).toEqual([
      'Default length',
      'Short (256 tokens)',
      'Medium (1,024 tokens)',
      'Long (4,096 tokens)',
      'Very long (16,384 tokens)',
      '16 tokens',
    ]);
  });

  it('reads the select back: the default is null, anything else its token count', () => {
    expect(answerLengthOf('')).toBeNull();
    expect(answerLengthOf('4096')).toBe(4096);
    expect(answerLengthOf('abc')).toBeNull();
  });
});
