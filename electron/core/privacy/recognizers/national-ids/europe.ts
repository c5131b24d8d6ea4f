import { passesLuhn } from '../checksums/luhn.js';
import { mod97 } from '../checksums/mod-97.js';
import { digitsOf, weightedSum } from '../checksums/weighted-sum.js';
import { isCalendarDay, type IdentifierDefinition } from './identifier-definition.js';

// European national identity, tax and health numbers. Sources: each issuer's published format
// (HMRC, NHS Digital, AEAT, Agenzia delle Entrate, Belastingdienst, INSEE, BZSt, PESEL act,
// DVV Finland, Skatteverket).

/** UK NINO prefixes never issued: BG, GB, KN, NK, NT, TN, ZZ. */
function validUkNino(value: string): boolean {
  return !['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(value.slice(0, 2).toUpperCase());
}

/** NHS number: weights 10..2 on nine digits, check = 11 - sum mod 11 (11 is 0, 10 is never issued). */
export function validNhsNumber(value: string): boolean {
  const digits = digitsOf(value);
  if (digits.length !== 10) return false;
  const check = 11 - (weightedSum(digits, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits.charAt(9));
}

/** Spanish DNI/NIF (8 digits) and NIE (X/Y/Z and 7 digits): check letter = number mod 23. */
const spanishLetters = 'TRWAGMYFPDXBNJZSQVHLCKE';
export function validSpanishId(value: string): boolean {
  const compact = value.replace(/[\s-]/g, '').toUpperCase();
  const prefix = 'XYZ'.indexOf(compact.charAt(0));
  const number = prefix >= 0 ? `${prefix}${compact.slice(1, -1)}` : compact.slice(0, -1);
  return spanishLetters.charAt(Number(number) % 23) === compact.slice(-1);
}

// Italian codice fiscale: odd positions (1st, 3rd, ...) map through this table, even positions
// count as their digit or letter index; the check letter is the sum mod 26. Digits may be
// replaced by letters (omocodia, for people whose codes would otherwise collide).
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

/** Dutch BSN: the "11-proof", weights 9..2 and -1. */
export function passesElevenProof(value: string): boolean {
  const digits = digitsOf(value);
  if (digits.length !== 9 || digits === '000000000') return false;
  return (weightedSum(digits, [9, 8, 7, 6, 5, 4, 3, 2, -1]) % 11) === 0;
}

/** French NIR: key = 97 - (13 digits mod 97); Corsica's departments 2A and 2B count as 19 and 18. */
export function validFrenchNir(value: string): boolean {
  const compact = value.replace(/\s/g, '').toUpperCase();
  const body = compact.slice(0, 13).replace('2A', '19').replace('2B', '18');
  return 97 - mod97(body) === Number(compact.slice(13));
}

/** German Steuer-IdNr and other ISO 7064 MOD 11,10 check digits. */
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

/** LANR (lebenslange Arztnummer): digits 1-6 weighted 4,9,4,9,4,9; check = 10 - sum mod 10 (10 is 0). */
export function validLanr(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const check = (10 - (weightedSum(value, [4, 9, 4, 9, 4, 9]) % 10)) % 10;
  return check === Number(value.charAt(6));
}

/**
 * KVNR (Krankenversichertennummer, eGK): a letter (A=01 .. Z=26) and nine digits; the letter's
 * two digits and the next eight, weighted 1,2,1,2,..., each product's digits added, give the
 * tenth digit as sum mod 10.
 */
export function validKvnr(value: string): boolean {
  const code = value.toUpperCase();
  if (!/^[A-Z]\d{9}$/.test(code)) return false;
  const letter = String(code.charCodeAt(0) - 64).padStart(2, '0');
  const digits = `${letter}${code.slice(1, 9)}`;
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    const product = Number(digits.charAt(index)) * (index % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 10) + (product % 10);
  }
  return sum % 10 === Number(code.charAt(9));
}

/**
 * German Rentenversicherungsnummer: area (2 digits), birth date DDMMYY, the initial of the birth
 * name, a serial (2 digits) and a check digit. The letter counts as its two-digit alphabet
 * position; weights 2,1,2,5,7,1,2,1,2,1,2,1, each product's digits added, sum mod 10.
 */
export function validRvnr(value: string): boolean {
  const code = value.replace(/\s/g, '').toUpperCase();
  if (!/^\d{8}[A-Z]\d{3}$/.test(code)) return false;
  if (!isCalendarDay(Number(code.slice(4, 6)), Number(code.slice(2, 4)))) return false;
  const digits = `${code.slice(0, 8)}${String(code.charCodeAt(8) - 64).padStart(2, '0')}${code.slice(9, 11)}`;
  const weights = [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1];
  let sum = 0;
  for (let index = 0; index < weights.length; index += 1) {
    const product = Number(digits.charAt(index)) * (weights[index] ?? 0);
    sum += Math.floor(product / 10) + (product % 10);
  }
  return sum % 10 === Number(code.charAt(11));
}

/** PESEL: birth date (months +20/+40/+60/+80 for other centuries), weights 1,3,7,9,... mod 10. */
export function validPesel(value: string): boolean {
  if (!/^\d{11}$/.test(value)) return false;
  const month = Number(value.slice(2, 4)) % 20;
  if (!isCalendarDay(month, Number(value.slice(4, 6)))) return false;
  const check = (10 - (weightedSum(value, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]) % 10)) % 10;
  return check === Number(value.charAt(10));
}

