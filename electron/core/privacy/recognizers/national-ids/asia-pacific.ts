import { passesVerhoeff } from '../checksums/verhoeff.js';
import { digitsOf, weightedSum } from '../checksums/weighted-sum.js';
import { isCalendarDay, type IdentifierDefinition } from './identifier-definition.js';

// Identifiers of Asia and the Pacific. Sources: UIDAI (Aadhaar), Income Tax Department (PAN),
// GSTN (GSTIN), ABR and ASIC (ABN, ACN), ATO (TFN), Services Australia (Medicare), ICA
// Singapore (NRIC/FIN), Korean Resident Registration Act, Thai Department of Provincial Administration.

/**
 * Korean business registration number (사업자등록번호), ddd-dd-ddddd: weights 1,3,7,1,3,7,1,3,5
 * on nine digits plus the tens of the ninth digit times 5; check = 10 - sum mod 10 (10 is 0).
 */
export function validKoreanBrn(value: string): boolean {
  const digits = digitsOf(value);
  if (digits.length !== 10) return false;
  const sum = weightedSum(digits, [1, 3, 7, 1, 3, 7, 1, 3, 5]) + Math.floor((Number(digits.charAt(8)) * 5) / 10);
  return (10 - (sum % 10)) % 10 === Number(digits.charAt(9));
}

