import { passesLuhn } from '../checksums/luhn.js';
import { digitsOf, weightedSum } from '../checksums/weighted-sum.js';
import { isCalendarDay, type IdentifierDefinition } from './identifier-definition.js';

// Identifiers of the Americas. Sources: IRS (ITIN), ABA/Federal Reserve (routing numbers), CMS
// (NPI and MBI format specifications), Service Canada (SIN), state medical boards (licence
// numbers: a letter or two and digits), Presidio's US_BANK_NUMBER (8-17 digits).

/**
 * DEA registration number: two letters and seven digits; (d1 + d3 + d5) + 2 x (d2 + d4 + d6)
 * ends in d7.
 */
export function validDeaNumber(value: string): boolean {
  const digits = value.slice(2);
  if (!/^\d{7}$/.test(digits)) return false;
  return weightedSum(digits, [1, 2, 1, 2, 1, 2]) % 10 === Number(digits.charAt(6));
}

/** ITIN: 9xx-xx-xxxx with the middle group in 50-65, 70-88, 90-92 or 94-99. */
export function validItin(value: string): boolean {
  const group = Number(digitsOf(value).slice(3, 5));
  return (group >= 50 && group <= 65) || (group >= 70 && group <= 88) || (group >= 90 && group <= 92) || group >= 94;
}

/**
 * ABA routing number: the first two digits are a Federal Reserve district (00-12), a thrift
 * (21-32), an electronic one (61-72) or traveller's cheques (80); weights 3, 7, 1 sum to 0 mod 10.
 */
export function validAbaRoutingNumber(value: string): boolean {
  const digits = digitsOf(value);
  const prefix = Number(digits.slice(0, 2));
  const knownPrefix = prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
  return digits.length === 9 && knownPrefix && weightedSum(digits, [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 === 0;
}

/** NPI: ten digits starting 1 or 2; Luhn over the digits prefixed with 80840 (the card issuer prefix of US health). */
export function validNpi(value: string): boolean {
  return passesLuhn(`80840${digitsOf(value)}`);
}

/**
 * A US bank account number has no national format or check digit: 8-17 digits, told apart only
 * by the words before it. A run that is a card number (Luhn-valid, 13-19 digits, a card
 * network's first digit) is left to the card recognizer, which names it better; eight digits
 * that read as a date (20240115) are the date an account was opened, not its number.
 */
export function plausibleBankAccountNumber(value: string): boolean {
  if (value.length >= 13 && /^[2-6]/.test(value) && passesLuhn(value)) return false;
  return !(value.length === 8 && /^(?:19|20)\d{2}/.test(value) && isCalendarDay(Number(value.slice(4, 6)), Number(value.slice(6, 8))));
}

/** MBI has no check digit; its shape (letters without S, L, O, I, B, Z) is the whole rule. */
const mbiLetter = '[AC-HJKMNP-RT-Yac-hjkmnp-rt-y]';
const mbiAlphanumeric = '[AC-HJKMNP-RT-Yac-hjkmnp-rt-y0-9]';

export const americanIdentifiers: readonly IdentifierDefinition[] = [
  {
    entity: 'US_ITIN',
    regions: ['US'],
    pattern: '9\\d{2}(?<itinSeparator>[ \\-])\\d{2}\\k<itinSeparator>\\d{4}',
    validate: validItin,
    contextWords: ['itin', 'individual taxpayer', 'taxpayer identification'],
    score: 0.75,
    scoreWithContext: 0.95,
  },
  {
    entity: 'ABA_ROUTING_NUMBER',
    regions: ['US'],
    pattern: '\\d{4}-?\\d{4}-?\\d',
    validate: validAbaRoutingNumber,
    contextWords: ['routing', 'routing number', 'aba', 'aba number', 'rtn', 'transit number', 'routing no'],
    score: 0,
    scoreWithContext: 0.9,
  },
  {
    entity: 'US_NPI',
    regions: ['US'],
    pattern: '[12]\\d{9}',
    validate: validNpi,
    contextWords: ['npi', 'national provider', 'provider number', 'provider id'],
    score: 0,
    scoreWithContext: 0.9,
  },
  {
    entity: 'US_MBI',
    regions: ['US'],
    pattern: `[1-9]${mbiLetter}${mbiAlphanumeric}\\d-?${mbiLetter}${mbiAlphanumeric}\\d-?${mbiLetter}{2}\\d{2}`,
    validate: () => true,
    contextWords: ['mbi', 'medicare beneficiary', 'medicare number', 'medicare id'],
    // Without a check digit, an unannounced MBI shape is only a hint (part numbers look alike).
    score: 0.4,
    scoreWithContext: 0.9,
  },
  {
    entity: 'CA_SIN',
    regions: ['CA'],
    pattern: '\\d{3}(?<sinSeparator>[ \\-]?)\\d{3}\\k<sinSeparator>\\d{3}',
    validate: (value) => passesLuhn(digitsOf(value)),
    contextWords: ['sin', 'social insurance', 'numéro d\'assurance sociale', 'nas'],
    score: 0,
    scoreWithContext: 0.85,
  },
  {
    entity: 'US_DEA',
    regions: ['US'],
    pattern: '[ABCDEFGHJKLMPRSTUXabcdefghjklmprstux][A-Za-z9]\\d{7}',
    validate: validDeaNumber,
    contextWords: ['dea', 'dea number', 'dea no', 'dea registration', 'prescriber'],
    score: 0.4,
    scoreWithContext: 0.9,
  },
  {
    entity: 'US_BANK_NUMBER',
    regions: ['US'],
    // Not an amount ($12345678, 12345678.50) nor part of a dotted or slashed code.
    pattern: '(?<![$€£¥.,/\\-])\\d{8,17}(?![.,/\\-]\\d)',
    validate: plausibleBankAccountNumber,
    // Bare "checking" and "savings" are too often a verb or an amount ("checking order ...",
    // "savings of ..."): only the account phrases count.
    contextWords: [
      'account number', 'account no', 'account #', 'account#', 'acct', 'acct no', 'acct #', 'acct#', 'bank account',
      'checking account', 'checking acct', 'savings account', 'savings acct', 'deposit account', 'beneficiary account',
    ],
    contextAdjacent: true,
    score: 0,
    // Below the ABA entry's 0.9: a routing number announced as such keeps its name when account
    // words are also near.
    scoreWithContext: 0.8,
  },
  {
    entity: 'US_MEDICAL_LICENSE',
    regions: ['US'],
    // State medical licences: a capital letter or two and 4-8 digits (California A 12345,
    // Florida ME 12345), or 5-8 digits alone (New York 123456). Capitals only, so "no 12345"
    // after "license" is not taken for a prefix; four digits alone are a year; amounts ($25000,
    // 25000.00) are fees.
    pattern: '(?<![$€£¥.,])(?:[A-Z]{1,2}[ \\-]?\\d{4,8}|\\d{5,8})(?![.,]\\d)',
    validate: () => true,
    // "license no" alone is a driving licence as often: only medical words count here.
    contextWords: [
      'medical license', 'medical licence', 'medical license number', 'medical licence number', 'medical license no',
      'state medical license', 'physician license', 'physician licence', 'license to practice medicine', 'md license',
    ],
    // "Medical license renewal costs 25000": the words must announce the number itself.
    contextAdjacent: true,
    score: 0,
    scoreWithContext: 0.85,
  },
];
