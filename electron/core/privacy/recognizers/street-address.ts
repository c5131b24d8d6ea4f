import type { Span } from '../../../shared/privacy.js';
import type { Recognizer } from '../recognizer.js';
import { createPatternRecognizer, type PatternHit, type Verdict } from './pattern-recognizer.js';

// Street addresses have no checksum and a thousand local shapes, so this recognizer combines
// several weak signals, each scored by how rarely it is anything else:
// - a house number with a street type ("221B Baker Street", "15 Millicent Drive");
// - a street name with a European suffix or prefix and a number ("Vesturgata 66", "Via Carlo
//   Cattaneo 130", "87 Rue Joseph Vernet");
// - an address-block line "number words number" alone on its line ("78 Camiño Ancho 91");
// - units, PO boxes and military addresses ("Suite 286", "P.O. Box 101", "FPO AE 94560");
// - "the corner of X and Y Street";
// - whatever follows an address cue ("my address is", "send it to", "lives at") when it starts
//   like an address and has a second address feature (another number, a street word, a unit).

const word = "\\p{L}[\\p{L}.'\\-]*";
const gap = '[ \\t]+';

function caseVariants(words: string[]): string {
  return words
    .flatMap((name) => [name.toLowerCase(), name.charAt(0).toUpperCase() + name.slice(1).toLowerCase(), name.toUpperCase()])
    .map((name) => name.replace(/\./g, '\\.'))
    .join('|');
}

// Street types that are seldom anything else, in any case; and those that are also common
// words ("way", "park", "place"), only when capitalised.
const plainStreetTypes = caseVariants([
  'street', 'st.', 'avenue', 'ave', 'ave.', 'road', 'rd', 'rd.', 'boulevard', 'blvd', 'blvd.', 'lane', 'ln.', 'drive', 'dr.',
  'highway', 'hwy', 'parkway', 'pkwy', 'terrace', 'crescent', 'straße', 'strasse', 'str.',
]);
const capitalisedStreetTypes = [
  'Way', 'Place', 'Court', 'Ct', 'Square', 'Sq', 'Close', 'Row', 'Walk', 'Gardens', 'Grove', 'Mews', 'Hill', 'Plaza', 'Pike',
  'Loop', 'Path', 'Circle', 'Cir', 'Trail', 'Alley', 'Heights', 'Park', 'St', 'Ln', 'Dr', 'Rise', 'Vale', 'View', 'Green',
].join('|');
const streetType = `(?:${plainStreetTypes}|${capitalisedStreetTypes})`;

const stopWords = new Set([
  'the', 'a', 'an', 'of', 'in', 'on', 'to', 'at', 'by', 'for', 'with', 'from', 'and', 'or', 'but', 'is', 'was', 'are', 'were',
  'my', 'your', 'his', 'her', 'their', 'our', 'its', 'this', 'that', 'these', 'those', 'down', 'up', 'miles', 'mile', 'km',
  'minutes', 'hours', 'days', 'years', 'times', 'people', 'i', 'we', 'you', 'he', 'she', 'it', 'they', 'me', 'us', 'them',
  'last', 'next', 'please', 'when', 'because', 'if', 'then', 'than', 'so', 'as', 'about', 'into', 'over', 'under',
]);

function hasStopWord(value: string): boolean {
  return value.split(/[\s,]+/).some((part) => stopWords.has(part.toLowerCase()));
}

// 1. "221B Baker Street", "18 15 Millicent Drive", "491 St. John Street".
const numberedStreetPattern = new RegExp(
  `(?<![\\p{L}\\p{N}])\\d{1,6}[A-Za-z]?(?:${gap}\\d{1,6})?${gap}(?:[\\p{L}\\d][\\p{L}\\d.'\\-]*${gap}){0,4}?${streetType}(?![\\p{L}\\p{N}])`,
  'gu',
);

