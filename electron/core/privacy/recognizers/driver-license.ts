import { createContextMatcher } from './context-words.js';
import { drivingLicenceIdentifiers } from './national-ids/driving-licences.js';
import { ruleOf } from './national-ids/identifier-definition.js';
import { createPatternRecognizer } from './pattern-recognizer.js';

const contextWords = [
  "driver's license", "drivers license", 'driver license', "driver's licence", 'drivers licence', 'driver licence',
  'driving licence', 'driving license', 'license number', 'licence number', 'license no', 'licence no', 'dl', 'dl#',
  'dln', 'führerschein', 'permis de conduire', 'licencia de conducir', 'carnet de conducir', 'patente di guida', 'rijbewijs',
];
const hasContext = createContextMatcher(contextWords, { before: 48, after: 0 });

// US states alone use dozens of formats (9 digits; a letter and 7-14 digits; letters, digits and
// a trailing letter...). One permissive shape of 5-20 letters, digits and dashes with at least
// four digits, gated by licence words nearby.
const numberPattern = /(?<![\p{L}\p{N}\-])(?=[A-Za-z0-9\-]*\d)[A-Za-z0-9][A-Za-z0-9\-]{3,18}[A-Za-z0-9](?![\p{L}\p{N}\-])/gu;

export const driverLicenseRecognizer = createPatternRecognizer({
  name: 'driver-license',
  contextWords,
  rules: [
    {
      type: 'DRIVER_LICENSE',
      pattern: numberPattern,
      score: 0.75,
      validate: ({ value, text, start, end }) => (value.match(/\d/g)?.length ?? 0) >= 4 && hasContext(text, start, end),
    },
    // Countries with a published shape (the UK's DVLA number, Italy, Korea), named in `detail`.
    ...drivingLicenceIdentifiers.map(ruleOf),
  ],
});
