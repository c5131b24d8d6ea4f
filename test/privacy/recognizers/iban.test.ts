import { ibanRecognizer } from '../../../electron/core/privacy/recognizers/iban.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(ibanRecognizer, {
  positive: [
    { text: "IBAN GB82 WEST 1234 5698 7654 32 please", spans: [{ type: 'IBAN', start: 5, end: 32 }] },
    { text: "DE89370400440532013000, FR1420041010050500013M02606 and NL91ABNA0417164300", spans: [{ type: 'IBAN', start: 0, end: 22 }, { type: 'IBAN', start: 24, end: 51 }, { type: 'IBAN', start: 56, end: 74 }] },
    { text: "my iban is gb82west12345698765432", spans: [{ type: 'IBAN', start: 11, end: 33 }] },
    { text: "Norway: NO9386011117947.", spans: [{ type: 'IBAN', start: 8, end: 23 }] },
    { text: "list DE89 3704 0044 0532 0130 00 GB82 WEST 1234 5698 7654 32", spans: [{ type: 'IBAN', start: 5, end: 32 }, { type: 'IBAN', start: 33, end: 60 }] },
  ],
  negative: [
    { text: "GB82WEST12345698765431", why: "wrong checksum" },
    { text: "GB82WEST1234569876543", why: "too short for GB" },
    { text: "XX82WEST12345698765432", why: "no such country" },
    { text: "DE89370400440532013000X", why: "glued to more letters" },
  ],
});
