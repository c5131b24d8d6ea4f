import type { Gazetteers } from './gazetteers.js';
import type { TextRange } from './known-organizations.js';
import type { WordToken } from './word-tokens.js';

/**
 * Names that follow a cue only an organisation follows: a form field ("Employer: Aselsan",
 * "company=Initech") or a phrase about work ("works at Concentrix", "an offer from Flipkart",
 * "CEO of Ørsted"). The tagger saw such cues in synthetic text, but there an unknown one-word
 * name is mostly a person, so it often calls "Aselsan" a person or a place.
 *
 * The name is the run of capitalised words right after the cue (joining words such as "of",
 * "&" or "de" inside it), at most six words on one line. A run the place list knows whole
 * ("welcome to Berlin") or one that starts with a person's title or a given name ("works for
 * Dr. Chen", "works for Sarah", and so also "works at Morgan Stanley", which the list knows)
 * is left alone.
 */
export function cuedOrganizations(text: string, tokens: readonly WordToken[], gazetteers: Gazetteers): TextRange[] {
  const found: TextRange[] = [];
  for (const cue of text.matchAll(cuePattern)) {
    const after = cue.index + cue[0].length;
    const first = tokens.findIndex((token) => token.start >= after);
    if (first < 0) continue;
    const words = nameRun(tokens, first);
    if (words.length === 0) continue;
    const head = words[0] as WordToken;
    if (gazetteers.has('person-titles', head.text) || gazetteers.has('never-entities', words.map((word) => word.text).join(' '))) continue;
    if (gazetteers.has('first-names', head.text) || gazetteers.placeTokens(words).every(Boolean)) continue;
    found.push({ start: head.start, end: (words[words.length - 1] as WordToken).end });
  }
  return found;
}

/**
 * Field labels of forms, CSV headers written out and logs ("Company:", "employer =") and
 * phrases about where someone works or what they deal with. Each ends where the name begins.
 */
const fieldLabels = [
  'company', 'company name', 'employer', 'employer name', 'organisation', 'organization', 'org', 'firm', 'business',
  'bank', 'merchant', 'vendor', 'supplier', 'carrier', 'courier', 'insurer', 'insurance company', 'university', 'school',
  'college', 'hospital', 'clinic', 'practice', 'gp practice', 'agency', 'institution', 'workplace', 'place of work',
  'current employer', 'previous employer', 'client company', 'law firm',
];
const workPhrases = [
  'works? (?:at|for)', 'worked (?:at|for)', 'working (?:at|for)', 'employed (?:at|by)', 'employee of', 'employees of',
  'job at', 'internship at', 'interned at', 'position at', 'role at', 'career at', 'offer from', 'hired by', 'acquired by',
  'subsidiary of', 'on behalf of', 'applying to', 'applied to', 'welcome to', 'joined', 'joining', 'partnered with',
  '(?:ceo|cto|cfo|coo|founder|co-founder|chairman|chairwoman|president|spokesperson|spokesman|spokeswoman) (?:of|at)',
  // "at" only: "Head of Sales" or "Director of Engineering" name a department.
  '(?:head|director|vice president|vp|manager|engineer|analyst|intern|lawyers?|attorneys?|auditors?|consultants?) at',
];
const cuePattern = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:${fieldLabels.join('|')})[ \\t]*[:=][ \\t]*|(?:${workPhrases.join('|')})[ \\t]+(?:the[ \\t]+)?)`,
  'giu',
);

/** Lower-case words allowed inside a name between capitalised ones ("Bank of America", "Marks & Spencer"). */
const joiningWords = new Set(['of', 'and', 'for', 'de', 'del', 'der', 'des', 'di', 'da', 'do', 'du', 'la', 'le', 'y', 'e', 'et', 'und', 'für', '&', '-', '.', "'", '’', '+']);

/** The capitalised words that start at `first`, on one line, with joining words between them. */
function nameRun(tokens: readonly WordToken[], first: number): WordToken[] {
  const run: WordToken[] = [];
  let capitalised = 0;
  for (let index = first; index < tokens.length && capitalised < 6; index += 1) {
    const token = tokens[index] as WordToken;
    if (index > first && token.newlineBefore) break;
    if (/^[\p{Lu}\p{N}]/u.test(token.text) && /[\p{L}]/u.test(token.text)) {
      run.push(token);
      capitalised += 1;
    } else if (index > first && joiningWords.has(token.text.toLowerCase()) && !(token.text === '.' && tokens[index + 1]?.spaceBefore !== false)) {
      // A full stop joins only inside a word ("Booking.com", "S.A."): one before a space ends the sentence.
      run.push(token);
    } else {
      break;
    }
  }
  while (run.length > 0 && joiningWords.has((run[run.length - 1] as WordToken).text.toLowerCase())) run.pop();
  return run;
}
