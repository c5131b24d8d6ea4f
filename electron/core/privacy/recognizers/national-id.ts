import { passesLuhn } from './checksums/luhn.js';
import { mod97 } from './checksums/mod-97.js';
import { passesVerhoeff } from './checksums/verhoeff.js';
import { createContextMatcher } from './context-words.js';
import { createPatternRecognizer, type PatternRule } from './pattern-recognizer.js';

// National identity, tax and social insurance numbers of common countries. Numbers with a
// check digit or letter are validated; bare digit runs that only context can tell apart from
// any other number (NL BSN, DE tax id, CA SIN) count only with their words nearby.

const before = '(?<![\\p{L}\\p{N}])';
const after = '(?![\\p{L}\\p{N}])';

function pattern(source: string, flags = 'gu'): RegExp {
  return new RegExp(`${before}${source}${after}`, flags);
}

function context(words: string[]) {
  return createContextMatcher(words, { before: 48, after: 0 });
}

function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}

// UK National Insurance number: two prefix letters (D, F, I, Q, U, V never; O not second; BG,
// GB, KN, NK, NT, TN, ZZ never issued), six digits, a suffix A-D.
const ukNinoContext = context(['national insurance', 'ni number', 'nino', 'ni no', 'insurance number']);
function validUkNino(value: string): boolean {
  const prefix = value.slice(0, 2).toUpperCase();
  return !['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(prefix);
}

// India: Aadhaar (12 digits, never starting 0 or 1, Verhoeff check digit) and PAN (5 letters,
// 4 digits, a letter; the fourth letter says what kind of holder: P person, C company, ...).
const aadhaarContext = context(['aadhaar', 'aadhar', 'uidai', 'uid']);
const panContext = context(['pan', 'permanent account number', 'income tax']);

// Spain: DNI (8 digits and a check letter) and NIE (X, Y or Z, 7 digits and a check letter).
const spanishLetters = 'TRWAGMYFPDXBNJZSQVHLCKE';
function validSpanishId(value: string): boolean {
  const compact = value.replace(/[\s\-]/g, '').toUpperCase();
  const prefix = 'XYZ'.indexOf(compact.charAt(0));
  const number = prefix >= 0 ? `${prefix}${compact.slice(1, -1)}` : compact.slice(0, -1);
  return spanishLetters.charAt(Number(number) % 23) === compact.slice(-1);
}

// Italy: codice fiscale, 16 characters with a check letter. Digits may be replaced by letters
// (omocodia, for people whose codes would otherwise collide).
const italianOdd: Record<string, number> = {
  0: 1, 1: 0, 2: 5, 3: 7, 4: 9, 5: 13, 6: 15, 7: 17, 8: 19, 9: 21, A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19,
  J: 21, K: 2, L: 4, M: 18, N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23,
};
export function validItalianFiscalCode(value: string): boolean {
  const code = value.toUpperCase();
  let sum = 0;
  for (let index = 0; index < 15; index += 1) {
    const character = code.charAt(index);
    if (index % 2 === 0) sum += italianOdd[character] ?? 0;
    else sum += /\d/.test(character) ? Number(character) : character.charCodeAt(0) - 65;
  }
  return String.fromCharCode(65 + (sum % 26)) === code.charAt(15);
}

// Netherlands: BSN, 9 digits passing the "11-proof" (weights 9..2 and -1).
const bsnContext = context(['bsn', 'burgerservicenummer', 'sofinummer', 'sofi']);
export function passesElevenProof(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || digits === '000000000') return false;
  let sum = 0;
  for (let index = 0; index < 8; index += 1) sum += Number(digits.charAt(index)) * (9 - index);
  sum -= Number(digits.charAt(8));
  return sum % 11 === 0;
}

// France: NIR (numéro de sécurité sociale), 13 digits and a 2-digit key = 97 - (number mod 97);
// Corsica's departments 2A and 2B count as 19 and 18.
export function validFrenchNir(value: string): boolean {
  const compact = value.replace(/\s/g, '').toUpperCase();
  const body = compact.slice(0, 13).replace('2A', '19').replace('2B', '18');
  const key = Number(compact.slice(13));
  return 97 - mod97(body) === key;
}

