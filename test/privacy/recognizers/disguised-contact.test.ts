import { describe, expect, it } from 'vitest';
import { creditCardRecognizer } from '../../../electron/core/privacy/recognizers/credit-card.js';
import { disguisedEmailRecognizer } from '../../../electron/core/privacy/recognizers/disguised-email.js';

function found(spans: { type: string; start: number; end: number; score: number }[], text: string) {
  return spans.filter((span) => span.score >= 0.5).map((span) => text.slice(span.start, span.end));
}

describe('disguised e-mail addresses', () => {
  it.each([
    ['write ann.lee at example dot com please', ['ann.lee at example dot com']],
    ['ann [at] example [dot] co [dot] uk', ['ann [at] example [dot] co [dot] uk']],
    ['bob (at) mail (dot) org', ['bob (at) mail (dot) org']],
    ['bob {at} mail {dot} org', ['bob {at} mail {dot} org']],
    ['mail john dot doe at example dot com', ['john dot doe at example dot com']],
    ['x carl&#64;host.io y', ['carl&#64;host.io']],
    ['x carl&#x40;host.io y', ['carl&#x40;host.io']],
    ['dan%40firm.de', ['dan%40firm.de']],
    // Prose about places and sites is not an address.
    ['we meet at noon dot com', []],
    ['look at example dot com', []],
    ['see you at the office', []],
    ['ann at example.com', []],
  ])('%j', (text, expected) => {
    expect(found(disguisedEmailRecognizer.analyze(text) as never, text)).toEqual(expected);
  });
});

describe('card numbers with odd separators', () => {
  it.each([
    ['card 4111.1111/1111-1111 end', ['4111.1111/1111-1111']],
    ['pay 4111_1111_1111_1111.', ['4111_1111_1111_1111']],
    ['card 41 11 11 11 11 11 11 11', ['41 11 11 11 11 11 11 11']],
    ['card 5500--0000--0000--0004', ['5500--0000--0000--0004']],
    // Luhn fails, or nothing card-like.
    ['card 4111.1111.1111.1112', []],
    ['v1.2.3 and 2024-01-15 10.30.45', []],
    ['build 10.0.19045.3803', []],
  ])('%j', (text, expected) => {
    expect([...new Set(found(creditCardRecognizer.analyze(text) as never, text))]).toEqual(expected);
  });
});

describe('a phone number is not read as a card with odd separators', () => {
  it('leaves an international number that happens to pass Luhn to the phone recognizer', () => {
    // 4930123456786 passes Luhn and starts like a Visa card; the '+' says phone.
    const text = 'call +49 30 1234 5678 6 today';
    expect(found(creditCardRecognizer.analyze('call 49 30 1234 5678 6') as never, 'call 49 30 1234 5678 6')).toEqual(['49 30 1234 5678 6']);
    expect(found(creditCardRecognizer.analyze(text) as never, text)).toEqual([]);
  });
});
