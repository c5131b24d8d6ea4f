import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import type { Span } from '../../../shared/privacy.js';
import type { Recognizer } from '../recognizer.js';
import { createContextMatcher } from './context-words.js';

/** Regions whose national formats are read without a country code; '+' numbers work for all. */
export const defaultPhoneRegions: readonly CountryCode[] = ['US', 'GB', 'DE', 'FR'];

/**
 * The person's regions: the region of the operating system's locale (Intl reads it from the
 * environment, LANG on Linux), then the fixed defaults, so a German "0151 23456789" is found on a
 * German machine and the usual formats still are everywhere else.
 */
export function regionsFromLocale(locale: string = Intl.DateTimeFormat().resolvedOptions().locale): CountryCode[] {
  let region: string | undefined;
  try {
    region = new Intl.Locale(locale).maximize().region;
  } catch (error) {
    // An unreadable locale tag ("C", "POSIX") names no region: the defaults serve.
    if (!(error instanceof RangeError)) throw error;
  }
  const regions: CountryCode[] = [];
  if (region && isSupportedCountry(region)) regions.push(region as CountryCode);
  for (const fallback of defaultPhoneRegions) if (!regions.includes(fallback)) regions.push(fallback);
  return regions;
}

// Words that make a number a phone number. "office", "home" and "fax" often come after it
// ("089 72 63 41 office"), so the window also looks a little ahead.
const phoneWords = [
  'phone', 'telephone', 'tel', 'mobile', 'cell', 'cellphone', 'fax', 'call', 'calling', 'ring', 'dial', 'reach', 'contact',
  'phone number', 'mobile number', 'contact number', 'whatsapp', 'sms', 'text me', 'office', 'home', 'work', 'landline',
  'answering', 'voicemail', 'hotline', 'téléphone', 'portable', 'telefon', 'handy', 'rufnummer',
];
const hasContext = createContextMatcher(phoneWords, { before: 40, after: 16 });
// Words that make a digit run something else: a licence, a card, an account, an order.
const otherNumberWords = [
  'license', 'licence', 'passport', 'card', 'account', 'iban', 'ssn', 'social security', 'order', 'invoice', 'tracking',
  'customer', 'reference', 'ref', 'id', 'serial', 'policy', 'member', 'ticket', 'booking', 'confirmation', 'buffer', 'bytes',
  'hex',
  // The words of national identifiers (national-ids/): their validated number wins over a phone shape.
  'routing', 'aba', 'nhs', 'npi', 'mbi', 'medicare', 'abn', 'acn', 'tfn', 'tax file', 'pesel', 'sin', 'social insurance',
  'national insurance', 'aadhaar', 'bsn', 'steuer-id', 'steuerid', 'kimlik', 'personnummer', 'hetu', 'nric', 'itin', 'tax id',
  'organisationsnummer', 'orgnr', 'org nr', 'frn', 'uen', '외국인등록번호', '주민등록번호', '운전면허번호', '여권', 'pasaporte', 'passaporto',
  'patente', "carta d'identità",
];
const hasOtherContext = createContextMatcher(otherNumberWords, { before: 32, after: 0 });
// The analyzer boosts a hit when one of these comes just before it: only words that say "phone".
const contextWords = ['phone', 'telephone', 'tel', 'mobile', 'cell', 'fax', 'call', 'dial', 'whatsapp', 'sms', 'téléphone', 'telefon'];

// Phone-shaped runs: an optional international prefix, an optional area code in brackets, then
// digit groups joined by one separator each (space, dot, dash, slash) and an optional extension.
// libphonenumber's own text scanner costs 2-3 ms per KB and region, and far more on long runs of
// digits and spaces (its pattern backtracks), so candidates are cut out here, in linear time
// (every separator is mandatory, so a digit run splits one way only), and libphonenumber only
// parses and validates each candidate.
const separator = '(?:[ \\u00A0]?[.\\-\\/][ \\u00A0]?|[ \\u00A0])';
const candidatePattern = new RegExp(
  [
    '(?<![\\p{L}\\p{N}_+])',
    `(?:(?:\\+|00)\\d{1,3}${separator}?)?`,
    `(?:\\(\\d{1,5}\\)${separator}?)?`,
    `\\d{1,12}(?:${separator}\\d{1,12}){0,7}`,
    '(?:[ \\u00A0]?(?:x|ext\\.?|extension|#)[ \\u00A0]?\\d{1,6})?',
    '(?![\\p{L}\\p{N}_])',
  ].join(''),
  'giu',
);