// 2. Street names built with a suffix (German, Dutch, Nordic, Finnish, Hungarian, Slavic...)
// and a house number after them.
const suffixes = [
  'straße', 'strasse', 'str.', 'weg', 'gasse', 'allee', 'platz', 'damm', 'ufer', 'chaussee', 'gata', 'gatan', 'vägen', 'väg',
  'vej', 'gade', 'laan', 'straat', 'steenweg', 'dreef', 'plein', 'kade', 'gracht', 'singel', 'tie', 'katu', 'kuja', 'vegen',
  'veien', 'vegur', 'utca', 'út', 'ulica', 'cesta', 'iela', 'gatve', 'stigen', 'gränd', 'torget', 'rauni', 'vei', 'vik',
].join('|').replace(/\./g, '\\.');
// The same street words written apart from the name: "Hegedűs Gyula utca 76.", "Király u. 23.",
// "Nordahl Rolfsens vei 187", "Berliner Straße 5".
const separateStreetWords = caseVariants([
  'u.', 'utca', 'út', 'útja', 'tér', 'körút', 'rakpart', 'köz', 'vei', 'veien', 'gate', 'gata', 'gatan', 'vej', 'ulica', 'cesta',
  'iela', 'straße', 'strasse', 'str.', 'weg', 'allee', 'platz', 'gasse', 'damm', 'ring', 'laan', 'straat',
]);
// The lookahead lets a word through only when a number follows it (or the next word), so the
// costly suffix test runs on a handful of words, not on every word of the text. The name's
// leading words and house number are added by the validator, walking left.
const suffixStreetPattern = new RegExp(
  `(?<![\\p{L}\\p{N}])(?=\\p{L}{2,}\\.?${gap}(?:\\p{L}+\\.?${gap})?\\d)(?:(?<name>\\p{L}{2,}(?:${suffixes}))|\\p{L}{2,}${gap}(?<separate>${separateStreetWords}))${gap}\\d{1,5}[A-Za-z]?\\.?(?![\\p{L}\\p{N}])`,
  'giu',
);
const suffixWordsThatAreNotStreets = new Set(['untie', 'necktie', 'bowtie', 'hogtie', 'sortie', 'sweetie', 'auntie', 'cutie', 'hottie', 'goalie']);

// 3. Street names built with a prefix (Romance, Slavic, Greek): "Via Carlo Cattaneo 130",
// "87 Rue Joseph Vernet", "56 ul. Karpacka 69".
const prefixes = caseVariants([
  'rue', 'rua', 'via', 'viale', 'vicolo', 'corso', 'piazza', 'piazzale', 'largo', 'calle', 'carrer', 'avenida', 'avda.',
  'av.', 'paseo', 'plaza', 'camino', 'camiño', 'travessa', 'estrada', 'alameda', 'chemin', 'boulevard', 'allée', 'impasse',
  'quai', 'ulica', 'ul.', 'trg', 'strada', 'bulevar', 'odos', 'leoforos', 'rambla', 'ronda', 'praça', 'rúa', 'avinguda',
]);
const englishPrefixes = new Set(['via', 'plaza', 'boulevard', 'av.']);
const prefixStreetPattern = new RegExp(
  `(?<![\\p{L}\\p{N}])(?<number>(?:\\d{1,5}${gap}){1,2})?(?<prefix>${prefixes})${gap}(?<rest>(?:[\\p{L}\\d][\\p{L}\\d.'\\-]*${gap}){0,5}?\\d{1,5}[A-Za-z]?(?![\\p{L}\\p{N}])|(?:${word})(?:${gap}${word}){0,3})`,
  'gu',
);

// 4. An address-block line: "78 Camiño Ancho 91", "> 31 Vesturgata 66", alone on its line.
const blockLinePattern = new RegExp(
  `^[ \\t>?*\\-]*(?<value>\\d{1,5}${gap}(?:\\d{1,5}${gap})?(?:${word}${gap}){1,5}\\d{1,5}[A-Za-z]?)[ \\t]*$`,
  'dgmu',
);

// 5. Units, boxes and military post.
// A unit may lead its line in a letter: "Apt. 276 27 Sorlaskeid 32" (unit, house number, street).
const unitPattern = new RegExp(
  `(?<![\\p{L}\\p{N}])(?<unit>suite|ste\\.|apt\\.?|apartment|flat|unit|floor|fl\\.|room|rm\\.|bldg\\.?|building)[ \\t]*#?[ \\t]*\\d{1,5}[A-Za-z]?(?<street>(?:${gap}\\d{1,5}){1,2}(?:${gap}${word}){1,4}${gap}\\d{1,5}(?=[ \\t]*(?:\\r?\\n|$|,)))?(?![\\p{L}\\p{N}])`,
  'giu',
);
const poBoxPattern = /(?<![\p{L}\p{N}])(?:\d{1,5}[ \t]+)?p\.?[ \t]?o\.?[ \t]?box[ \t]+\d{1,6}(?![\p{L}\p{N}])/giu;
const militaryPattern =
  /(?<![\p{L}\p{N}])(?:(?:psc|cmr|unit)[ \t]+\d{3,5},?[ \t]+box[ \t]+\d{3,5}(?:\r?\n[ \t]*(?:apo|fpo|dpo)[ \t]+(?:aa|ae|ap)[ \t]+\d{5})?|(?:(?:uss|usns|usnv|usns)[ \t]+\p{L}+\r?\n[ \t]*)?(?:apo|fpo|dpo)[ \t]+(?:aa|ae|ap)[ \t]+\d{5})(?![\p{L}\p{N}])/giu;

