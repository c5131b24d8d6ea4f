import { describe, expect, it } from 'vitest';
import { createPhoneRecognizer, phoneRecognizer, regionsFromLocale } from '../../../electron/core/privacy/recognizers/phone.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(phoneRecognizer, {
  positive: [
    { text: "Call me at +1 (415) 555-2671 tomorrow.", spans: [{ type: 'PHONE', start: 11, end: 28 }] },
    { text: "Office: 020 7946 0958", spans: [{ type: 'PHONE', start: 8, end: 21 }] },
    { text: "Tel. +49 30 901820 or mobile +33 6 12 34 56 78", spans: [{ type: 'PHONE', start: 5, end: 18 }, { type: 'PHONE', start: 29, end: 46 }] },
    { text: "My number is (212) 555-0199.", spans: [{ type: 'PHONE', start: 13, end: 27 }] },
    { text: "089 72 63 41 office", spans: [{ type: 'PHONE', start: 0, end: 12 }] },
    { text: "They're not answering at (88) 684-334", spans: [{ type: 'PHONE', start: 25, end: 37 }] },
    { text: "You can call 33 93 31", spans: [{ type: 'PHONE', start: 13, end: 21 }] },
    { text: "fax 833.719.3994x1887", spans: [{ type: 'PHONE', start: 4, end: 21 }] },
    { text: "Phone: 02.27.96.63.08", spans: [{ type: 'PHONE', start: 7, end: 21 }] },
  ],
  negative: [
    { text: "In 2019 we paid 1,250,000 dollars.", why: "years and amounts" },
    { text: "The meeting is at 2020-01-04 14:56:41.", why: "a timestamp" },
    { text: "From 1990-2020 the index rose.", why: "a year range" },
    { text: "SSN 536-22-1234", why: "the SSN shape 3-2-4" },
    { text: "Server 192.168.100.200 is down", why: "an IPv4 address" },
    { text: "Card 4111 1111 1111 1111 12/25", why: "the tail of a card number" },
    { text: "score 0.999806941 and paper 2106.08254", why: "decimals and arXiv ids" },
    { text: "CVE-2019-10790 and rfc-6265-5.2.3", why: "identifiers" },
    { text: "Order 4155552671 shipped", why: "an unformatted number without phone words" },
    { text: "€1.250.000 budget", why: "an amount" },
    { text: "Apt. 722 20 40 rue Victor Hugo", why: "a flat and a house number" },
    { text: "My driver's license number is 425700624", why: "a licence number" },
  ],
});

recognizerTable(phoneRecognizer, {
  positive: [
    { text: "Ring me on 415 555 2671 tonight", spans: [{ type: 'PHONE', start: 11, end: 23 }] },
  ],
  negative: [
    { text: "Routing number 123456789 for the transfer", why: "a bare nine-digit run without phone words" },
    { text: "The archive holds 415555267 records", why: "a bare nine-digit count" },
  ],
});

recognizerTable(createPhoneRecognizer(['DE']), {
  positive: [
    { text: "Erreichbar unter 0151 23456789 ab Montag", spans: [{ type: 'PHONE', start: 17, end: 30 }] },
    { text: "Handy: 01512 3456789", spans: [{ type: 'PHONE', start: 7, end: 20 }] },
  ],
  negative: [{ text: "Vorgang 015123456789 erledigt", why: "an unformatted run without phone words" }],
});

describe('regionsFromLocale', () => {
  it.each([
    { locale: 'de-DE', regions: ['DE', 'US', 'GB', 'FR'] },
    { locale: 'en-IN', regions: ['IN', 'US', 'GB', 'DE', 'FR'] },
    { locale: 'fr', regions: ['FR', 'US', 'GB', 'DE'] },
    { locale: 'en-US', regions: ['US', 'GB', 'DE', 'FR'] },
  ])('reads $locale as $regions', ({ locale, regions }) => {
    expect(regionsFromLocale(locale)).toEqual(regions);
  });
});

describe('createPhoneRecognizer', () => {
  it('skips region codes libphonenumber does not know', () => {
    const text = 'Erreichbar unter 0151 23456789';
    const spans = createPhoneRecognizer(['XX' as never, 'DE']).analyze(text) as { type: string; start: number; end: number }[];
    expect(spans.map(({ type, start, end }) => ({ type, start, end }))).toEqual([{ type: 'PHONE', start: 17, end: 30 }]);
  });
});
