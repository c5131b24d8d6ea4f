import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../../electron/core/privacy/analyzer.js';
import { createPatternRecognizers } from '../../../electron/core/privacy/recognizers/index.js';

// Which identifier a span is (`detail`), once every pattern recognizer has spoken and
// overlapping spans are merged: the country's own entry names a passport or licence that the
// permissive rule also finds, and the detail survives the merge.
const analyzer = new Analyzer(createPatternRecognizers());

async function detailsIn(text: string) {
  const { spans } = await analyzer.analyze(text);
  return spans.map(({ type, start, end, detail }) => ({ type, start, end, detail }));
}

describe('the identifier a span is', () => {
  it.each([
    { text: 'Account number: 12345678901', spans: [{ type: 'NATIONAL_ID', start: 16, end: 27, detail: 'US_BANK_NUMBER' }] },
    {
      text: 'Account number 12345678, routing number 011000015',
      spans: [
        { type: 'NATIONAL_ID', start: 15, end: 23, detail: 'US_BANK_NUMBER' },
        { type: 'NATIONAL_ID', start: 40, end: 49, detail: 'ABA_ROUTING_NUMBER' },
      ],
    },
    { text: 'State medical license ME12345', spans: [{ type: 'NATIONAL_ID', start: 22, end: 29, detail: 'US_MEDICAL_LICENSE' }] },
    { text: 'US passport number A12345678', spans: [{ type: 'PASSPORT', start: 19, end: 28, detail: 'US_PASSPORT' }] },
    { text: 'DNI 12345678Z', spans: [{ type: 'NATIONAL_ID', start: 4, end: 13, detail: 'ES_NIF' }] },
    { text: 'NIE X1234567L', spans: [{ type: 'NATIONAL_ID', start: 4, end: 13, detail: 'ES_NIE' }] },
    { text: 'UK passport number 123456789', spans: [{ type: 'PASSPORT', start: 19, end: 28, detail: 'UK_PASSPORT' }] },
    { text: 'Número de pasaporte: PAA123456', spans: [{ type: 'PASSPORT', start: 21, end: 30, detail: 'ES_PASSPORT' }] },
    { text: 'Passaporto YA1234567', spans: [{ type: 'PASSPORT', start: 11, end: 20, detail: 'IT_PASSPORT' }] },
    { text: 'Indian passport J8369854', spans: [{ type: 'PASSPORT', start: 16, end: 24, detail: 'IN_PASSPORT' }] },
    { text: '여권번호 M123A4567', spans: [{ type: 'PASSPORT', start: 5, end: 14, detail: 'KR_PASSPORT' }] },
    // Korean particles written onto the words ("는", "은": "is") keep them words.
    { text: '여권번호는 M123A4567', spans: [{ type: 'PASSPORT', start: 6, end: 15, detail: 'KR_PASSPORT' }] },
    { text: '운전면허번호는 11-17-174133-01', spans: [{ type: 'DRIVER_LICENSE', start: 8, end: 23, detail: 'KR_DRIVER_LICENSE' }] },
    { text: '외국인등록번호는 850101-5123458', spans: [{ type: 'NATIONAL_ID', start: 9, end: 23, detail: 'KR_FRN' }] },
    // Nine digits after a bare "passport" may be American as well: a passport, no country.
    { text: 'passport number 123456789', spans: [{ type: 'PASSPORT', start: 16, end: 25, detail: undefined }] },
    { text: 'Driving licence MORGA753116SM9IJ', spans: [{ type: 'DRIVER_LICENSE', start: 16, end: 32, detail: 'UK_DRIVING_LICENCE' }] },
    { text: 'Patente di guida: MI1234567A', spans: [{ type: 'DRIVER_LICENSE', start: 18, end: 28, detail: 'IT_DRIVER_LICENSE' }] },
    { text: '운전면허번호 11-17-174133-01', spans: [{ type: 'DRIVER_LICENSE', start: 7, end: 22, detail: 'KR_DRIVER_LICENSE' }] },
    { text: "Carta d'identità CA00000AA", spans: [{ type: 'NATIONAL_ID', start: 17, end: 26, detail: 'IT_IDENTITY_CARD' }] },
    { text: 'FRN 850101-5123450', spans: [{ type: 'NATIONAL_ID', start: 4, end: 18, detail: 'KR_FRN' }] },
    { text: '주민등록번호 900101-1234568', spans: [{ type: 'NATIONAL_ID', start: 7, end: 21, detail: 'KR_RRN' }] },
    { text: 'Organisationsnummer 556012-5790', spans: [{ type: 'NATIONAL_ID', start: 20, end: 31, detail: 'SE_ORGANISATIONSNUMMER' }] },
    // A sole trader's organisation number is the owner's personnummer (third digit a month).
    { text: 'Organisationsnummer 551212-1236', spans: [{ type: 'NATIONAL_ID', start: 20, end: 31, detail: 'SE_PERSONAL_NUMBER' }] },
    { text: 'UEN S16FC0121D', spans: [{ type: 'NATIONAL_ID', start: 4, end: 14, detail: 'SG_UEN' }] },
    { text: 'Postcode: SW1A 1AA', spans: [{ type: 'POSTAL_CODE', start: 10, end: 18, detail: 'UK_POSTCODE' }] },
  ])('$text', async ({ text, spans }) => {
    expect(await detailsIn(text)).toEqual(spans);
  });
});

describe('bank account numbers and phone numbers', () => {
  it.each([
    // An unformatted run after account words is the account, not a phone number.
    { text: 'Acct no 2125551234', spans: [{ type: 'NATIONAL_ID', start: 8, end: 18, detail: 'US_BANK_NUMBER' }] },
    // The same run after phone words is a phone number: no account words, no account.
    { text: 'Call 2125551234', spans: [{ type: 'PHONE', start: 5, end: 15, detail: undefined }] },
  ])('$text', async ({ text, spans }) => {
    expect(await detailsIn(text)).toEqual(spans);
  });
});
