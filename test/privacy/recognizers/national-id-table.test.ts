import { describe, expect, it } from 'vitest';
import { nationalIdentifiers, nationalIdRecognizer } from '../../../electron/core/privacy/recognizers/national-id.js';
import { validSingaporeUen } from '../../../electron/core/privacy/recognizers/national-ids/asia-pacific.js';
import { recognizerTable } from './recognizer-table.js';

// Valid values computed with each identifier's official check (and, where the issuer publishes
// one, its own example: NHS 943 476 5919, ABN 51 824 753 556, NPI 1234567893, MBI 1EG4-TE5-MK73,
// HETU 131052-308T); each invalid one is the same value with one digit changed.
recognizerTable(nationalIdRecognizer, {
  positive: [
    { text: 'NHS number: 943 476 5919', spans: [{ type: 'NATIONAL_ID', start: 12, end: 24 }] },
    { text: 'Routing number 011000015 for wires', spans: [{ type: 'NATIONAL_ID', start: 15, end: 24 }] },
    { text: 'Provider NPI 1234567893', spans: [{ type: 'NATIONAL_ID', start: 13, end: 23 }] },
    { text: 'Medicare beneficiary identifier 1EG4-TE5-MK73', spans: [{ type: 'NATIONAL_ID', start: 32, end: 45 }] },
    { text: 'ABN 51 824 753 556', spans: [{ type: 'NATIONAL_ID', start: 4, end: 18 }] },
    { text: 'ACN 010 499 966', spans: [{ type: 'NATIONAL_ID', start: 4, end: 15 }] },
    { text: 'Tax file number: 123 456 782', spans: [{ type: 'NATIONAL_ID', start: 17, end: 28 }] },
    { text: 'Medicare card 2123 45670 1', spans: [{ type: 'NATIONAL_ID', start: 14, end: 26 }] },
    { text: 'NRIC S1234567D', spans: [{ type: 'NATIONAL_ID', start: 5, end: 14 }] },
    { text: 'FIN F1234567N', spans: [{ type: 'NATIONAL_ID', start: 4, end: 13 }] },
    { text: 'born 2001, T0123456G', spans: [{ type: 'NATIONAL_ID', start: 11, end: 20 }] },
    { text: 'PESEL 44051401359', spans: [{ type: 'NATIONAL_ID', start: 6, end: 17 }] },
    { text: 'hetu 131052-308T', spans: [{ type: 'NATIONAL_ID', start: 5, end: 16 }] },
    { text: 'personnummer 811218-9876', spans: [{ type: 'NATIONAL_ID', start: 13, end: 24 }] },
    { text: 'TC Kimlik No: 10000000146', spans: [{ type: 'NATIONAL_ID', start: 14, end: 25 }] },
    { text: 'South African ID 8001015009087', spans: [{ type: 'NATIONAL_ID', start: 17, end: 30 }] },
    { text: '주민등록번호 900101-1234568', spans: [{ type: 'NATIONAL_ID', start: 7, end: 21 }] },
    { text: 'Thai ID 1-1017-00230-70-8', spans: [{ type: 'NATIONAL_ID', start: 8, end: 25 }] },
    { text: 'GSTIN 27AAPFU0939F1ZV', spans: [{ type: 'NATIONAL_ID', start: 6, end: 21 }] },
    { text: 'Partita IVA 07643520567', spans: [{ type: 'NATIONAL_ID', start: 12, end: 23 }] },
    { text: 'ITIN 912-70-1234', spans: [{ type: 'NATIONAL_ID', start: 5, end: 16 }] },
    { text: 'Personalausweis T220001293', spans: [{ type: 'NATIONAL_ID', start: 16, end: 26 }] },
    { text: 'Reisepass C01X00T478', spans: [{ type: 'NATIONAL_ID', start: 10, end: 20 }] },
    { text: 'TIN 123-456-789-000', spans: [{ type: 'NATIONAL_ID', start: 4, end: 19 }] },
    { text: 'Plaka 34 ABC 123', spans: [{ type: 'NATIONAL_ID', start: 6, end: 16 }] },
    { text: 'Plate number KJA 123 AB', spans: [{ type: 'NATIONAL_ID', start: 13, end: 23 }] },
    { text: 'Voter ID ABC1234567', spans: [{ type: 'NATIONAL_ID', start: 9, end: 19 }] },
    { text: 'Vehicle number MH 12 AB 1234', spans: [{ type: 'NATIONAL_ID', start: 15, end: 28 }] },
    { text: 'UEN 201912345R', spans: [{ type: 'NATIONAL_ID', start: 4, end: 14 }] },
    { text: 'UEN T09LL0001D', spans: [{ type: 'NATIONAL_ID', start: 4, end: 14 }] },
    { text: 'Number plate AB51 ABC', spans: [{ type: 'NATIONAL_ID', start: 13, end: 21 }] },
    { text: 'LANR 123456601', spans: [{ type: 'NATIONAL_ID', start: 5, end: 14 }] },
    { text: 'Versichertennummer A123456780', spans: [{ type: 'NATIONAL_ID', start: 19, end: 29 }] },
    { text: 'Rentenversicherungsnummer 65 170839 J 003', spans: [{ type: 'NATIONAL_ID', start: 26, end: 41 }] },
    { text: 'USt-IdNr. DE136458922', spans: [{ type: 'NATIONAL_ID', start: 10, end: 21 }] },
    { text: 'BSNR 123456789', spans: [{ type: 'NATIONAL_ID', start: 5, end: 14 }] },
    { text: 'DEA number AB1234563', spans: [{ type: 'NATIONAL_ID', start: 11, end: 20 }] },
    { text: '사업자등록번호 123-45-67891', spans: [{ type: 'NATIONAL_ID', start: 8, end: 20 }] },
    { text: 'Account number: 12345678901', spans: [{ type: 'NATIONAL_ID', start: 16, end: 27 }] },
    { text: 'Acct# 000123456789', spans: [{ type: 'NATIONAL_ID', start: 6, end: 18 }] },
    { text: 'Checking account 87654321 at the branch', spans: [{ type: 'NATIONAL_ID', start: 17, end: 25 }] },
    { text: 'My checking account number is 12345678', spans: [{ type: 'NATIONAL_ID', start: 30, end: 38 }] },
    { text: 'Acct. No.: 000123456789', spans: [{ type: 'NATIONAL_ID', start: 11, end: 23 }] },
    { text: 'Medical license number: A 12345', spans: [{ type: 'NATIONAL_ID', start: 24, end: 31 }] },
    { text: 'State medical license ME12345', spans: [{ type: 'NATIONAL_ID', start: 22, end: 29 }] },
    { text: 'Physician license 123456', spans: [{ type: 'NATIONAL_ID', start: 18, end: 24 }] },
    { text: 'Carta d’identità AY1234567', spans: [{ type: 'NATIONAL_ID', start: 17, end: 26 }] },
    { text: "carta d'identità AY 1234567", spans: [{ type: 'NATIONAL_ID', start: 17, end: 27 }] },
    { text: 'CIE CA00000AA', spans: [{ type: 'NATIONAL_ID', start: 4, end: 13 }] },
    { text: 'CIE 1234567AA', spans: [{ type: 'NATIONAL_ID', start: 4, end: 13 }] },
    { text: 'FRN 850101-5123450', spans: [{ type: 'NATIONAL_ID', start: 4, end: 18 }] },
    { text: 'reference 850101-5123450', spans: [{ type: 'NATIONAL_ID', start: 10, end: 24 }] },
    { text: '외국인등록번호 850101-5123458', spans: [{ type: 'NATIONAL_ID', start: 8, end: 22 }] },
    { text: '주민등록번호 850101-5123458', spans: [{ type: 'NATIONAL_ID', start: 7, end: 21 }] },
    { text: 'Organisationsnummer 556012-5790', spans: [{ type: 'NATIONAL_ID', start: 20, end: 31 }] },
    { text: 'Org.nr 5560125790', spans: [{ type: 'NATIONAL_ID', start: 7, end: 17 }] },
    { text: 'UEN 00192200M', spans: [{ type: 'NATIONAL_ID', start: 4, end: 13 }] },
    { text: 'UEN 197401143C', spans: [{ type: 'NATIONAL_ID', start: 4, end: 14 }] },
    { text: 'UEN S16FC0121D', spans: [{ type: 'NATIONAL_ID', start: 4, end: 14 }] },
  ],
  negative: [
    { text: 'NHS number: 953 476 5919', why: 'NHS mod 11 fails' },
    { text: 'Routing number 021000015 for wires', why: 'ABA 3-7-1 checksum fails' },
    { text: 'Provider NPI 1334567893', why: 'NPI Luhn with 80840 fails' },
    { text: 'ABN 52 824 753 556', why: 'ABN mod 89 fails' },
    { text: 'ACN 020 499 966', why: 'ACN check digit fails' },
    { text: 'Tax file number: 133 456 782', why: 'TFN mod 11 fails' },
    { text: 'Medicare card 2223 45670 1', why: 'Medicare check digit fails' },
    { text: 'NRIC S2234567D', why: 'NRIC check letter fails' },
    { text: 'FIN F2234567N', why: 'FIN check letter fails' },
    { text: 'born 2001, T1123456G', why: 'NRIC check letter fails' },
    { text: 'PESEL 45051401359', why: 'PESEL check digit fails' },
    { text: 'hetu 141052-308T', why: 'HETU mod 31 fails' },
    { text: 'personnummer 821218-9876', why: 'personnummer Luhn fails' },
    { text: 'TC Kimlik No: 11000000146', why: 'T.C. Kimlik checks fail' },
    { text: 'South African ID 8101015009087', why: 'South African Luhn fails' },
    { text: 'reference 910101-1234568', why: 'RRN check digit fails, and no RRN words' },
    { text: 'Thai ID 1-1017-00230-71-8', why: 'Thai mod 11 fails' },
    { text: 'GSTIN 28AAPFU0939F1ZV', why: 'GSTIN mod 36 fails' },
    { text: 'Partita IVA 08643520567', why: 'partita IVA Luhn fails' },
    { text: 'Account 123456782 and 011000015', why: 'valid TFN and ABA checksums, but no words that announce them' },
    { text: 'Order 1234567893 shipped', why: 'a valid NPI checksum without NPI words' },
    { text: 'Personalausweis T220001294', why: 'the ICAO 7-3-1 check digit fails' },
    { text: 'Reisepass C01X00T477', why: 'the ICAO 7-3-1 check digit fails' },
    { text: 'Order 123-456-789-000', why: 'a TIN shape without TIN words' },
    { text: 'Room 34 ABC 123', why: 'a Turkish plate shape without plate words' },
    { text: 'Code KJA 123 AB', why: 'a Nigerian plate shape without plate words' },
    { text: 'Order ABC1234567 shipped', why: 'an EPIC shape without voter words' },
    { text: 'Part MH 12 AB 1234 in stock', why: 'an Indian plate shape without vehicle words' },
    { text: 'Ticket 201912345K', why: 'a UEN shape without UEN words' },
    { text: 'Model AB51 ABC', why: 'a UK plate shape without registration words' },
    { text: 'LANR 123456701', why: 'LANR 4-9 check digit fails' },
    { text: 'Versichertennummer A123456781', why: 'KVNR check digit fails' },
    { text: 'Rentenversicherungsnummer 65 170839 J 004', why: 'RVNR check digit fails' },
    { text: 'Rentenversicherungsnummer 65 321339 J 003', why: 'RVNR birth date is no calendar day' },
    { text: 'USt-IdNr. DE136458923', why: 'DE VAT ISO 7064 check fails' },
    { text: 'Order 123456601 shipped', why: 'a valid LANR check digit without LANR words' },
    { text: 'DEA number AB1234564', why: 'DEA check digit fails' },
    { text: '사업자등록번호 123-45-67892', why: 'Korean BRN check digit fails' },
    { text: 'Invoice 123-45-67891', why: 'a valid BRN checksum without BRN words' },
    { text: 'Order 12345678901 shipped', why: 'a bank account shape without account words' },
    { text: 'I was checking order 12345678 today', why: '"checking" as a verb is no account word' },
    { text: 'Bank account balance $12345678', why: 'an amount, not an account number' },
    { text: 'Bank account total 12345678.50', why: 'a decimal amount' },
    { text: 'Savings account card 4111111111111111', why: 'a Luhn-valid card number is left to the card recognizer' },
    { text: 'Account number 1234567', why: 'seven digits are too short for a US account number' },
    { text: 'Your account number will be emailed. Order 123456789 ships', why: 'account words that announce no number here' },
    { text: 'acct_total = 100000000', why: 'a variable named after an account, not an account number' },
    { text: 'Medical license renewed in 2024', why: 'a year is not a licence number' },
    { text: 'Medical license renewal costs 25000 and takes 90 days', why: 'medical licence words that announce a fee' },
    { text: 'Medical license fee: $25000 or 25000.00', why: 'amounts are not licence numbers' },
    { text: 'Account number opened on 20240115', why: 'eight digits that read as a date' },
    { text: 'Medical license no 1234', why: 'four digits alone, and "no" is not a licence prefix' },
    { text: 'License no AB12345', why: 'licence words without medical words (a driving licence as likely)' },
    { text: 'Code AY1234567 and CA00000AA', why: 'Italian identity card shapes without identity words' },
    { text: 'reference 850101-5123451', why: 'FRN check digit fails, and no FRN words' },
    { text: 'FRN 851301-5123450', why: 'the birth month 13 is no month' },
    { text: '주민등록번호 900101-9123456', why: 'sex and century digit 9: neither a resident nor a foreigner issued today' },
    { text: 'Organisationsnummer 556012-5791', why: 'organisationsnummer Luhn fails' },
    { text: 'Invoice 556012-5790', why: 'a valid organisationsnummer without its words' },
    { text: 'UEN 00192200K', why: 'ROB check letter fails' },
    { text: 'UEN 197401143D', why: 'ROC check letter fails' },
    { text: 'UEN S16FC0121E', why: 'other-entity check letter fails' },
    { text: 'UEN S16ZZ0121D', why: 'ZZ is no UEN entity type' },
  ],
});

