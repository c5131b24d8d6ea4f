import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../../electron/core/privacy/analyzer.js';
import { createPatternRecognizers } from '../../../electron/core/privacy/recognizers/index.js';

// How identifiers are told apart once every pattern recognizer has spoken and overlapping spans
// are merged: a validated identifier over a bare phone shape, an IBAN over the card-like run of
// digits inside it, and no phone at all for a bare run of digits.
const analyzer = new Analyzer(createPatternRecognizers());

async function typesIn(text: string) {
  const { spans } = await analyzer.analyze(text);
  return spans.map(({ type, start, end }) => ({ type, start, end }));
}

describe('telling identifiers apart', () => {
  it.each([
    { text: 'NHS number: 943 476 5919', spans: [{ type: 'NATIONAL_ID', start: 12, end: 24 }] },
    { text: 'Routing number 011000015', spans: [{ type: 'NATIONAL_ID', start: 15, end: 24 }] },
    { text: 'SIN 046 454 286', spans: [{ type: 'NATIONAL_ID', start: 4, end: 15 }] },
    { text: 'ABN 51 824 753 556', spans: [{ type: 'NATIONAL_ID', start: 4, end: 18 }] },
    { text: 'IBAN DE89 3704 0044 0532 0130 00', spans: [{ type: 'IBAN', start: 5, end: 32 }] },
    { text: 'IBAN GB82WEST12345698765432', spans: [{ type: 'IBAN', start: 5, end: 27 }] },
    { text: 'Call me on 415 555 2671', spans: [{ type: 'PHONE', start: 11, end: 23 }] },
    { text: 'The batch held 415555267 rows', spans: [] },
  ])('$text', async ({ text, spans }) => {
    expect(await typesIn(text)).toEqual(spans);
  });
});
