import { passesLuhn } from '../checksums/luhn.js';
import { digitsOf } from '../checksums/weighted-sum.js';
import { isCalendarDay, type IdentifierDefinition } from './identifier-definition.js';

// Identifiers of Türkiye and Africa. Sources: NVİ (T.C. Kimlik No), Department of Home Affairs
// (South African ID), NIMC (Nigerian NIN: eleven digits, no published check digit).

/**
 * T.C. Kimlik No: eleven digits, the first not 0; the tenth is (7 × odd-place sum − even-place
 * sum) mod 10 over the first nine, the eleventh the sum of the first ten mod 10.
 */
export function validTurkishIdentityNumber(value: string): boolean {
  if (!/^[1-9]\d{10}$/.test(value)) return false;
  const digit = (index: number) => value.charCodeAt(index) - 48;
  const odd = digit(0) + digit(2) + digit(4) + digit(6) + digit(8);
  const even = digit(1) + digit(3) + digit(5) + digit(7);
  const tenth = (((odd * 7 - even) % 10) + 10) % 10;
  let firstTen = 0;
  for (let index = 0; index < 10; index += 1) firstTen += digit(index);
  return tenth === digit(9) && firstTen % 10 === digit(10);
}

/** South African ID: YYMMDD, SSSS, citizenship 0-2, a digit, and a Luhn check digit. */
export function validSouthAfricanId(value: string): boolean {
  const digits = digitsOf(value);
  return (
    digits.length === 13 &&
    isCalendarDay(Number(digits.slice(2, 4)), Number(digits.slice(4, 6))) &&
    /^[0-2]$/.test(digits.charAt(10)) &&
    passesLuhn(digits)
  );
}

export const middleEastAfricaIdentifiers: readonly IdentifierDefinition[] = [
  {
    entity: 'TR_NATIONAL_ID',
    regions: ['TR'],
    pattern: '[1-9]\\d{10}',
    validate: validTurkishIdentityNumber,
    contextWords: ['tc kimlik', 't.c. kimlik', 'kimlik no', 'kimlik numarası', 'tckn', 'tc no', 'turkish id'],
    score: 0,
    scoreWithContext: 0.9,
  },
  {
    entity: 'ZA_ID',
    regions: ['ZA'],
    pattern: '\\d{6} ?\\d{4} ?\\d{3}',
    validate: validSouthAfricanId,
    contextWords: ['id number', 'identity number', 'south african id', 'rsa id', 'id no'],
    score: 0,
    scoreWithContext: 0.9,
  },
  {
    entity: 'NG_NIN',
    regions: ['NG'],
    pattern: '\\d{11}',
    validate: () => true,
    contextWords: ['nin', 'national identification number', 'nimc'],
    score: 0,
    scoreWithContext: 0.8,
  },
  {
    entity: 'TR_VEHICLE_REGISTRATION',
    regions: ['TR'],
    // Province code 01-81, one to three letters, two to four digits: 34 ABC 123.
    pattern: '(?:0[1-9]|[1-7]\\d|8[01]) ?[A-Za-z]{1,3} ?\\d{2,4}',
    validate: () => true,
    contextWords: ['plaka', 'plate', 'number plate', 'vehicle registration', 'araç'],
    score: 0,
    scoreWithContext: 0.75,
  },
  {
    entity: 'NG_VEHICLE_REGISTRATION',
    regions: ['NG'],
    // Local government code, three digits, two letters: ABC 123 DE.
    pattern: '[A-Za-z]{3}[ \\-]?\\d{3}[ \\-]?[A-Za-z]{2}',
    validate: () => true,
    contextWords: ['plate number', 'number plate', 'vehicle registration', 'plate'],
    score: 0,
    scoreWithContext: 0.75,
  },
];
