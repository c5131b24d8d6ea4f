import type { Span } from '../../../shared/privacy.js';
import type { Gazetteers } from './gazetteers.js';
import { entityPieces } from './span-pieces.js';
import { wordTokens, type WordToken } from './word-tokens.js';

/**
 * The last look at the entity spans the tagger and compromise found, with what the word lists
 * know: spans run across a seam of the text are cut into names (span-pieces.ts), slips are
 * dropped or trimmed, a name the lists confirm is kept when the tagger was
 * unsure, and a name with an organisation word becomes an organisation. The tagger learned
 * from synthetic text only; these rules carry what it cannot know from there.
 */
export function reviewEntitySpans(spans: readonly Span[], text: string, gazetteers: Gazetteers): Span[] {
  const reviewed: Span[] = [];
  const pieces = spans.flatMap((span) => withStreetShape(span, text, gazetteers)).flatMap((span) => entityPieces(span, text, gazetteers));
  for (const found of pieces) {
    if (cutsThroughWord(text, found)) continue;
    const span = withoutOpeningWord(found, text, gazetteers);
    if (!span || !isPlausible(text.slice(span.start, span.end), gazetteers)) continue;
    const named = withListSupport(withFamilyName(span, text, gazetteers), text, gazetteers);
    reviewed.push(asKnownPerson(asKnownPlace(withOrganizationHead(named, text, gazetteers), text, gazetteers), text, gazetteers));
  }
  return reviewed;
}

/** A name the lists confirm, or one with an organisation word, is kept at this score at least. */
const supportedScore = 0.6;

/**
 * A street line has a house number or a street word. The tagger learned streets from
 * synthetic addresses, and after "at" or "to" it sometimes calls a company one: a "street"
 * of capitalised words with neither is a place when the list knows it whole, else an
 * organisation ("the parcel went to Acme"); one that opens with such words and a comma
 * before the number ("Acme, 12 Main Street") is that name, then the street.
 */
function withStreetShape(span: Span, text: string, gazetteers: Gazetteers): Span[] {
  if (span.type !== 'STREET_ADDRESS') return [span];
  const value = text.slice(span.start, span.end);
  const comma = /^([^,\d]+),\s*(?=\d)/u.exec(value);
  const head = comma ? (comma[1] as string) : value;
  const words = letterWords(head);
  const isStreet = /\d/.test(head) || words.length === 0 || words.some((token) => gazetteers.has('street-words', token.text) || !/^\p{Lu}/u.test(token.text));
  if (isStreet) return [span];
  const type = gazetteers.placeTokens(words).every(Boolean) ? 'LOCATION' : 'ORGANIZATION';
  const name: Span = { ...span, type, end: span.start + head.trimEnd().length };
  if (!comma) return [name];
  return [name, { ...span, start: span.start + comma[0].length }];
}

/**
 * A span that starts or ends inside a run of letters and digits ("41d" of the UUID
 * "…-41d4-…") is a piece of an identifier, not a name. Only in scripts written with spaces
 * between words: Chinese, Japanese, Thai and Korean attach names to the words around them.
 */
function cutsThroughWord(text: string, span: Span): boolean {
  const cut = (outside: string | undefined, inside: string | undefined) =>
    outside !== undefined && inside !== undefined && spacedWordCharacter.test(outside) && spacedWordCharacter.test(inside);
  return cut(text[span.start - 1], text[span.start]) || cut(text[span.end], text[span.end - 1]);
}

const spacedWordCharacter = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Georgian}\p{Nd}]/u;

function letterWords(value: string): WordToken[] {
  return wordTokens(value).filter((token) => /[\p{L}\p{N}]/u.test(token.text));
}

/**
 * A name has at least two letters and is more than a title: "a." or "Dr." alone
 * is a tagging slip, and redacting it would also make every later "Dr." in the conversation
 * a known value to hide.
 */