// 6. "the corner of Auenweg 85 and Kesä Street" (braces: a template's "{street_name}" is no street).
const cornerPattern = new RegExp(
  `(?<![\\p{L}])(?:the${gap})?corner${gap}of${gap}[^\\n?!;{}]{2,60}?${gap}and${gap}[^\\n?!;,{}]{1,40}?${streetType}(?![\\p{L}])`,
  'giu',
);

const unitScores: Record<string, number> = { suite: 0.55, 'ste.': 0.55, apt: 0.55, 'apt.': 0.55, apartment: 0.55, flat: 0.45 };

const patternRecognizer = createPatternRecognizer({
  name: 'street-address',
  rules: [
    {
      type: 'STREET_ADDRESS',
      pattern: numberedStreetPattern,
      score: 0.7,
      validate: ({ value }) => !hasStopWord(value),
    },
    {
      type: 'STREET_ADDRESS',
      pattern: suffixStreetPattern,
      score: 0.65,
      validate: ({ match, text, start }) => {
        const name = (match.groups?.name ?? '').toLowerCase();
        if (suffixWordsThatAreNotStreets.has(name)) return false;
        // "weg 5" or "tie 2" alone is not a street: the suffix needs a name before it.
        if (!match.groups?.separate && name.length < 5) return false;
        return { score: 0.65, start: extendLeft(text, start) };
      },
    },
    { type: 'STREET_ADDRESS', pattern: prefixStreetPattern, score: 0.65, validate: validatePrefixStreet },
    { type: 'STREET_ADDRESS', pattern: blockLinePattern, valueGroup: 'value', score: 0.6, validate: ({ value }) => !hasStopWord(value) },
    {
      type: 'STREET_ADDRESS',
      pattern: unitPattern,
      // "Unit 3" of a course and "Room 101" of an office are not addresses on their own.
      score: 0.3,
      validate: ({ match }) => {
        if (match.groups?.street && !hasStopWord(match.groups.street)) return 0.65;
        return unitScores[(match.groups?.unit ?? '').toLowerCase()] ?? 0.3;
      },
    },
    { type: 'STREET_ADDRESS', pattern: poBoxPattern, score: 0.75 },
    { type: 'STREET_ADDRESS', pattern: militaryPattern, score: 0.85 },
    { type: 'STREET_ADDRESS', pattern: cornerPattern, score: 0.75 },
  ],
});

/**
 * Walks left from a street name over the words of a longer name and the house number ("Untere
 * Donaulände 33", "78 Camiño Ancho 91"): at most three words and two numbers, on the same line,
 * stopping at punctuation and at ordinary words ("We meet at Király u. 23." starts at Király).
 */
