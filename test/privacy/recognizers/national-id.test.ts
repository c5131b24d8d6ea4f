import { nationalIdRecognizer } from '../../../electron/core/privacy/recognizers/national-id.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(nationalIdRecognizer, {
  positive: [
    { text: "NI number AB 12 34 56 C", spans: [{ type: 'NATIONAL_ID', start: 10, end: 23 }] },
    { text: "Aadhaar: 2341 2341 2346", spans: [{ type: 'NATIONAL_ID', start: 9, end: 23 }] },
    { text: "PAN ABCPE1234F", spans: [{ type: 'NATIONAL_ID', start: 4, end: 14 }] },
    { text: "DNI 12345678Z and NIE X1234567L", spans: [{ type: 'NATIONAL_ID', start: 4, end: 13 }, { type: 'NATIONAL_ID', start: 22, end: 31 }] },
    { text: "Codice fiscale: RSSMRA85T10A562S", spans: [{ type: 'NATIONAL_ID', start: 16, end: 32 }] },
    { text: "BSN 111222333", spans: [{ type: 'NATIONAL_ID', start: 4, end: 13 }] },
    { text: "NIR 1 85 05 78 006 084 91", spans: [{ type: 'NATIONAL_ID', start: 4, end: 25 }] },
    { text: "Steuer-ID 86095742719", spans: [{ type: 'NATIONAL_ID', start: 10, end: 21 }] },
    { text: "Personalausweis T22000129", spans: [{ type: 'NATIONAL_ID', start: 16, end: 25 }] },
    { text: "SIN 046 454 286", spans: [{ type: 'NATIONAL_ID', start: 4, end: 15 }] },
    { text: "ITIN 912-70-1234", spans: [{ type: 'NATIONAL_ID', start: 5, end: 16 }] },
  ],
  negative: [
    { text: "NI number GB 12 34 56 C", why: "prefix GB is never issued" },
    { text: "Aadhaar 2341 2341 2345", why: "fails Verhoeff" },
    { text: "DNI 12345678A", why: "wrong check letter" },
    { text: "RSSMRA85T10A562T", why: "wrong check letter" },
    { text: "BSN 111222334", why: "fails the 11-proof" },
    { text: "order 111222333", why: "no BSN words" },
    { text: "NIR 1 85 05 78 006 084 92", why: "wrong key" },
    { text: "id 86095742719", why: "no tax-id words" },
    { text: "SIN 046 454 287", why: "fails Luhn" },
    { text: "ITIN 912-40-1234", why: "group 40 is not an ITIN group" },
  ],
});
