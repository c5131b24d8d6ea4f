import { createDateRecognizer, dateOfBirthRecognizer } from '../../../electron/core/privacy/recognizers/date-of-birth.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(dateOfBirthRecognizer, {
  positive: [
    { text: "Please tell me your date of birth. It's 3/23/1940", spans: [{ type: 'DATE_OF_BIRTH', start: 40, end: 49 }] },
    { text: "She was born on 2/7/1961.", spans: [{ type: 'DATE_OF_BIRTH', start: 16, end: 24 }] },
    { text: "DOB: 1985-04-12", spans: [{ type: 'DATE_OF_BIRTH', start: 5, end: 15 }] },
    { text: "born 12 March 1985 in Leeds", spans: [{ type: 'DATE_OF_BIRTH', start: 5, end: 18 }] },
    { text: "Birthday: March 12th, 1985", spans: [{ type: 'DATE_OF_BIRTH', start: 10, end: 26 }] },
    { text: "geboren am 12.03.1985", spans: [{ type: 'DATE_OF_BIRTH', start: 11, end: 21 }] },
    { text: "23/03/1990 (DOB)", spans: [{ type: 'DATE_OF_BIRTH', start: 0, end: 10 }] },
  ],
  negative: [
    { text: "The invoice is due 3/23/2024.", why: "no birth words" },
    { text: "It's like that since 11/15/1979", why: "a date, but not a birth date" },
    { text: "born on 13/13/1985", why: "no such month" },
    { text: "born on 3/23/2150", why: "a birth in the future" },
    { text: "When: 1993-01-04 14:56:41", why: "a timestamp" },
    { text: "stubborn 3/23/1940", why: "'born' inside another word" },
  ],
});

// The dates setting: dates tied to a person add event dates near a person's words.
recognizerTable(createDateRecognizer('person-dates'), {
  positive: [
    { text: "born 12 March 1985 in Leeds", spans: [{ type: 'DATE_OF_BIRTH', start: 5, end: 18 }] },
    { text: "She was admitted on 2024-02-11 with chest pain", spans: [{ type: 'DATE', start: 20, end: 30 }] },
    { text: "her appointment is on 3 May 2026", spans: [{ type: 'DATE', start: 22, end: 32 }] },
  ],
  negative: [
    { text: "The release ships on 2024-02-11.", why: "a date tied to no one" },
    { text: "admitted on 31/31/2024", why: "no such day" },
  ],
});

// All dates: every real date, birth dates still typed as such.
recognizerTable(createDateRecognizer('all-dates'), {
  positive: [
    { text: "The release ships on 2024-02-11.", spans: [{ type: 'DATE', start: 21, end: 31 }] },
    { text: "DOB: 1985-04-12", spans: [{ type: 'DATE_OF_BIRTH', start: 5, end: 15 }] },
  ],
  negative: [{ text: "Version 2024-13-45 of the file", why: "no such month or day" }],
});
