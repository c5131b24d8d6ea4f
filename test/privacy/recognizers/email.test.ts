import { emailRecognizer } from '../../../electron/core/privacy/recognizers/email.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(emailRecognizer, {
  positive: [
    { text: "Write to jane.doe@example.com today.", spans: [{ type: 'EMAIL', start: 9, end: 29 }] },
    { text: "Contact: first.last+tag@sub.example.co.uk.", spans: [{ type: 'EMAIL', start: 9, end: 41 }] },
    { text: "Quoted: 'a@b.io' and `git@github.com`", spans: [{ type: 'EMAIL', start: 9, end: 15 }, { type: 'EMAIL', start: 22, end: 36 }] },
    { text: "Unicode: jöhn@exämple.de, user_1@mail-server.example.org", spans: [{ type: 'EMAIL', start: 9, end: 24 }, { type: 'EMAIL', start: 26, end: 56 }] },
    { text: "<micmath@gmail.com>", spans: [{ type: 'EMAIL', start: 1, end: 18 }] },
  ],
  negative: [
    { text: "user@localhost", why: "no top-level domain" },
    { text: "@example.com and example.com", why: "no local part" },
    { text: "a@b.c", why: "a one-letter top-level domain" },
    { text: "version 1.2.3@beta", why: "not a domain" },
    { text: "The price is 5 @ 3.50 each", why: "an at-sign in prose" },
  ],
});
