import { postalCodeRecognizer } from '../../../electron/core/privacy/recognizers/postal-code.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(postalCodeRecognizer, {
  positive: [
    { text: "My zip code is 35649", spans: [{ type: 'POSTAL_CODE', start: 15, end: 20 }] },
    { text: "New York, NY 10002", spans: [{ type: 'POSTAL_CODE', start: 13, end: 18 }] },
    { text: "Postcode: SW1A 1AA", spans: [{ type: 'POSTAL_CODE', start: 10, end: 18 }] },
    { text: "Postcode GIR 0AA", spans: [{ type: 'POSTAL_CODE', start: 9, end: 16 }] },
    { text: "London EC1A 1BB", spans: [{ type: 'POSTAL_CODE', start: 7, end: 15 }] },
    { text: "Write to W1A 0AX or M1 1AE", spans: [{ type: 'POSTAL_CODE', start: 9, end: 16 }, { type: 'POSTAL_CODE', start: 20, end: 26 }] },
    { text: "Postcode: DN551PT", spans: [{ type: 'POSTAL_CODE', start: 10, end: 17 }] },
    { text: "Ottawa ON K1A 0B1", spans: [{ type: 'POSTAL_CODE', start: 10, end: 17 }] },
    { text: "Suite 286\n Gabon 66298", spans: [{ type: 'POSTAL_CODE', start: 17, end: 22 }] },
    { text: "PLZ 10115 Berlin", spans: [{ type: 'POSTAL_CODE', start: 4, end: 9 }] },
  ],
  negative: [
    { text: "We sold 12345 units", why: "a quantity" },
    { text: "It costs 25000 dollars", why: "an amount" },
    { text: "Version 10240 of Windows", why: "a build number" },
    { text: "SW1A1AA", why: "a UK shape without its space and without context" },
    { text: "Postcode GIR 1AA", why: "GIR 0AA is the only GIR code" },
    { text: "Postcode QA1 1AA", why: "no postcode area starts with Q" },
    { text: "Postcode W1I 0AX", why: "I never ends an A9A outward code" },
    { text: "Postcode SW1A 1AC", why: "C is never in an inward code" },
  ],
});
