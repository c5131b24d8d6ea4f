import { passportRecognizer } from '../../../electron/core/privacy/recognizers/passport.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(passportRecognizer, {
  positive: [
    { text: "Passport number: C01X00T47", spans: [{ type: 'PASSPORT', start: 17, end: 26 }] },
    { text: "passport no. 123456789", spans: [{ type: 'PASSPORT', start: 13, end: 22 }] },
    { text: "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10", spans: [{ type: 'PASSPORT', start: 0, end: 89 }] },
  ],
  negative: [
    { text: "Order number: 123456789", why: "no passport words" },
    { text: "My passport expires soon", why: "no number" },
    { text: "passport photo ABCDEFG", why: "not enough digits" },
  ],
});
