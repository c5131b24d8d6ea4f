import { phoneRecognizer } from '../../../electron/core/privacy/recognizers/phone.js';
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
