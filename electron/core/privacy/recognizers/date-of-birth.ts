import { createContextMatcher } from './context-words.js';
import { createPatternRecognizer, type PatternHit, type Verdict } from './pattern-recognizer.js';

// A date is personal data when it is someone's birth date; any other date (a deadline, a
// timestamp) is not. So a date counts only with birth words just before it (or just after:
// "12/03/1985 (DOB)"). The words cover English, German, French, Spanish, Italian and Dutch.
const contextWords = [
  'born', 'birth', 'birthday', 'birthdate', 'dob', 'd.o.b', 'date of birth', 'b.', 'geboren', 'geb.', 'geburtsdatum',
  'né', 'née', 'naissance', 'nacido', 'nacida', 'fecha de nacimiento', 'data di nascita', 'geboortedatum',
];
const hasContext = createContextMatcher(contextWords, { before: 48, after: 8 });

const months =
  'jan(?:uary|\\.)?|feb(?:ruary|\\.)?|mar(?:ch|\\.)?|apr(?:il|\\.)?|may|jun(?:e|\\.)?|jul(?:y|\\.)?|aug(?:ust|\\.)?|sep(?:t(?:ember)?|\\.)?|oct(?:ober|\\.)?|nov(?:ember|\\.)?|dec(?:ember|\\.)?' +
  '|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre' +
  '|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre';
const monthNames = new Map<string, number>(
  [
    ['jan', 1], ['feb', 2], ['mar', 3], ['apr', 4], ['may', 5], ['jun', 6], ['jul', 7], ['aug', 8], ['sep', 9], ['oct', 10], ['nov', 11], ['dec', 12],
    ['januar', 1], ['februar', 2], ['märz', 3], ['mai', 5], ['juni', 6], ['juli', 7], ['oktober', 10], ['dezember', 12],
    ['janvier', 1], ['février', 2], ['mars', 3], ['avril', 4], ['juin', 6], ['juillet', 7], ['août', 8], ['septembre', 9],
    ['octobre', 10], ['novembre', 11], ['décembre', 12], ['enero', 1], ['febrero', 2], ['marzo', 3], ['abril', 4], ['mayo', 5],
    ['junio', 6], ['julio', 7], ['agosto', 8], ['septiembre', 9], ['octubre', 10], ['noviembre', 11], ['diciembre', 12],
  ],
);

const numericPattern = /(?<![\p{L}\p{N}\/.\-])(?<first>\d{1,2})(?<separator>[\/.\-])(?<second>\d{1,2})\k<separator>(?<year>\d{4}|\d{2})(?![\p{L}\p{N}]|[\/\-]\d|\.\d)/gu;
const isoPattern = /(?<![\p{L}\p{N}\/.\-])(?<year>\d{4})-(?<month>\d{1,2})-(?<day>\d{1,2})(?![\p{L}\p{N}]|[\-\/]\d)/gu;
const dayMonthPattern = new RegExp(
  `(?<![\\p{L}\\p{N}])(?<day>\\d{1,2})(?:st|nd|rd|th|\\.)?(?:\\s+of)?\\s+(?<month>${months})\\.?,?\\s+(?<year>\\d{4})(?![\\p{L}\\p{N}])`,
  'giu',
);
const monthDayPattern = new RegExp(
  `(?<![\\p{L}\\p{N}])(?<month>${months})\\.?\\s+(?<day>\\d{1,2})(?:st|nd|rd|th)?,?\\s+(?<year>\\d{4})(?![\\p{L}\\p{N}])`,
  'giu',
);

const currentYear = new Date().getFullYear();

function fullYear(text: string): number {
  const year = Number(text);
  if (text.length === 4) return year;
  // Two-digit years: a birth year is in the past, so 85 is 1985 and 07 is 2007.
  return year + (2000 + year <= currentYear ? 2000 : 1900);
}

function monthOf(name: string): number {
  const key = name.toLowerCase().replace(/\.$/, '');
  return monthNames.get(key) ?? monthNames.get(key.slice(0, 3)) ?? 0;
}

/**
 * Which dates the shield redacts, a setting: birth dates only (the default: a deadline or a
 * timestamp is not personal data), dates tied to a person (also "admitted on", "married on",
 * "her appointment on"), or every date.
 */
export type DateScope = 'birth-dates' | 'person-dates' | 'all-dates';

// Words that tie a date to someone's life: health, work, family, the law, and the possessive
// pronouns that name whose date it is.
const personDateWords = [
  'admitted', 'admission', 'discharged', 'discharge', 'appointment', 'visit', 'visited', 'diagnosed', 'diagnosis', 'surgery',
  'operation', 'treated', 'treatment', 'hired', 'employed', 'started', 'joined', 'resigned', 'fired', 'terminated', 'married',
  'marriage', 'divorced', 'died', 'death', 'deceased', 'arrested', 'convicted', 'sentenced', 'his', 'her', 'my', 'their',
];
const hasPersonContext = createContextMatcher(personDateWords, { before: 48, after: 0 });

/** Day, month and year of a hit, whichever pattern found it (month 0 when unreadable). */
function partsOf(hit: PatternHit): { day: number; month: number; year: number; swappable: boolean } {
  const groups = hit.match.groups ?? {};
  const year = fullYear(groups.year ?? '');
  if (groups.first !== undefined && groups.second !== undefined) {
    return { day: Number(groups.first), month: Number(groups.second), year, swappable: true };
  }
  const month = /^\d+$/.test(groups.month ?? '') ? Number(groups.month) : monthOf(groups.month ?? '');
  return { day: Number(groups.day), month, year, swappable: false };
}

/** A real day and month in a year range; day and month order differs by country (3/23 or 23/3): either reading will do. */
function plausible(hit: PatternHit, firstYear: number, lastYear: number): boolean {
  const { day, month, year, swappable } = partsOf(hit);
  const fits = (dayOf: number, monthOf: number) =>
    monthOf >= 1 && monthOf <= 12 && dayOf >= 1 && dayOf <= 31 && year >= firstYear && year <= lastYear;
  return fits(day, month) || (swappable && fits(month, day));
}

function validatorFor(scope: DateScope): (hit: PatternHit) => Verdict {
  return (hit) => {
    if (hasContext(hit.text, hit.start, hit.end)) return plausible(hit, 1900, currentYear);
    if (scope === 'birth-dates') return false;
    if (!plausible(hit, 1900, currentYear + 100)) return false;
    if (hasPersonContext(hit.text, hit.start, hit.end)) return { score: 0.75, type: 'DATE' };
    return scope === 'all-dates' ? { score: 0.7, type: 'DATE' } : false;
  };
}

/** Dates as the setting asks: birth dates (DATE_OF_BIRTH) always, other dates (DATE) by scope. */
export function createDateRecognizer(scope: DateScope = 'birth-dates') {
  return createPatternRecognizer({
    name: 'date-of-birth',
    contextWords,
    rules: [numericPattern, isoPattern, dayMonthPattern, monthDayPattern].map((pattern) => ({
      type: 'DATE_OF_BIRTH' as const,
      pattern,
      score: 0.85,
      validate: validatorFor(scope),
    })),
  });
}

export const dateOfBirthRecognizer = createDateRecognizer();