/** Finnish henkilötunnus: DDMMYY, century sign, 3 digits, check = DDMMYYNNN mod 31 in this alphabet. */
const finnishCheck = '0123456789ABCDEFHJKLMNPRSTUVWXY';
export function validFinnishIdentityCode(value: string): boolean {
  const code = value.toUpperCase();
  if (!isCalendarDay(Number(code.slice(2, 4)), Number(code.slice(0, 2)))) return false;
  const number = Number(code.slice(0, 6) + code.slice(7, 10));
  return finnishCheck.charAt(number % 31) === code.charAt(10);
}

/** Swedish personnummer: (YY)YYMMDD, - or +, NNNC; Luhn over the ten digits YYMMDDNNNC. */
export function validSwedishPersonalNumber(value: string): boolean {
  const digits = digitsOf(value).slice(-10);
  // Samordningsnummer add 60 to the day.
  const day = Number(digits.slice(4, 6)) % 60;
  return isCalendarDay(Number(digits.slice(2, 4)), day) && passesLuhn(digits);
}

/**
 * Swedish organisationsnummer (Bolagsverket): ten digits, the first a group digit, the third 2
 * or more (so it is never a birth month, as in a personnummer), the last a Luhn check digit.
 */
export function validSwedishOrganisationNumber(value: string): boolean {
  const digits = digitsOf(value);
  return digits.length === 10 && Number(digits.charAt(2)) >= 2 && passesLuhn(digits);
}

/**
 * German ID card and passport numbers: an optional tenth character is the ICAO 9303 check
 * digit, weights 7, 3, 1 over the nine characters (digits as themselves, A=10 ... Z=35), mod 10.
 */
export function validGermanDocumentNumber(value: string): boolean {
  const code = value.toUpperCase();
  if (!/\d/.test(code)) return false;
  if (code.length === 9) return true;
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let sum = 0;
  for (let index = 0; index < 9; index += 1) sum += alphabet.indexOf(code.charAt(index)) * ([7, 3, 1][index % 3] ?? 0);
  return sum % 10 === Number(code.charAt(9));
}

