import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../electron/core/privacy/analyzer.js';
import { normalizeForScanning, toOriginalRange } from '../../electron/core/privacy/normalization/scan-normalization.js';
import { createPatternRecognizers } from '../../electron/core/privacy/recognizers/index.js';

const analyzer = new Analyzer(createPatternRecognizers());

async function redacted(text: string) {
  const result = await analyzer.analyze(text);
  return result.spans.map((span) => ({ type: span.type, text: text.slice(span.start, span.end) }));
}

describe('normalising text for the scan', () => {
  it('leaves plain ASCII untouched', () => {
    const scan = normalizeForScanning('mail ann@example.com');
    expect(scan).toMatchObject({ text: 'mail ann@example.com', changed: false });
    expect(toOriginalRange(scan, 5, 20)).toEqual([5, 20]);
  });

  it.each([
    ['jo\u200Bhn@exa\u00ADmple.com', 'john@example.com'],
    ['a\u200Cb\u200Dc\u2060d\uFEFFe', 'abcde'],
    ['4111\u00A01111\u20091111\u202F1111\u30001', '4111 1111 1111 1111 1'],
    ['\uFF14\uFF11\uFF11\uFF11', '4111'],
    ['j\u043Ehn@\u0435x\u0430mple.com', 'john@example.com'],
    ['\u0391\u039F\u0399', 'AOI'],
    ['555\u20110134 415\u2013555 1\u22122', '555-0134 415-555 1-2'],
  ])('%j reads as %j', (text, expected) => {
    expect(normalizeForScanning(text).text).toBe(expected);
  });

  it('maps a range back over the invisible characters inside it', () => {
    const text = 'x jo\u200Bhn y';
    const scan = normalizeForScanning(text);
    expect(scan.text).toBe('x john y');
    expect(toOriginalRange(scan, 2, 6)).toEqual([2, 7]);
  });

  it('maps a folded surrogate pair (mathematical bold digit) to both of its units', () => {
    const text = 'a\u{1D7CE}b';
    const scan = normalizeForScanning(text);
    expect(scan.text).toBe('a0b');
    expect(toOriginalRange(scan, 1, 2)).toEqual([1, 3]);
  });
});

describe('the analyzer redacts disguised values over their exact original characters', () => {
  it.each([
    ['mail jo\u200Bhn@exa\u00ADmple.com today', 'EMAIL', 'jo\u200Bhn@exa\u00ADmple.com'],
    ['write to j\u043Ehn.d\u043Ee@\u0435xample.org now', 'EMAIL', 'j\u043Ehn.d\u043Ee@\u0435xample.org'],
    ['card \uFF14\uFF11\uFF11\uFF11 \uFF11\uFF11\uFF11\uFF11 \uFF11\uFF11\uFF11\uFF11 \uFF11\uFF11\uFF11\uFF11 ok', 'CREDIT_CARD', '\uFF14\uFF11\uFF11\uFF11 \uFF11\uFF11\uFF11\uFF11 \uFF11\uFF11\uFF11\uFF11 \uFF11\uFF11\uFF11\uFF11'],
    ['card 5500\u00A00000\u00A00000\u00A00004 ok', 'CREDIT_CARD', '5500\u00A00000\u00A00000\u00A00004'],
    ['phone +1 (415) 555\u20110134 today', 'PHONE', '+1 (415) 555\u20110134'],
    ['ssn 536\u201322\u20131234 ok', 'US_SSN', '536\u201322\u20131234'],
    ['iban D\u041589 3704 0044 0532 0130 00 ok', 'IBAN', 'D\u041589 3704 0044 0532 0130 00'],
  ])('%j', async (text, type, secret) => {
    expect(await redacted(text)).toEqual([{ type, text: secret }]);
  });
});