// Shapes that libphonenumber's lenient mode accepts but that are something else.
const dateShape = /^(?:\d{1,2}[./\-]\d{1,2}[./\-]\d{2,4}|\d{4}[./\-]\d{1,2}[./\-]\d{1,2})$/;
const ssnShape = /^\d{3}-\d{2}-\d{4}$/;
const dottedQuad = /^\d{1,3}(?:\.\d{1,3}){3}$/;
// "Apt. 722 20 40": the number of a flat, a suite or a box, and the house number after it.
const streetAfter = /^[ \t]+(?!(?:office|fax|mobile|home|work|cell|ext)\b)\p{Lu}\p{Ll}+(?:[ \t]+\p{L}+)*[ \t]+(?:street|st|avenue|ave|road|rd|lane|drive|way|court|place|boulevard)\b/iu;
const unitBefore = /(?<![\p{L}])(?:apt|apartment|suite|ste|unit|box|room|rm|floor|fl)\.?\s*#?\s*$/iu;
const yearRangeShape = /^(?:1[89]|20)\d{2}\s*[\-–]\s*(?:1[89]|20)\d{2}$/;
const currencyBefore = /(?:[$€£¥₹]|\b(?:usd|eur|gbp|chf|jpy|inr)\s?)$/i;
const currencyAfter = /^\s?(?:[$€£¥₹%]|(?:usd|eur|gbp|chf|dollars?|euros?|pounds?)\b)/i;

/**
 * Phone numbers: phone-shaped candidates parsed by libphonenumber-js (full metadata) in each
 * default region. A number that is valid in a region (a real range of a real plan) scores high,
 * higher when international or announced ("call", "fax", "office"); one that is merely possible
 * (the right length: fake or unassigned ranges, short local numbers) counts only when announced.
 * An unformatted run of digits counts only when international or announced: without a phone
 * shape or a phone word it is as likely an account, a routing or an identity number.
 * Six digits count only when announced and grouped; fewer never. Dates, year ranges, amounts,
 * decimals, IPv4 addresses and the SSN shape 3-2-4 are never phones.
 */
export function createPhoneRecognizer(requestedRegions: readonly CountryCode[] = regionsFromLocale()): Recognizer {
  // A code from a setting that libphonenumber does not know would make it throw on every parse.
  const regions = requestedRegions.filter((region) => isSupportedCountry(region));
  return {
    name: 'phone',
    contextWords,
    analyze(text: string): Span[] {
      if (countDigits(text) < 6) return [];
      const candidates: Span[] = [];
      for (const candidate of text.matchAll(candidatePattern)) {
        const start = candidate.index;
        const end = start + candidate[0].length;
        const digits = countDigits(candidate[0]);
        if (digits < 6 || digits > 21) continue;
        // "1 2 3 4 5 6 7" is a list of numbers; phone plans group digits in twos to fours.
        if ((candidate[0].match(/(?<!\d)\d(?!\d)/g)?.length ?? 0) >= 3) continue;
        const reading = readPhoneNumber(candidate[0], regions);
        if (!reading) continue;
        const score = scoreCandidate(text, start, end, reading.isValid());
        if (score > 0) candidates.push({ type: 'PHONE', start, end, score, source: 'phone' });
      }
      return candidates;
    },
  };
}

/**
 * The candidate as a phone number: international ("+" or "00") as written, national in the
 * first region where it is valid, else the first where it is at least possible.
 */