export const europeanIdentifiers: readonly IdentifierDefinition[] = [
  {
    entity: 'UK_NINO',
    regions: ['GB'],
    pattern: '[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]',
    validate: validUkNino,
    contextWords: ['national insurance', 'ni number', 'nino', 'ni no', 'insurance number'],
    score: 0.7,
    scoreWithContext: 0.95,
  },
  {
    entity: 'UK_NHS',
    regions: ['GB'],
    pattern: '\\d{3}(?<nhsSeparator>[ \\-]?)\\d{3}\\k<nhsSeparator>\\d{4}',
    validate: validNhsNumber,
    contextWords: ['nhs', 'nhs number', 'nhs no', 'health service', 'chi number'],
    score: 0,
    scoreWithContext: 0.9,
  },
  {
    entity: 'ES_NIF',
    regions: ['ES'],
    pattern: '\\d{8}[ \\-]?[A-Za-z]',
    validate: validSpanishId,
    contextWords: ['dni', 'nif', 'documento nacional'],
    score: 0.85,
    scoreWithContext: 0.95,
  },
  {
    // The foreigner's number (X, Y or Z for 0, 1, 2 and seven digits), with the DNI's check letter.
    entity: 'ES_NIE',
    regions: ['ES'],
    pattern: '[XYZxyz][ \\-]?\\d{7}[ \\-]?[A-Za-z]',
    validate: validSpanishId,
    contextWords: ['nie', 'nif', 'número de identidad de extranjero', 'numero de identidad de extranjero', 'tie'],
    score: 0.85,
    scoreWithContext: 0.95,
  },
  {
    entity: 'IT_FISCAL_CODE',
    regions: ['IT'],
    pattern:
      '[A-Za-z]{6}[\\dLMNPQRSTUVlmnpqrstuv]{2}[ABCDEHLMPRSTabcdehlmprst][\\dLMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][\\dLMNPQRSTUVlmnpqrstuv]{3}[A-Za-z]',
    validate: validItalianFiscalCode,
    contextWords: ['codice fiscale', 'cf'],
    score: 0.95,
    scoreWithContext: 0.95,
  },
  {
    entity: 'IT_VAT_CODE',
    regions: ['IT'],
    pattern: '(?:IT ?)?\\d{11}',
    // The partita IVA's check digit is the Luhn algorithm over its eleven digits.
    validate: (value) => passesLuhn(digitsOf(value)),
    contextWords: ['partita iva', 'p.iva', 'p. iva', 'piva', 'vat', 'vat number'],
    score: 0,
    scoreWithContext: 0.85,
  },
  {
    entity: 'IT_IDENTITY_CARD',
    regions: ['IT'],
    // Paper card: two letters and seven digits (AA 1234567); CIE 2.0: seven digits and two
    // letters; CIE 3.0: two letters, five digits, two letters (CA00000AA). No check character.
    pattern: '[A-Za-z]{2} ?\\d{7}|\\d{7}[A-Za-z]{2}|[A-Za-z]{2}\\d{5}[A-Za-z]{2}',
    validate: () => true,
    contextWords: [
      "carta d'identità", "carta d'identita", 'carta di identità', 'carta identità', 'identità', 'cie', "documento d'identità",
      'documento di identità', 'documento di riconoscimento', 'italian identity card', 'italian id card',
    ],
    score: 0,
    scoreWithContext: 0.8,
  },
  {
    entity: 'NL_BSN',
    regions: ['NL'],
    pattern: '\\d{4}\\.?\\d{2}\\.?\\d{3}',
    validate: passesElevenProof,
    contextWords: ['bsn', 'burgerservicenummer', 'sofinummer', 'sofi'],
    score: 0,
    scoreWithContext: 0.85,
  },
  {
    entity: 'FR_NIR',
    regions: ['FR'],
    pattern: '[12] ?\\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\\d) ?(?:\\d{2}|2[ABab]) ?\\d{3} ?\\d{3} ?\\d{2}',
    validate: validFrenchNir,
    contextWords: ['sécurité sociale', 'numéro de sécurité sociale', 'nir', 'insee'],
    score: 0.9,
    scoreWithContext: 0.95,
  },
  {
    entity: 'DE_TAX_ID',
    regions: ['DE'],
    pattern: '[1-9]\\d(?: ?\\d{3}){3}',
    validate: (value) => {
      const digits = digitsOf(value);
      return digits.length === 11 && passesIso7064Mod1110(digits);
    },
    contextWords: ['steuer-id', 'steuerid', 'steuer id', 'steueridentifikationsnummer', 'identifikationsnummer', 'idnr', 'tax id', 'steuernummer'],
    score: 0,
    scoreWithContext: 0.85,
  },
  {
    entity: 'DE_ID_CARD_OR_PASSPORT',
    regions: ['DE'],
    // Nine characters from the reduced alphabet of the Personalausweis and the Reisepass (no
    // vowels, no B, D, Q, S), optionally the check digit.
    pattern: '[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}\\d?',
    validate: validGermanDocumentNumber,
    contextWords: ['personalausweis', 'ausweisnummer', 'ausweis', 'identity card', 'id card', 'id number', 'id no', 'reisepass'],
    score: 0,
    scoreWithContext: 0.8,
  },
  {
    entity: 'PL_PESEL',
    regions: ['PL'],
    pattern: '\\d{11}',
    validate: validPesel,
    contextWords: ['pesel', 'numer pesel'],
    score: 0,
    scoreWithContext: 0.9,
  },
  {
    entity: 'FI_PERSONAL_IDENTITY_CODE',
    regions: ['FI'],
    pattern: '\\d{6}[+\\-A-FU-Ya-fu-y]\\d{3}[0-9A-Ya-y]',
    validate: validFinnishIdentityCode,
    contextWords: ['henkilötunnus', 'hetu', 'personal identity code', 'personbeteckning'],
    score: 0.85,
    scoreWithContext: 0.95,
  },
  {
    entity: 'SE_PERSONAL_NUMBER',
    regions: ['SE'],
    pattern: '(?:19|20)?\\d{6}[\\-+]\\d{4}',
    validate: validSwedishPersonalNumber,
    contextWords: ['personnummer', 'personal identity number', 'samordningsnummer'],
    score: 0.6,
    scoreWithContext: 0.95,
  },
  {
    entity: 'SE_ORGANISATIONSNUMMER',
    regions: ['SE'],
    pattern: '\\d{6}-?\\d{4}',
    validate: validSwedishOrganisationNumber,
    contextWords: ['organisationsnummer', 'org.nr', 'orgnr', 'org nr', 'org. nr', 'företagsnummer', 'organisation number', 'organization number'],
    // One ten-digit run in ten passes Luhn: only when announced.
    score: 0,
    scoreWithContext: 0.85,
  },
  {
    entity: 'DE_LANR',
    regions: ['DE'],
    pattern: '\\d{9}',
    validate: validLanr,
    contextWords: ['lanr', 'arztnummer', 'lebenslange arztnummer'],
    score: 0,
    scoreWithContext: 0.85,
  },
  {
    entity: 'DE_KVNR',
    regions: ['DE'],
    pattern: '[A-Za-z]\\d{9}',
    validate: validKvnr,
    contextWords: ['kvnr', 'krankenversichertennummer', 'versichertennummer', 'versicherten-nr', 'krankenkasse', 'egk'],
    score: 0.3,
    scoreWithContext: 0.9,
  },
  {
    entity: 'DE_SOCIAL_SECURITY',
    regions: ['DE'],
    pattern: '\\d{2} ?\\d{6} ?[A-Za-z] ?\\d{3}',
    validate: validRvnr,
    contextWords: ['rentenversicherungsnummer', 'sozialversicherungsnummer', 'rvnr', 'svnr', 'versicherungsnummer'],
    score: 0.6,
    scoreWithContext: 0.95,
  },
  {
    entity: 'DE_VAT_ID',
    regions: ['DE'],
    pattern: 'DE ?\\d{9}',
    validate: (value) => passesIso7064Mod1110(digitsOf(value)),
    contextWords: ['ust-idnr', 'ust-id', 'umsatzsteuer', 'vat', 'vat id', 'vat number'],
    score: 0.6,
    scoreWithContext: 0.9,
  },
  {
    entity: 'DE_BSNR',
    regions: ['DE'],
    // Betriebsstättennummer: nine digits, no published check digit, so only when announced.
    pattern: '\\d{9}',
    validate: () => true,
    contextWords: ['bsnr', 'betriebsstättennummer', 'betriebsstaettennummer'],
    score: 0,
    scoreWithContext: 0.8,
  },
  {
    entity: 'UK_VEHICLE_REGISTRATION',
    regions: ['GB'],
    // Current DVLA format: two letters (area), two digits (age), three letters: AB51 ABC.
    pattern: '[A-Za-z]{2}\\d{2} ?[A-Za-z]{3}',
    validate: () => true,
    contextWords: ['registration', 'reg', 'reg no', 'number plate', 'vehicle registration', 'vrm'],
    score: 0,
    scoreWithContext: 0.75,
  },
];
