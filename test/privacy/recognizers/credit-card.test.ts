import { creditCardRecognizer } from '../../../electron/core/privacy/recognizers/credit-card.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(creditCardRecognizer, {
  positive: [
    { text: "Visa 4111 1111 1111 1111 exp 12/25", spans: [{ type: 'CREDIT_CARD', start: 5, end: 24 }] },
    { text: "MC 5500-0000-0000-0004 and Amex 3782 822463 10005", spans: [{ type: 'CREDIT_CARD', start: 3, end: 22 }, { type: 'CREDIT_CARD', start: 32, end: 49 }] },
    { text: "Number is 4929752490197650", spans: [{ type: 'CREDIT_CARD', start: 10, end: 26 }] },
    { text: "Discover 6011000000000004, Amex 340000000000009", spans: [{ type: 'CREDIT_CARD', start: 9, end: 25 }, { type: 'CREDIT_CARD', start: 32, end: 47 }] },
    { text: "two cards 4111 1111 1111 1111 5500 0000 0000 0004", spans: [{ type: 'CREDIT_CARD', start: 10, end: 29 }, { type: 'CREDIT_CARD', start: 30, end: 49 }] },
    // Mixed separators are how a card is disguised, not a sign it is something else; Luhn decides.
    { text: "4111 1111-1111 1111", spans: [{ type: 'CREDIT_CARD', start: 0, end: 19 }] },
  ],
  negative: [
    { text: "Card 4111 1111 1111 1112", why: "fails Luhn" },
    { text: "Ref 1234567812345670", why: "passes Luhn but no known issuer prefix" },
    { text: "0000 0000 0000 0000", why: "one digit repeated" },
    { text: "order 41111111111111110", why: "20 digits" },
    { text: "id A4111111111111111", why: "glued to a letter" },
  ],
});