function extendLeft(text: string, start: number): number {
  let position = start;
  let words = 0;
  let numbers = 0;
  let before = text.slice(Math.max(0, start - 80), start);
  for (;;) {
    const last = /(?<token>[^\s]+)[ \t]+$/u.exec(before);
    const token = last?.groups?.token;
    if (!last || !token) break;
    if (/^\d{1,5}$/.test(token)) {
      if (numbers === 2) break;
      numbers += 1;
    } else if (/^\p{L}[\p{L}.'\-]*$/u.test(token) && numbers === 0 && words < 3 && !stopWords.has(token.toLowerCase())) {
      words += 1;
    } else {
      break;
    }
    position -= last[0].length;
    before = before.slice(0, before.length - last[0].length);
  }
  return position;
}

function validatePrefixStreet(hit: PatternHit): Verdict {
  const prefix = hit.match.groups?.prefix ?? '';
  const number = hit.match.groups?.number;
  const rest = hit.match.groups?.rest ?? '';
  const endsWithNumber = /\d[A-Za-z]?$/.test(rest);
  // Without a house number on either side it is a name ("Via Appia"), not an address.
  if (!number && !endsWithNumber) return false;
  // "via", "plaza", "boulevard" are English words too: lower case and no leading number is prose.
  if (englishPrefixes.has(prefix.toLowerCase()) && !number && prefix === prefix.toLowerCase()) return false;
  if (englishPrefixes.has(prefix.toLowerCase()) && hasStopWord(rest)) return false;
  if (endsWithNumber) return true;
  // Number first, name after: the name runs until the first ordinary word.
  const words = rest.split(/([ \t]+)/);
  let length = 0;
  for (let index = 0; index < words.length; index += 2) {
    const part = words[index] ?? '';
    if (stopWords.has(part.toLowerCase()) || /^(?:street|st\.?)$/i.test(part)) break;
    length += part.length + (index > 0 ? (words[index - 1]?.length ?? 0) : 0);
  }
  if (length === 0) return false;
  const restStart = hit.end - rest.length;
  return { score: 0.65, end: restStart + length };
}

// 7. What follows an address cue.
const cuePattern =
  /(?<![\p{L}])(?:address(?:es)?|addr\.|sent to|send (?:it|this|them|one|a new one|the [\p{L}]+) to|arrived at|lives? at|living at|return(?: it)? to|located at|office is at|meet(?: me)? at|taxi to|moved to|deliver(?:ed|y)?(?: it)? to|ship(?:ped)?(?: it)? to|mail(?:ed)?(?: it)? to|it's in|is at)(?![\p{L}\p{N}_(]|\.\p{L})/giu;
const valueStart = /(?<![\p{L}\p{N}])(?:\d{1,5}[A-Za-z]?[ \t,]|(?:the[ \t]+)?corner[ \t]+of[ \t]|unit[ \t]+\d|p\.?[ \t]?o\.?[ \t]?box|psc[ \t]|uss[ \t]|usns[ \t])/iu;
const valueEnd =
  /[?!;]|\.(?=\s+\p{Lu}\p{Ll}|\s*$)|\r?\n[ \t]*\r?\n|,?[ \t]+(?:and|for|last|in case|please|when|because|so|but|then|if|before|after|by|until|till|today|tomorrow|tonight|or|with)(?![\p{L}])|,[ \t]+(?=and[ \t])/iu;
// The next field of a form on the same line ("Calle Mayor 24, 3º B City: Salamanca"): the town
// after it is the classifier's to find, typed as a place.
const nextFieldLabel = /[ \t]+\p{Lu}[\p{L}\/\-]{1,20}(?:[ \t]\p{L}{1,20})?:(?=[ \t]|$)/u;
const addressFeature = new RegExp(
  `\\d[^\\d]+\\d|(?<![\\p{L}])(?:${streetType}|${prefixes}|suite|apt|box|fpo|apo|dpo)(?![\\p{L}])|\\p{L}{2,}(?:${suffixes})(?![\\p{L}])|\\n`,
  'u',
);

function findCuedAddresses(text: string): Span[] {
  const spans: Span[] = [];
  for (const cue of text.matchAll(cuePattern)) {
    const searchFrom = cue.index + cue[0].length;
    // The value starts within a few words of the cue ("address to", "address of X is", ":").
    const window = text.slice(searchFrom, searchFrom + 60);
    const sentenceEnd = window.search(/[?!]|\.\s/);
    const start = window.search(valueStart);
    if (start < 0 || (sentenceEnd >= 0 && sentenceEnd < start)) continue;
    const valueFrom = searchFrom + start;
    const rest = text.slice(valueFrom, valueFrom + 160);
    const stops = [rest.search(valueEnd), rest.search(nextFieldLabel)].filter((position) => position >= 0);
    const stop = stops.length > 0 ? Math.min(...stops) : -1;
    let value = stop >= 0 ? rest.slice(0, stop) : rest;
    // Later lines that hold a phone number or an e-mail belong to the letterhead, not the address.
    const lines = value.split('\n');
    const kept = [lines[0] ?? ''];
    for (const line of lines.slice(1)) {
      if ((line.match(/\d/g)?.length ?? 0) >= 7 || line.includes('@')) break;
      kept.push(line);
    }
    value = kept.join('\n').replace(/[\s,.]+$/, '');
    if (value.length < 6 || !/\p{L}{3,}/u.test(value) || !addressFeature.test(value)) continue;
    // Code ("address.split('.')", "a === 10 ||") is not a street.
    if (/[=\[\](){}|<>;`]/.test(value)) continue;
    // An IP, a date, a time or an amount after "address" is not a street.
    if (/^\d{1,3}(?:\.\d{1,3}){3}|^\d{1,2}[\/:.]\d/.test(value)) continue;
    // Above the postcode pattern's 0.75: the postcode inside a cued address is part of it.
    spans.push({ type: 'STREET_ADDRESS', start: valueFrom, end: valueFrom + value.length, score: 0.8, source: 'street-address' });
  }
  return spans;
}

export const streetAddressRecognizer: Recognizer = {
  name: 'street-address',
  contextWords: ['address', 'street', 'lives', 'live at', 'located', 'deliver', 'ship to', 'mail to', 'home', 'residence'],
  analyze(text: string): Span[] {
    return [...(patternRecognizer.analyze(text) as Span[]), ...findCuedAddresses(text)];
  },
};
