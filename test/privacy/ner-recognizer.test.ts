import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { groupEntities, type TokenPrediction } from '../../electron/core/privacy/ner/entity-grouping.js';
import { findInstalledNerModel } from '../../electron/core/privacy/ner/installed-ner-model.js';
import { loadNerCatalog } from '../../electron/core/privacy/ner/ner-catalog.js';
import { entityTypeForLabel, parseLabel } from '../../electron/core/privacy/ner/ner-label-map.js';
import { NerRecognizer } from '../../electron/core/privacy/ner/ner-recognizer.js';
import { alignTokens, continuesWord } from '../../electron/core/privacy/ner/token-alignment.js';
import { centrality, tokenWindows } from '../../electron/core/privacy/ner/token-windows.js';
import { BatonError } from '../../electron/shared/errors.js';
import type { Span } from '../../electron/shared/privacy.js';

/** The tiny trained BERT token classifier (labels PER, LOC, EMAIL, PHONE; 128 positions). */
const tinyNerPath = fileURLToPath(new URL('../../../shared/models/tiny-pii-ner', import.meta.url));

function described(text: string, spans: Span[]) {
  return spans.map((span) => ({ type: span.type, start: span.start, end: span.end, text: text.slice(span.start, span.end) }));
}

describe('NER on tiny-pii-ner (what the model really outputs)', () => {
  const ner = new NerRecognizer({ modelPath: tinyNerPath });
  afterAll(() => ner.dispose());

  it.each([
    [
      'My name is John Smith and I live in Paris.',
      [
        { type: 'PERSON', start: 11, end: 21, text: 'John Smith' },
        { type: 'LOCATION', start: 36, end: 41, text: 'Paris' },
      ],
    ],
    [
      'Please call Maria Garcia at 555-123-4567.',
      [
        { type: 'PERSON', start: 12, end: 24, text: 'Maria Garcia' },
        { type: 'PHONE', start: 28, end: 40, text: '555-123-4567' },
      ],
    ],
    [
      'Dear Sophie, the invoice was sent to emma.wilson@acme.io.',
      [
        { type: 'PERSON', start: 5, end: 11, text: 'Sophie' },
        { type: 'EMAIL', start: 37, end: 56, text: 'emma.wilson@acme.io' },
      ],
    ],
    // Accents are stripped by the tokenizer; the spans still point at the original characters.
    [
      'Hi, this is José Müller from Zürich.',
      [
        { type: 'PERSON', start: 12, end: 23, text: 'José Müller' },
        { type: 'LOCATION', start: 29, end: 35, text: 'Zürich' },
      ],
    ],
    ['The report was sent today.', []],
  ])('%s', async (text, expected) => {
    const spans = await ner.analyze(text);
    expect(described(text, spans)).toEqual(expected);
    for (const span of spans) {
      expect(span.source).toBe('ner');
      expect(span.score).toBeGreaterThan(0.99);
    }
  });

  const filler = 'The report was sent today . Thanks for the new project report . We will visit the office tomorrow . ';
  const longText = `${filler.repeat(8)}Our team visited Berlin .`;

  it('cuts a text longer than the model’s 128 positions into overlapping windows and still finds an entity at the end', async () => {
    // 165 tokens; windows of 24 (the tiny model was trained on short sentences), 6 overlapping.
    const windowed = new NerRecognizer({ modelPath: tinyNerPath, maxWindowTokens: 24, overlapTokens: 6, batchSize: 3 });
    try {
      const spans = await windowed.analyze(longText);
      expect(described(longText, spans).at(-1)).toEqual({ type: 'LOCATION', start: 817, end: 823, text: 'Berlin' });
    } finally {
      await windowed.dispose();
    }
    // With windows as wide as the model allows, the last tokens are still classified (not truncated at 128).
    const spans = await ner.analyze(longText);
    expect(spans.some((span) => span.start <= longText.indexOf('Berlin') && span.end >= longText.indexOf('Berlin') + 6)).toBe(true);
  });

  it('gives the same spans whatever the batch size (padding does not change the answer)', async () => {
    const one = new NerRecognizer({ modelPath: tinyNerPath, maxWindowTokens: 24, batchSize: 1 });
    const eight = new NerRecognizer({ modelPath: tinyNerPath, maxWindowTokens: 24, batchSize: 8 });
    try {
      const text = `${longText} Please call Maria Garcia at 555-123-4567.`;
      const [single, batched] = await Promise.all([one.analyze(text), eight.analyze(text)]);
      expect(described(text, batched)).toEqual(described(text, single));
    } finally {
      await Promise.all([one.dispose(), eight.dispose()]);
    }
  });

  it('fails with a clear error when the folder holds no model, and tries again next time', async () => {
    const missing = new NerRecognizer({ modelPath: '/nonexistent/ner-model' });
    const failure = await missing.analyze('John').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BatonError);
    expect(failure).toMatchObject({ code: 'model-not-found' });
    await expect(missing.analyze('John')).rejects.toMatchObject({ code: 'model-not-found' });
  });

  it('returns nothing for empty or blank text without loading anything', async () => {
    expect(await new NerRecognizer({ modelPath: '/nonexistent' }).analyze('  \n')).toEqual([]);
  });
});

