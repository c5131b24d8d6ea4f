import { passportRecognizer } from '../../../electron/core/privacy/recognizers/passport.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(passportRecognizer, {
  positive: [
    { text: "Passport number: C01X00T47", spans: [{ type: 'PASSPORT', start: 17, end: 26 }] },
    { text: "passport no. 123456789", spans: [{ type: 'PASSPORT', start: 13, end: 22 }] },
    { text: 'U.S. passport C12345678', spans: [{ type: 'PASSPORT', start: 14, end: 23 }] },
    { text: 'UK passport number 123456789', spans: [{ type: 'PASSPORT', start: 19, end: 28 }] },
    { text: 'Número de pasaporte: PAA123456', spans: [{ type: 'PASSPORT', start: 21, end: 30 }] },
    { text: 'Passaporto YA1234567', spans: [{ type: 'PASSPORT', start: 11, end: 20 }] },
    { text: 'Indian passport J83 69854', spans: [{ type: 'PASSPORT', start: 16, end: 25 }] },
    { text: '여권번호 M123A4567', spans: [{ type: 'PASSPORT', start: 5, end: 14 }] },
    { text: 'passport M12345678', spans: [{ type: 'PASSPORT', start: 9, end: 18 }] },
    { text: "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10", spans: [{ type: 'PASSPORT', start: 0, end: 89 }] },
  ],
  negative: [
    { text: "Order number: 123456789", why: "no passport words" },
    { text: "My passport expires soon", why: "no number" },
    { text: "passport photo ABCDEFG", why: "not enough digits" },
    { text: 'Serial C12345678 and 123456789', why: 'US passport shapes without passport words' },
    { text: 'Serial PAA123456 and YA1234567', why: 'Spanish and Italian passport shapes without passport words' },
    { text: '여권 사진 M123A', why: 'Korean passport words without a number' },
    { text: 'Ticket J8369854 and M123A4567', why: 'Indian and Korean passport shapes without passport words' },
  ],
});
