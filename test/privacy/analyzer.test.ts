import { describe, expect, it } from 'vitest';
import { Analyzer, NO_NER_WARNING } from '../../electron/core/privacy/analyzer.js';
import type { Recognizer } from '../../electron/core/privacy/recognizer.js';
import { createPatternRecognizers } from '../../electron/core/privacy/recognizers/index.js';
import { SensitivityDetector } from '../../electron/core/privacy/sensitivity.js';
import { mergeOverlappingSpans } from '../../electron/core/privacy/span-merging.js';
import { BatonError } from '../../electron/shared/errors.js';
import type { EntityType, Span } from '../../electron/shared/privacy.js';

/** A recognizer that reports every occurrence of a literal with a fixed type and score. */
function literal(name: string, value: string, type: EntityType, score: number, contextWords?: string[]): Recognizer {
  return {
    name,
    ...(contextWords ? { contextWords } : {}),
    analyze(text) {
      const spans: Span[] = [];
      for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + 1)) {
        spans.push({ type, start: at, end: at + value.length, score, source: name });
      }
      return spans;
    },
  };
}

function found(result: { spans: Span[] }, text: string) {
  return result.spans.map((span) => ({ type: span.type, text: text.slice(span.start, span.end), score: Number(span.score.toFixed(2)), source: span.source }));
}

describe('analyzer: context boost and threshold', () => {
  const zip = literal('postal-code', '12345', 'POSTAL_CODE', 0.3, ['zip', 'postal code']);

  it.each([
    ['order 12345 shipped', []],
    ['zip 12345', [{ type: 'POSTAL_CODE', text: '12345', score: 0.65, source: 'postal-code' }]],
    ['My ZIP is 12345', [{ type: 'POSTAL_CODE', text: '12345', score: 0.65, source: 'postal-code' }]],
    ['the postal code, as we agreed, is 12345', [{ type: 'POSTAL_CODE', text: '12345', score: 0.65, source: 'postal-code' }]],
    // Whole words only, and only within 40 characters before the hit.
    ['unzip 12345', []],
    ['zip code? Far too long ago to remember now: 12345', []],
    ['12345 zip', []],
  ])('%s', async (text, expected) => {
    expect(found(await new Analyzer([zip]).analyze(text), text)).toEqual(expected);
  });

  it('takes the threshold, boost and window from the options, and caps scores at 1', async () => {
    const text = 'zip 12345';
    expect(found(await new Analyzer([zip], { scoreThreshold: 0.2 }).analyze('order 12345'), 'order 12345')).toHaveLength(1);
    expect(found(await new Analyzer([zip], { scoreThreshold: 0.7 }).analyze(text), text)).toEqual([]);
    expect(found(await new Analyzer([zip], { contextBoost: 0.9 }).analyze(text), text)[0]?.score).toBe(1);
    expect(found(await new Analyzer([zip], { contextWindow: 2 }).analyze(text), text)).toEqual([]);
  });
});