describe('NER building blocks', () => {
  it.each([
    ['B-PER', 'PERSON'],
    ['I-PERSON', 'PERSON'],
    ['PER', 'PERSON'],
    ['S-LOC', 'LOCATION'],
    ['B-GPE', 'LOCATION'],
    ['I-LOCATION', 'LOCATION'],
    ['E-ORG', 'ORGANIZATION'],
    ['B-EMAIL', 'EMAIL'],
    ['I-PHONE', 'PHONE'],
    ['B-TELEPHONENUM', 'PHONE'],
    ['B-FIRSTNAME', 'PERSON'],
    ['B-MISC', undefined],
    ['B-DATE', undefined],
    ['O', undefined],
  ])('label %s → %s', (label, type) => {
    expect(entityTypeForLabel(label)).toBe(type);
  });

  it('parses BIOES positions', () => {
    expect(parseLabel('b-per')).toEqual({ position: 'B', tag: 'PER' });
    expect(parseLabel('E_LOC')).toEqual({ position: 'E', tag: 'LOC' });
    expect(parseLabel('O')).toEqual({ position: 'O', tag: '' });
  });

  it('finds WordPiece tokens again in the original text, accents and unknown characters included', () => {
    const text = 'Zoë  Ünal, 😀 ok';
    const offsets = alignTokens(text, ['zoe', 'u', '##nal', ',', '[UNK]', 'o', '##k'], '[UNK]');
    expect(offsets.map(({ start, end }) => text.slice(start, end))).toEqual(['Zoë', 'Ü', 'nal', ',', '😀', 'o', 'k']);
    expect(offsets.map((offset) => offset.matched)).toEqual([true, true, true, true, false, true, true]);
  });

  it('finds SentencePiece and byte-level BPE tokens', () => {
    const text = 'Hello Anna Lee';
    expect(alignTokens(text, ['\u2581Hello', '\u2581An', 'na', '\u2581Lee']).map(({ start, end }) => [start, end])).toEqual([
      [0, 5],
      [6, 8],
      [8, 10],
      [11, 14],
    ]);
    expect(alignTokens(text, ['Hello', '\u0120Anna', '\u0120Lee']).map(({ start, end }) => [start, end])).toEqual([
      [0, 5],
      [6, 10],
      [11, 14],
    ]);
  });

  it('tells word pieces apart from new words', () => {
    const text = 'Ann-Marie O’Neil';
    const [ann, dash, marie] = alignTokens(text, ['ann', '-', 'marie']);
    expect(continuesWord(text, ann!, dash!)).toBe(false);
    expect(continuesWord(text, dash!, marie!)).toBe(false);
    const [first, second] = alignTokens('Johnson', ['john', '##son']);
    expect(continuesWord('Johnson', first!, second!)).toBe(true);
  });

  it('cuts tokens into overlapping windows that cover everything', () => {
    expect(tokenWindows(0, 10, 2)).toEqual([]);
    expect(tokenWindows(8, 10, 2)).toEqual([{ start: 0, end: 8 }]);
    expect(tokenWindows(25, 10, 3)).toEqual([
      { start: 0, end: 10 },
      { start: 7, end: 17 },
      { start: 14, end: 24 },
      { start: 21, end: 25 },
    ]);
    // Token 9 is the last of the first window and well inside the second: the second decides.
    expect(centrality({ start: 0, end: 10 }, 9, 25)).toBeLessThan(centrality({ start: 7, end: 17 }, 9, 25));
    // At the text's own start there is no missing context.
    expect(centrality({ start: 0, end: 10 }, 0, 25)).toBe(9);
  });

  it('merges BIO labels into spans and widens a span cut inside a word to the whole word', () => {
    const text = 'Call Johnson at Acme Labs';
    const tokens = ['call', 'john', '##son', 'at', 'acme', 'labs'];
    const offsets = alignTokens(text, tokens);
    const labels = ['O', 'O', 'B-PER', 'O', 'B-ORG', 'I-ORG'];
    const predictions: TokenPrediction[] = offsets.map((offset, index) => ({ label: labels[index] ?? 'O', score: 0.8, offset }));
    expect(described(text, groupEntities(text, predictions))).toEqual([
      { type: 'PERSON', start: 5, end: 12, text: 'Johnson' },
      { type: 'ORGANIZATION', start: 16, end: 25, text: 'Acme Labs' },
    ]);
  });

  it('starts a new entity on B, continues on I of the same type, and ignores MISC', () => {
    const text = 'Ann Bo Rome EU';
    const offsets = alignTokens(text, ['ann', 'bo', 'rome', 'eu']);
    const labels = ['B-PER', 'B-PER', 'I-LOC', 'B-MISC'];
    const predictions = offsets.map((offset, index) => ({ label: labels[index] ?? 'O', score: 0.9, offset }));
    expect(described(text, groupEntities(text, predictions)).map((span) => span.text)).toEqual(['Ann', 'Bo', 'Rome']);
  });

  it('lists real downloadable models in the NER catalog and finds an installed one', () => {
    const catalog = loadNerCatalog();
    expect(catalog.map((entry) => entry.repo)).toEqual(['Xenova/bert-base-NER', 'Xenova/bert-base-multilingual-cased-ner-hrl']);
    expect(findInstalledNerModel({ nerModelPath: tinyNerPath, dataDir: '/nonexistent', catalog })).toEqual({ path: tinyNerPath, dtype: 'fp32' });
    expect(findInstalledNerModel({ dataDir: '/nonexistent', catalog })).toBeUndefined();
  });
});
