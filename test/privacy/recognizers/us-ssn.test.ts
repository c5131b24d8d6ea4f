import { usSsnRecognizer } from '../../../electron/core/privacy/recognizers/us-ssn.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(usSsnRecognizer, {
  positive: [
    { text: "SSN 536-22-1234", spans: [{ type: 'US_SSN', start: 4, end: 15 }] },
    { text: "His social security number is 455 99 6622", spans: [{ type: 'US_SSN', start: 30, end: 41 }] },
    { text: "ssn: 536221234", spans: [{ type: 'US_SSN', start: 5, end: 14 }] },
    { text: "ids 078-51-1201 and 772.34.5678", spans: [{ type: 'US_SSN', start: 4, end: 15 }, { type: 'US_SSN', start: 20, end: 31 }] },
  ],
  negative: [
    { text: "SSN 000-12-3456", why: "area 000 is never issued" },
    { text: "SSN 666-12-3456", why: "area 666 is never issued" },
    { text: "SSN 912-34-5678", why: "area 9xx is never issued" },
    { text: "SSN 536-00-1234", why: "group 00 is never issued" },
    { text: "SSN 536-22-0000", why: "serial 0000 is never issued" },
    { text: "SSN 123-45-6789", why: "the voided example number" },
    { text: "SSN 078-05-1120", why: "the voided Woolworth number" },
    { text: "SSN 111-11-1111", why: "one digit repeated" },
    { text: "order 536221234", why: "nine digits without SSN words" },
    { text: "536-22.1234", why: "mixed separators" },
    { text: "phone 415-555-26712", why: "too many digits" },
  ],
});