function isPlausible(value: string, gazetteers: Gazetteers): boolean {
  const words = letterWords(value);
  if (words.reduce((letters, token) => letters + token.text.length, 0) < 2) return false;
  // Numbers are nobody's name: "34" or "58M" beside a name is an age.
  if (words.reduce((letters, token) => letters + (token.text.match(/\p{L}/gu)?.length ?? 0), 0) < 2) return false;
  if (words.every((token) => gazetteers.has('person-titles', token.text))) return false;
  // Weekdays, holidays, languages, software ("Monday", "Easter Monday", "English", "Python"):
  // capitalised, but nobody's name on their own.
  if (gazetteers.has('never-entities', words.map((token) => token.text).join(' '))) return false;
  if (words.every((token) => gazetteers.has('never-entities', token.text))) return false;
  // One English word in capitals ("status=SUCCESS", "PRIORITY: HIGH") that no list knows as a
  // name or a place: a log value or a label, not a name written in capitals. (The same rule for
  // capitalised words, "Spoiler:" or "Project Harbour", cost more names than it saved: F2 0.884
  // to 0.882 on Presidio's set, 0.882 to 0.881 on the hand-written one.)
  if (words.length === 1 && isCapitalisedWordOnly(words[0] as WordToken, gazetteers)) return false;
  // Lower-case English words only ("numbers", "blocking", "weekly dashboards"): far more
  // often a slip than a name typed in lower case, and "grace" or "will" in lower case reads
  // as the word anyway.
  return !words.every((token) => token.text === token.text.toLowerCase() && gazetteers.has('english-words', token.text));
}

function isCapitalisedWordOnly(word: WordToken, gazetteers: Gazetteers): boolean {
  if (!/^\p{Lu}{3,}$/u.test(word.text) || !gazetteers.has('english-words', word.text)) return false;
  if ((['first-names', 'last-names', 'organization-words'] as const).some((list) => gazetteers.has(list, word.text))) return false;
  return !gazetteers.placeTokens([word])[0];
}

/**
 * An English word capitalised only because it opens a sentence or a line ("Noted, thanks",
 * "Noted Baker McKenzie LLP here"), that no list knows as a name or a place, is the tagger's
 * guess from the capital alone: a span of that word alone is dropped, a longer one loses it.
 * Names that are words ("Grace", "Will", "Reading") are in the lists and stay.
 */
function withoutOpeningWord(span: Span, text: string, gazetteers: Gazetteers): Span | undefined {
  const words = letterWords(text.slice(span.start, span.end));
  const first = words[0];
  if (!first || first.start !== 0 || !/^\p{Lu}\p{Ll}+$/u.test(first.text) || !gazetteers.has('english-words', first.text)) return span;
  if ((['first-names', 'last-names', 'organization-words'] as const).some((list) => gazetteers.has(list, first.text))) return span;
  // A place that starts with an English word ("Sri Lanka", "Long Beach") keeps it.
  if (gazetteers.placeTokens(words)[0]) return span;
  if (!opensSentence(text, span.start)) return span;
  const next = words[1];
  if (!next) return undefined;
  return { ...span, start: span.start + next.start };
}

/**
 * A given name the tagger found without the capitalised word right after it ("Amara" of
 * "Amara Okafor our later"): a capitalised word that is no English word, written straight
 * after a known given name, is the family name. The tagger may also have called the given name
 * an organisation; with a family name it is a person.
 */
function withFamilyName(span: Span, text: string, gazetteers: Gazetteers): Span {
  if (span.type !== 'PERSON' && span.type !== 'ORGANIZATION') return span;
  const words = letterWords(text.slice(span.start, span.end));
  const last = words[words.length - 1];
  if (!last || !/^\p{Lu}\p{Ll}/u.test(last.text) || !gazetteers.has('first-names', last.text)) return span;
  const next = /^ (\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)?)(?![\p{L}\p{N}])/u.exec(text.slice(span.end, span.end + 40));
  const familyName = next?.[1];
  if (!familyName || gazetteers.has('english-words', familyName) || gazetteers.has('never-entities', familyName)) return span;
  if (gazetteers.has('organization-words', familyName) || gazetteers.has('street-words', familyName)) return span;
  return { ...span, type: 'PERSON', end: span.end + 1 + familyName.length };
}

/**
 * An "organisation" that the place list knows whole ("the United States", "United Arab
 * Emirates") is the place: the tagger reads "United" as the start of a company name ("Leeds
 * United"). "Bank of America" is no place as a whole and stays. So is a "person" the place
 * list knows whole when no word of it is a known name ("Mei Lin Tan (Kolkata)"): "Paris" or
 * "Jordan" may be either and stay people.
 */