// Germany: tax id (Steuerliche Identifikationsnummer, 11 digits, ISO 7064 MOD 11,10) and the
// identity card number (9 characters from a reduced alphabet, optionally a 7-3-1 check digit).
const germanTaxContext = context(['steuer-id', 'steuerid', 'steuer id', 'steueridentifikationsnummer', 'identifikationsnummer', 'idnr', 'tax id', 'steuernummer']);
export function passesIso7064Mod1110(digits: string): boolean {
  let product = 10;
  for (let index = 0; index < digits.length - 1; index += 1) {
    let sum = (Number(digits.charAt(index)) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  let check = 11 - product;
  if (check === 10) check = 0;
  return check === Number(digits.charAt(digits.length - 1));
}
const germanIdContext = context(['personalausweis', 'ausweisnummer', 'ausweis', 'identity card', 'id card', 'id number', 'id no']);

// Canada: SIN, 9 digits passing Luhn.
const canadianSinContext = context(['sin', 'social insurance']);

// US ITIN: 9xx-xx-xxxx with group 50-65, 70-88, 90-92 or 94-99.
function validItin(digits: string): boolean {
  const group = Number(digits.slice(3, 5));
  return (group >= 50 && group <= 65) || (group >= 70 && group <= 88) || (group >= 90 && group <= 92) || group >= 94;
}

const rules: PatternRule[] = [
  {
    type: 'NATIONAL_ID',
    pattern: pattern('[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]'),
    score: 0.7,
    validate: ({ value, text, start, end }) => validUkNino(value) && (ukNinoContext(text, start, end) ? 0.95 : true),
  },
  {
    type: 'NATIONAL_ID',
    pattern: pattern('[2-9]\\d{3}(?<separator>[ \\-]?)\\d{4}\\k<separator>\\d{4}'),
    score: 0.5,
    validate: ({ value, text, start, end }) =>
      passesVerhoeff(digitsOf(value)) && (aadhaarContext(text, start, end) ? 0.9 : 0.4),
  },
  {
    type: 'NATIONAL_ID',
    pattern: pattern('[A-Z]{3}[ABCFGHJLPT][A-Z]\\d{4}[A-Z]'),
    score: 0.6,
    validate: ({ text, start, end }) => (panContext(text, start, end) ? 0.9 : true),
  },
  {
    type: 'NATIONAL_ID',
    pattern: pattern('(?:\\d{8}|[XYZxyz][ \\-]?\\d{7})[ \\-]?[A-Za-z]'),
    score: 0.85,
    validate: ({ value }) => validSpanishId(value),
  },
  {
    type: 'NATIONAL_ID',
    pattern: pattern(
      '[A-Za-z]{6}[\\dLMNPQRSTUVlmnpqrstuv]{2}[ABCDEHLMPRSTabcdehlmprst][\\dLMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][\\dLMNPQRSTUVlmnpqrstuv]{3}[A-Za-z]',
    ),
    score: 0.95,
    validate: ({ value }) => validItalianFiscalCode(value),
  },
  {
    type: 'NATIONAL_ID',
    pattern: pattern('\\d{4}\\.?\\d{2}\\.?\\d{3}'),
    score: 0.85,
    validate: ({ value, text, start, end }) => passesElevenProof(digitsOf(value)) && bsnContext(text, start, end),
  },
  {
    type: 'NATIONAL_ID',
    pattern: pattern('[12] ?\\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\\d) ?(?:\\d{2}|2[ABab]) ?\\d{3} ?\\d{3} ?\\d{2}'),
    score: 0.9,
    validate: ({ value }) => validFrenchNir(value),
  },
  {
    type: 'NATIONAL_ID',
    pattern: pattern('[1-9]\\d(?: ?\\d{3}){3}'),
    score: 0.85,
    validate: ({ value, text, start, end }) => {
      const digits = digitsOf(value);
      return digits.length === 11 && passesIso7064Mod1110(digits) && germanTaxContext(text, start, end);
    },
  },
  {
    type: 'NATIONAL_ID',
    pattern: pattern('[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}\\d?'),
    score: 0.8,
    validate: ({ value, text, start, end }) => /\d/.test(value) && germanIdContext(text, start, end),
  },
  {
    type: 'NATIONAL_ID',
    pattern: pattern('\\d{3}(?<separator>[ \\-]?)\\d{3}\\k<separator>\\d{3}'),
    score: 0.85,
    validate: ({ value, text, start, end }) => passesLuhn(digitsOf(value)) && canadianSinContext(text, start, end),
  },
  {
    type: 'NATIONAL_ID',
    pattern: pattern('9\\d{2}(?<separator>[ \\-])\\d{2}\\k<separator>\\d{4}'),
    score: 0.75,
    validate: ({ value }) => validItin(digitsOf(value)),
  },
];

export const nationalIdRecognizer = createPatternRecognizer({
  name: 'national-id',
  contextWords: [
    'national id', 'identity', 'id number', 'national insurance', 'aadhaar', 'pan', 'dni', 'nie', 'nif', 'codice fiscale',
    'bsn', 'sécurité sociale', 'numéro de sécurité sociale', 'nir', 'steuer-id', 'personalausweis', 'sin', 'itin', 'tax id',
  ],
  rules,
});