describe('national identifier table', () => {
  it('has one entry per identifier, each with a region and context words', () => {
    const entities = nationalIdentifiers.map((definition) => definition.entity);
    // KR_RRN and KR_FRN have two entries each: with the check digit, and the shape of post-2020 numbers.
    const twice = ['KR_RRN', 'KR_FRN'];
    const once = entities.filter((entity) => !twice.includes(entity));
    expect(once).toEqual([...new Set(once)]);
    for (const entity of twice) expect(entities.filter((listed) => listed === entity)).toHaveLength(2);
    for (const definition of nationalIdentifiers) {
      expect(definition.regions.length).toBeGreaterThan(0);
      expect(definition.contextWords.length).toBeGreaterThan(0);
    }
  });
});

describe('the identifier a national id span is', () => {
  it('names it in detail, keeping the NATIONAL_ID type', async () => {
    const [span] = await nationalIdRecognizer.analyze('Versichertennummer A123456780');
    expect(span).toMatchObject({ type: 'NATIONAL_ID', detail: 'DE_KVNR', source: 'national-id', start: 19, end: 29 });
    expect((await nationalIdRecognizer.analyze('NHS number: 943 476 5919'))[0]?.detail).toBe('UK_NHS');
  });
});

describe('Singapore UEN issue years', () => {
  it('refuses a local company or an other-entity number from a year still to come', () => {
    // Both carry their right check letter; only the year tells them apart.
    expect(validSingaporeUen('203012345N', 2026)).toBe(false);
    expect(validSingaporeUen('203012345N', 2030)).toBe(true);
    expect(validSingaporeUen('T30LL0001A', 2026)).toBe(false);
    expect(validSingaporeUen('T30LL0001A', 2030)).toBe(true);
    // R is the 1800s: its two digits are never in the future.
    expect(validSingaporeUen('R99LL0001A', 2026)).toBe(true);
  });
});