function asKnownPlace(span: Span, text: string, gazetteers: Gazetteers): Span {
  if (span.type !== 'ORGANIZATION' && span.type !== 'PERSON') return span;
  const words = letterWords(text.slice(span.start, span.end));
  if (words.length === 0 || !/^\p{Lu}/u.test((words[0] as WordToken).text)) return span;
  if (span.type === 'PERSON' && words.some((token) => gazetteers.has('first-names', token.text) || gazetteers.has('last-names', token.text))) return span;
  return gazetteers.isPlace(words) ? { ...span, type: 'LOCATION' } : span;
}

/**
 * A "place" or "organisation" of two to four capitalised words that opens with a known given
 * name and ends with a known family name, with no organisation word, and that the place list
 * does not know whole, is a person ("Washington Irving", "Bilal Chaudhry" of a CSV line).
 */
function asKnownPerson(span: Span, text: string, gazetteers: Gazetteers): Span {
  if (span.type !== 'ORGANIZATION' && span.type !== 'LOCATION') return span;
  const words = letterWords(text.slice(span.start, span.end));
  if (words.length < 2 || words.length > 4 || !words.every((token) => /^\p{Lu}/u.test(token.text))) return span;
  if (!gazetteers.has('first-names', (words[0] as WordToken).text) || !gazetteers.has('last-names', (words[words.length - 1] as WordToken).text)) return span;
  if (words.some((token) => gazetteers.has('organization-words', token.text) || gazetteers.has('street-words', token.text))) return span;
  return gazetteers.isPlace(words) ? span : { ...span, type: 'PERSON' };
}

/**
 * A person's name in capitals where a list knows one of its words ("Amara" in "my colleague
 * Amara Okafor report"), or a place the list knows whole, is kept even when the tagger put it
 * just under the threshold: the tagger chose the kind, the list confirms it.
 */
function withListSupport(span: Span, text: string, gazetteers: Gazetteers): Span {
  if (span.score >= supportedScore) return span;
  const words = letterWords(text.slice(span.start, span.end));
  if (span.type === 'PERSON') {
    const capitalised = words.every((token) => /^\p{Lu}/u.test(token.text));
    const known = words.some((token) => gazetteers.has('first-names', token.text) || gazetteers.has('last-names', token.text));
    if (capitalised && known) return { ...span, score: supportedScore };
  }
  if (span.type === 'LOCATION' && words.length > 0 && /^\p{Lu}/u.test(words[0]?.text ?? '') && gazetteers.placeTokens(words).every(Boolean)) {
    return { ...span, score: supportedScore };
  }
  return span;
}

/**
 * A name that ends in an organisation word ("Equity Bank", "Westminster Magistrates' Court",
 * "Acme Holdings") or starts with one ("Banco de Crédito del Perú", "Universidad de Chile")
 * is an organisation, whatever the tagger thought it was: it learned from synthetic text,
 * where unknown capitalised words are mostly people. Words that are also names or street
 * words ("Church", "Power", "Court") do not count. Street lines keep their type.
 */
function withOrganizationHead(span: Span, text: string, gazetteers: Gazetteers): Span {
  if (span.type !== 'PERSON' && span.type !== 'LOCATION' && span.type !== 'ORGANIZATION') return span;
  const words = letterWords(text.slice(span.start, span.end)).filter((token) => /\p{L}/u.test(token.text));
  if (words.length < 2) return span;
  const isHead = (word: string) =>
    /^\p{Lu}/u.test(word) &&
    gazetteers.has('organization-words', word) &&
    !(['first-names', 'last-names', 'street-words'] as const).some((list) => gazetteers.has(list, word));
  if (!isHead((words[0] as WordToken).text) && !isHead((words[words.length - 1] as WordToken).text)) return span;
  return { ...span, type: 'ORGANIZATION', score: Math.max(span.score, supportedScore) };
}

/** Only spaces, quotes or bullets stand between `offset` and the last line break or sentence end. */
export function opensSentence(text: string, offset: number): boolean {
  const windowStart = Math.max(0, offset - 40);
  const before = (windowStart === 0 ? '\n' : '') + text.slice(windowStart, offset);
  return /[\n.!?:;][\s"'“‘(\[*•>-]*$/u.test(before);
}