describe('analyzer: allow list, deny list, per-type switches', () => {
  const email = literal('email', 'help@acme.com', 'EMAIL', 0.9);
  const person = literal('ner', 'Ann', 'PERSON', 0.9);

  it('releases entity spans inside a never-redact term (whole words, any case), never a pattern hit', async () => {
    const place = literal('entity-classifier', 'Jersey', 'LOCATION', 0.9);
    const analyzer = new Analyzer([email], { allowList: ['help@acme.com', 'jersey city', 'Ann'], entityRecognizers: [person, place] });
    const text = 'Write to help@acme.com, says Ann from Jersey City.';
    expect(found(await analyzer.analyze(text), text)).toEqual([{ type: 'EMAIL', text: 'help@acme.com', score: 0.9, source: 'email' }]);
    const elsewhere = 'Ann moved to Jersey.';
    expect(found(await analyzer.analyze(elsewhere), elsewhere)).toEqual([{ type: 'LOCATION', text: 'Jersey', score: 0.9, source: 'entity-classifier' }]);
  });

  it('always flags deny-listed terms as CUSTOM: whole words, any case, past the threshold and switches', async () => {
    const analyzer = new Analyzer([], { denyList: ['Project Falcon', 'Acme'], disabledTypes: ['CUSTOM'], scoreThreshold: 1.1 });
    const text = 'project falcon for ACME, not Acmeville or Falconry.';
    expect(found(await analyzer.analyze(text), text)).toEqual([
      { type: 'CUSTOM', text: 'project falcon', score: 1, source: 'deny-list' },
      { type: 'CUSTOM', text: 'ACME', score: 1, source: 'deny-list' },
    ]);
  });

  it('lets a deny-listed term win over the allow list', async () => {
    const analyzer = new Analyzer([], { denyList: ['Acme'], allowList: ['Acme'] });
    expect((await analyzer.analyze('Acme')).spans).toHaveLength(1);
  });

  it('drops the types the person switched off', async () => {
    const analyzer = new Analyzer([email, person], { disabledTypes: ['PERSON'] });
    const text = 'Ann: help@acme.com';
    expect(found(await analyzer.analyze(text), text).map((span) => span.type)).toEqual(['EMAIL']);
  });
});

describe('analyzer: merging overlapping spans', () => {
  it('prefers a pattern span’s type over a model span’s, whatever the model’s score', async () => {
    const text = 'Mail ann@example.com';
    const analyzer = new Analyzer([literal('email', 'ann@example.com', 'EMAIL', 0.8)], { entityRecognizers: [literal('ner', 'ann@example', 'LOCATION', 0.999)] });
    expect(found(await analyzer.analyze(text), text)).toEqual([{ type: 'EMAIL', text: 'ann@example.com', score: 0.8, source: 'email' }]);
  });

  it('keeps the strongest span’s type and covers the whole overlapping group', async () => {
    const text = 'Contact ann.lee@acme.com now';
    const analyzer = new Analyzer([
      literal('email', 'ann.lee@acme.com', 'EMAIL', 0.95),
      literal('ner', 'Contact ann.lee', 'PERSON', 0.7),
    ]);
    expect(found(await analyzer.analyze(text), text)).toEqual([{ type: 'EMAIL', text: 'Contact ann.lee@acme.com', score: 0.95, source: 'email' }]);
  });

  it.each<[string, Span[], Omit<Span, 'source'>[]]>([
    [
      'a pattern span wins over a model span',
      [
        { type: 'LOCATION', start: 0, end: 10, score: 0.99, source: 'ner' },
        { type: 'POSTAL_CODE', start: 5, end: 10, score: 0.6, source: 'postal-code' },
      ],
      [{ type: 'POSTAL_CODE', start: 0, end: 10, score: 0.6 }],
    ],
    [
      'a higher score wins',
      [
        { type: 'PHONE', start: 0, end: 10, score: 0.6, source: 'a' },
        { type: 'CREDIT_CARD', start: 2, end: 8, score: 0.9, source: 'b' },
      ],
      [{ type: 'CREDIT_CARD', start: 0, end: 10, score: 0.9 }],
    ],
    [
      'on a tie the longer span wins',
      [
        { type: 'PERSON', start: 0, end: 4, score: 0.8, source: 'a' },
        { type: 'LOCATION', start: 0, end: 9, score: 0.8, source: 'b' },
      ],
      [{ type: 'LOCATION', start: 0, end: 9, score: 0.8 }],
    ],
    [
      'a chain of overlaps is one group',
      [
        { type: 'PERSON', start: 0, end: 5, score: 0.7, source: 'a' },
        { type: 'EMAIL', start: 4, end: 12, score: 0.9, source: 'b' },
        { type: 'URL_CREDENTIALS', start: 11, end: 20, score: 0.8, source: 'c' },
      ],
      [{ type: 'EMAIL', start: 0, end: 20, score: 0.9 }],
    ],
    [
      'spans that only touch stay apart, sorted by start',
      [
        { type: 'PHONE', start: 5, end: 9, score: 0.7, source: 'b' },
        { type: 'EMAIL', start: 0, end: 5, score: 0.9, source: 'a' },
      ],
      [
        { type: 'EMAIL', start: 0, end: 5, score: 0.9 },
        { type: 'PHONE', start: 5, end: 9, score: 0.7 },
      ],
    ],
  ])('%s', (_name, spans, expected) => {
    expect(mergeOverlappingSpans(spans, (span) => span.source === 'ner').map(({ source: _source, ...rest }) => rest)).toEqual(expected);
  });
});