const base36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** GSTIN: state code, the holder's PAN, an entity digit, Z, and a mod-36 check character. */
export function validGstin(value: string): boolean {
  const code = value.toUpperCase();
  let sum = 0;
  for (let index = 0; index < 14; index += 1) {
    const product = base36.indexOf(code.charAt(index)) * (index % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return base36.charAt((36 - (sum % 36)) % 36) === code.charAt(14);
}

/** ABN: subtract 1 from the first digit, weights 10, 1, 3, 5, ..., 19, sum divisible by 89. */
export function validAbn(value: string): boolean {
  const digits = digitsOf(value);
  if (digits.length !== 11 || digits.startsWith('0')) return false;
  return (weightedSum(digits, [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]) - 10) % 89 === 0;
}

/** ACN: weights 8..1 on eight digits; check = (10 - sum mod 10) mod 10. */
export function validAcn(value: string): boolean {
  const digits = digitsOf(value);
  return digits.length === 9 && (10 - (weightedSum(digits, [8, 7, 6, 5, 4, 3, 2, 1]) % 10)) % 10 === Number(digits.charAt(8));
}

/** TFN: weights 1, 4, 3, 7, 5, 8, 6, 9, 10 over all nine digits, sum divisible by 11. */
export function validTfn(value: string): boolean {
  const digits = digitsOf(value);
  return digits.length === 9 && weightedSum(digits, [1, 4, 3, 7, 5, 8, 6, 9, 10]) % 11 === 0;
}

/** Medicare card: first digit 2-6, weights 1, 3, 7, 9, 1, 3, 7, 9; the ninth digit is the sum mod 10; then the issue number. */
export function validMedicareNumber(value: string): boolean {
  const digits = digitsOf(value);
  return digits.length === 10 && /^[2-6]/.test(digits) && weightedSum(digits, [1, 3, 7, 9, 1, 3, 7, 9]) % 10 === Number(digits.charAt(8));
}

/**
 * NRIC (S, T: citizens born before/after 2000) and FIN (F, G: foreigners before/after 2000):
 * weights 2, 7, 6, 5, 4, 3, 2, plus 4 for T and G, remainder mod 11 indexes the check letter.
 */
export function validSingaporeNric(value: string): boolean {
  const code = value.toUpperCase();
  const prefix = code.charAt(0);
  const sum = weightedSum(code.slice(1, 8), [2, 7, 6, 5, 4, 3, 2]) + (prefix === 'T' || prefix === 'G' ? 4 : 0);
  const letters = prefix === 'S' || prefix === 'T' ? 'JZIHGFEDCBA' : 'XWUTRQPNMLK';
  return letters.charAt(sum % 11) === code.charAt(8);
}

/**
 * Korean RRN: YYMMDD, a sex and century digit (1-4 for citizens), six more; weights 2..9, 2..5
 * and check = (11 - sum mod 11) mod 10. Numbers issued since October 2020 carry no check digit:
 * those are only found when announced.
 */
export function validKoreanRrn(value: string): boolean {
  return koreanRegistrationShape(value, /^[1-4]$/);
}
export function passesKoreanRrnCheck(value: string): boolean {
  const digits = digitsOf(value);
  return (11 - (koreanRegistrationSum(digits) % 11)) % 10 === Number(digits.charAt(12));
}

/**
 * Korean FRN (외국인등록번호), the RRN of registered foreigners: the same shape with a sex and
 * century digit of 5-8, the same weights, and check = (13 - sum mod 11) mod 10 (Presidio's
 * KrFrnRecognizer). Since October 2020 the last six digits are random, as for the RRN.
 */
export function validKoreanFrn(value: string): boolean {
  return koreanRegistrationShape(value, /^[5-8]$/);
}
export function passesKoreanFrnCheck(value: string): boolean {
  const digits = digitsOf(value);
  return (13 - (koreanRegistrationSum(digits) % 11)) % 10 === Number(digits.charAt(12));
}

function koreanRegistrationShape(value: string, sexAndCentury: RegExp): boolean {
  const digits = digitsOf(value);
  return digits.length === 13 && isCalendarDay(Number(digits.slice(2, 4)), Number(digits.slice(4, 6))) && sexAndCentury.test(digits.charAt(6));
}

function koreanRegistrationSum(digits: string): number {
  return weightedSum(digits, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]);
}

/**
 * Singapore UEN check letter, in its three forms (weights and alphabets as python-stdnum's
 * sg/uen.py and Presidio's SgUenRecognizer both publish them):
 * - business (ROB), eight digits: weights 10,4,9,3,8,2,7,1, letter "XMKECAWLJDB"[sum mod 11];
 * - local company (ROC), a year and five digits: weights 10,8,6,4,9,7,5,3,1, letter
 *   "ZKCMDNERGWH"[sum mod 11], the year not in the future;
 * - other entities, T/S/R (20xx/19xx/18xx), the year's last two digits, an entity type, four
 *   digits: characters valued by their place in "ABCDEFGHJKLMNPQRSTUVWX0123456789", weights
 *   4,3,5,3,10,2,2,5,7, and the check is that alphabet's character at (sum - 5) mod 11.
 * The entity types are python-stdnum's list and Presidio's one more (HC).
 */
const uenEntityTypes = new Set([
  'CC', 'CD', 'CH', 'CL', 'CM', 'CP', 'CS', 'CX', 'DP', 'FB', 'FC', 'FM', 'FN', 'GA', 'GB', 'GS', 'HC', 'HS', 'LL', 'LP',
  'MB', 'MC', 'MD', 'MH', 'MM', 'MQ', 'NB', 'NR', 'PA', 'PB', 'PF', 'RF', 'RP', 'SM', 'SS', 'TC', 'TU', 'VH', 'XL',
]);
const uenOtherAlphabet = 'ABCDEFGHJKLMNPQRSTUVWX0123456789';
export function validSingaporeUen(value: string, currentYear = new Date().getFullYear()): boolean {
  const code = value.toUpperCase();
  const check = code.charAt(code.length - 1);
  if (/^\d{8}[A-Z]$/.test(code)) return 'XMKECAWLJDB'.charAt(weightedSum(code, [10, 4, 9, 3, 8, 2, 7, 1]) % 11) === check;
  if (/^\d{9}[A-Z]$/.test(code)) {
    if (Number(code.slice(0, 4)) > currentYear) return false;
    return 'ZKCMDNERGWH'.charAt(weightedSum(code, [10, 8, 6, 4, 9, 7, 5, 3, 1]) % 11) === check;
  }
  if (!/^[RST]\d{2}[A-Z]{2}\d{4}[A-Z]$/.test(code) || !uenEntityTypes.has(code.slice(3, 5))) return false;
  if (code.startsWith('T') && Number(code.slice(1, 3)) > currentYear % 100) return false;
  const weights = [4, 3, 5, 3, 10, 2, 2, 5, 7];
  let sum = 0;
  for (let index = 0; index < weights.length; index += 1) sum += uenOtherAlphabet.indexOf(code.charAt(index)) * (weights[index] ?? 0);
  return uenOtherAlphabet.charAt((((sum - 5) % 11) + 11) % 11) === check;
}

/** Thai national ID: thirteen digits, first 1-8; weights 13..2, check = (11 - sum mod 11) mod 10. */
export function validThaiNationalId(value: string): boolean {
  const digits = digitsOf(value);
  if (digits.length !== 13 || !/^[1-8]/.test(digits)) return false;
  return (11 - (weightedSum(digits, [13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11)) % 10 === Number(digits.charAt(12));
}

export const asiaPacificIdentifiers: readonly IdentifierDefinition[] = [
  {
    entity: 'IN_AADHAAR',
    regions: ['IN'],
    pattern: '[2-9]\\d{3}(?<aadhaarSeparator>[ \\-]?)\\d{4}\\k<aadhaarSeparator>\\d{4}',
    validate: (value) => passesVerhoeff(digitsOf(value)),
    contextWords: ['aadhaar', 'aadhar', 'uidai', 'uid'],
    // Below the threshold alone: one random twelve-digit run in ten passes Verhoeff.
    score: 0.4,
    scoreWithContext: 0.9,
  },
  {
    entity: 'IN_PAN',
    regions: ['IN'],
    // The fourth letter says what kind of holder: P person, C company, H family, F firm, ...
    pattern: '[A-Z]{3}[ABCFGHJLPT][A-Z]\\d{4}[A-Z]',
    validate: () => true,
    contextWords: ['pan', 'permanent account number', 'income tax'],
    score: 0.6,
    scoreWithContext: 0.9,
  },
  {
    entity: 'IN_GSTIN',
    regions: ['IN'],
    pattern: '[0-3]\\d[A-Z]{3}[ABCFGHJLPT][A-Z]\\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]',
    validate: validGstin,
    contextWords: ['gstin', 'gst number', 'gst no', 'gst'],
    score: 0.9,
    scoreWithContext: 0.95,
  },
  {
    entity: 'AU_ABN',
    regions: ['AU'],
    pattern: '\\d{2} ?\\d{3} ?\\d{3} ?\\d{3}',
    validate: validAbn,
    contextWords: ['abn', 'australian business number'],
    score: 0,
    scoreWithContext: 0.9,
  },
  {
    entity: 'AU_ACN',
    regions: ['AU'],
    pattern: '\\d{3}(?<acnSeparator>[ \\-]?)\\d{3}\\k<acnSeparator>\\d{3}',
    validate: validAcn,
    contextWords: ['acn', 'australian company number'],
    score: 0,
    scoreWithContext: 0.9,
  },
  {
    entity: 'AU_TFN',
    regions: ['AU'],
    pattern: '\\d{3}(?<tfnSeparator>[ \\-]?)\\d{3}\\k<tfnSeparator>\\d{3}',
    validate: validTfn,
    contextWords: ['tfn', 'tax file number', 'tax file no'],
    score: 0,
    scoreWithContext: 0.9,
  },
  {
    entity: 'AU_MEDICARE',
    regions: ['AU'],
    pattern: '[2-6]\\d{3} ?\\d{5} ?\\d',
    validate: validMedicareNumber,
    contextWords: ['medicare', 'medicare card', 'medicare number'],
    score: 0,
    scoreWithContext: 0.9,
  },
  {
    entity: 'SG_NRIC_FIN',
    regions: ['SG'],
    pattern: '[STFGstfg]\\d{7}[A-Za-z]',
    validate: validSingaporeNric,
    contextWords: ['nric', 'fin', 'ic number', 'identity card'],
    score: 0.85,
    scoreWithContext: 0.95,
  },
  {
    entity: 'KR_RRN',
    regions: ['KR'],
    pattern: '\\d{6}-\\d{7}',
    validate: (value) => validKoreanRrn(value) && passesKoreanRrnCheck(value),
    contextWords: ['rrn', 'resident registration', '주민등록번호', '주민번호'],
    score: 0.6,
    scoreWithContext: 0.95,
  },
  {
    entity: 'KR_RRN',
    regions: ['KR'],
    // Since October 2020 the last six digits are random: the shape alone, when announced.
    pattern: '\\d{6}-?\\d{7}',
    validate: validKoreanRrn,
    contextWords: ['rrn', 'resident registration', '주민등록번호', '주민번호'],
    score: 0,
    scoreWithContext: 0.85,
  },
  {
    entity: 'KR_FRN',
    regions: ['KR'],
    pattern: '\\d{6}-\\d{7}',
    validate: (value) => validKoreanFrn(value) && passesKoreanFrnCheck(value),
    contextWords: ['frn', '외국인등록번호', '외국인번호', 'foreigner registration', 'foreign registration', 'alien registration'],
    score: 0.6,
    scoreWithContext: 0.95,
  },
  {
    entity: 'KR_FRN',
    regions: ['KR'],
    // Since October 2020 the last six digits are random: the shape alone, when announced. A
    // foreigner's number is often filed under the RRN's name, so those words count too.
    pattern: '\\d{6}-?\\d{7}',
    validate: validKoreanFrn,
    contextWords: [
      'frn', '외국인등록번호', '외국인번호', 'foreigner registration', 'foreign registration', 'alien registration',
      'rrn', 'resident registration', '주민등록번호', '주민번호',
    ],
    score: 0,
    scoreWithContext: 0.85,
  },
  {
    entity: 'PH_TIN',
    regions: ['PH'],
    // Nine digits and a branch code; the BIR publishes no check digit, so only when announced.
    pattern: '\\d{3}-\\d{3}-\\d{3}(?:-\\d{3,5})?',
    validate: () => true,
    contextWords: ['tin', 'tin no', 'taxpayer identification number', 'bir'],
    score: 0,
    scoreWithContext: 0.8,
  },
  {
    entity: 'TH_TNIN',
    regions: ['TH'],
    pattern: '[1-8](?<thaiSeparator>[ \\-]?)\\d{4}\\k<thaiSeparator>\\d{5}\\k<thaiSeparator>\\d{2}\\k<thaiSeparator>\\d',
    validate: validThaiNationalId,
    contextWords: ['thai id', 'national id', 'tnin', 'id card', 'เลขประจำตัวประชาชน', 'บัตรประชาชน'],
    score: 0,
    scoreWithContext: 0.9,
  },
  {
    entity: 'KR_BRN',
    regions: ['KR'],
    pattern: '\\d{3}-\\d{2}-\\d{5}',
    validate: validKoreanBrn,
    contextWords: ['사업자등록번호', '사업자번호', 'business registration', 'brn'],
    score: 0,
    scoreWithContext: 0.85,
  },
  {
    entity: 'IN_VOTER_ID',
    regions: ['IN'],
    // EPIC (Electors Photo Identity Card): three letters and seven digits; no published check.
    pattern: '[A-Za-z]{3}\\d{7}',
    validate: () => true,
    contextWords: ['epic', 'voter id', 'voter card', 'electoral photo identity', 'elector', 'मतदाता'],
    score: 0,
    scoreWithContext: 0.8,
  },
  {
    entity: 'IN_VEHICLE_REGISTRATION',
    regions: ['IN'],
    // State code, district number, series letters and a four-digit number: MH 12 AB 1234.
    pattern: '[A-Za-z]{2}[ \\-]?\\d{1,2}[ \\-]?[A-Za-z]{1,3}[ \\-]?\\d{4}',
    validate: () => true,
    contextWords: ['vehicle registration', 'registration number', 'vehicle number', 'number plate', 'rc number', 'vehicle no'],
    score: 0,
    scoreWithContext: 0.75,
  },
  {
    entity: 'SG_UEN',
    regions: ['SG'],
    // Unique Entity Number: businesses (8 digits and a letter), local companies (year, 5 digits,
    // a letter) and other entities (T/S/R, year, a two-letter entity type, 4 digits, a letter),
    // each with its check letter. One random code in eleven passes it, and part numbers look
    // alike, so only when announced.
    pattern: '\\d{8}[A-Za-z]|(?:18|19|20)\\d{7}[A-Za-z]|[TSRtsr]\\d{2}[A-Za-z]{2}\\d{4}[A-Za-z]',
    validate: (value) => validSingaporeUen(value),
    contextWords: ['uen', 'unique entity number', 'acra', 'business registration'],
    score: 0,
    scoreWithContext: 0.8,
  },
];