function readPhoneNumber(candidate: string, regions: readonly CountryCode[]): PhoneNumber | undefined {
  const international = candidate.replace(/^00(?=\d)/, '+');
  if (international.startsWith('+')) {
    const parsed = parsePhoneNumberFromString(international, { extract: false });
    return parsed?.isPossible() ? parsed : undefined;
  }
  let possible: PhoneNumber | undefined;
  for (const region of regions) {
    const parsed = parsePhoneNumberFromString(candidate, { defaultCountry: region, extract: false });
    if (!parsed) continue;
    if (parsed.isValid()) return parsed;
    if (!possible && parsed.isPossible()) possible = parsed;
  }
  return possible;
}

function scoreCandidate(text: string, start: number, end: number, valid: boolean): number {
  const value = text.slice(start, end);
  const digits = countDigits(value.replace(/\s*(?:x|ext\.?|extension|#)\s*\d+$/i, ''));
  // E.164 allows at most 15 digits: more is a card or an account number.
  if (digits < 6 || digits > 15) return 0;
  // Glued to letters or digits, it is part of a longer token (an IBAN, a hash, a serial).
  if (/[\p{L}\p{N}]/u.test(text.charAt(start - 1)) || /[\p{L}\p{N}]/u.test(text.charAt(end))) return 0;
  // Right after another digit group ("4111 1111 1111 1111 12/25"), it is the tail of something
  // else; right after "CVE-" or "rfc-", it is the number of an identifier.
  if (/\d[ \-.]$|[\p{L}\p{N}_][\-_./]$/u.test(text.slice(Math.max(0, start - 2), start))) return 0;
  // Followed by ":12", it is the date before a time ("Aug 26 1964 00:00:00").
  if (/^:\d/.test(text.slice(end, end + 2))) return 0;
  const bare = value.replace(/^\(|\)$/g, '');
  // One dot or comma between two digit runs is a decimal number or an arXiv id (2106.08254);
  // dots mixed with dashes are versions and section numbers (5.6.18-156); a leading date is a
  // DOI or a file name (2021.07.09.450648).
  if (/^\d+[.,]\d+$/.test(bare) || (bare.includes('.') && bare.includes('-'))) return 0;
  if (/^(?:19|20)\d{2}[./\-]\d{1,2}[./\-]\d{1,2}/.test(bare)) return 0;
  if (dateShape.test(bare) || yearRangeShape.test(value) || ssnShape.test(value) || dottedQuad.test(value)) return 0;
  if (currencyBefore.test(text.slice(Math.max(0, start - 5), start)) || currencyAfter.test(text.slice(end, end + 9))) return 0;
  if (unitBefore.test(text.slice(Math.max(0, start - 12), start))) return 0;
  // "14 3684 Court Street": a short digit group followed by a name is a house number and more.
  if (digits <= 8 && streetAfter.test(text.slice(end, end + 40))) return 0;
  const international = value.startsWith('+') || /^00\d/.test(value);
  const context = hasContext(text, start, end);
  // Six digits ("61 51 81") are a phone number only in a few countries, and only when said so.
  if (digits === 6) return context && /[\s.\-]/.test(value) ? 0.6 : 0;
  if (!context && !international && hasOtherContext(text, start, end)) return 0.3;
  // A run of digits with no grouping is too often an order or account number.
  const grouped = /[\s().\-]/.test(value);
  if (valid) {
    if (international || context) return 0.95;
    // Unformatted and unannounced: in text and code such runs are mostly sizes, ids and counts,
    // and a bare run of nine digits is as likely an account, a routing or an identity number.
    if (!grouped) return 0;
    return digits >= 10 ? 0.8 : 0.65;
  }
  // Merely possible (the right length, no real range): fake numbers, local numbers without area code.
  if (context) return grouped ? 0.7 : 0.6;
  return grouped ? 0.4 : 0;
}

function countDigits(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) count += 1;
  }
  return count;
}

export const phoneRecognizer = createPhoneRecognizer();