describe('analyzer: sensitivity, NER availability, failures', () => {
  it.each([
    ['What is the capital of France?', []],
    ['My doctor confirmed the diagnosis last week; which medication helps?', ['health']],
    ['Can I refinance my mortgage if my salary dropped?', ['finance']],
    ['My lawyer says the custody hearing moved.', ['legal']],
    ['Draft the performance review and the disciplinary letter.', ['hr']],
    ['I forgot the password for the staging server.', ['credentials']],
    ['She braids her hair; the sticky note is blue.', []],
  ])('%s → %j', (text, topics) => {
    const sensitivity = new SensitivityDetector().detect(text);
    expect(sensitivity).toEqual({ level: topics.length > 0 ? 'sensitive' : 'none', topics });
  });

  it('reports the topics, and warns when no NER model covers names, places and organisations', async () => {
    const result = await new Analyzer([]).analyze('I was diagnosed with diabetes.');
    expect(result).toEqual({ spans: [], sensitivity: { level: 'sensitive', topics: ['health'] }, nerAvailable: false, warnings: [NO_NER_WARNING] });
    expect(NO_NER_WARNING).toBe('No entity classifier is active: names, places and organisations are not detected.');
    const withNer = await new Analyzer([], { entityRecognizers: [literal('ner', 'Ann', 'PERSON', 0.9)] }).analyze('Ann');
    expect(withNer).toMatchObject({ nerAvailable: true, warnings: [], spans: [{ type: 'PERSON', source: 'ner' }] });
  });

  it('rejects with privacy-blocked when any recognizer throws (callers fail closed)', async () => {
    const broken: Recognizer = {
      name: 'ner',
      analyze: async () => {
        throw new Error('the ONNX session died');
      },
    };
    const failure = await new Analyzer([literal('email', 'x@y.z', 'EMAIL', 1)], { entityRecognizers: [broken] }).analyze('x@y.z').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BatonError);
    expect(failure).toMatchObject({
      code: 'privacy-blocked',
      message: 'The privacy shield could not check the text: recognizer "ner" failed (the ONNX session died).',
    });
  });

  it('clips spans a recognizer reports past the end of the text', async () => {
    const sloppy: Recognizer = { name: 'sloppy', analyze: () => [{ type: 'EMAIL', start: 2, end: 99, score: 1, source: 'sloppy' }] };
    expect((await new Analyzer([sloppy]).analyze('a b@c.d')).spans).toEqual([{ type: 'EMAIL', start: 2, end: 7, score: 1, source: 'sloppy' }]);
  });

  it('runs the real pattern recognizers on email, phone, card, IBAN, SSN and IP', async () => {
    const text = 'Mail ann@example.com, call +1 415 867 5309, card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, SSN 078-05-1121, host 192.168.1.20.';
    const types = (await new Analyzer(createPatternRecognizers()).analyze(text)).spans.map((span) => [span.type, text.slice(span.start, span.end)]);
    expect(types).toEqual(
      expect.arrayContaining([
        ['EMAIL', 'ann@example.com'],
        ['PHONE', '+1 415 867 5309'],
        ['CREDIT_CARD', '4111 1111 1111 1111'],
        ['IBAN', 'DE89 3704 0044 0532 0130 00'],
        ['US_SSN', '078-05-1121'],
        ['IP_ADDRESS', '192.168.1.20'],
      ]),
    );
  });
});
