import type { IdentifierDefinition } from './identifier-definition.js';

// Passport numbers of the countries whose shape is published, so a passport span can say whose
// passport it is (`detail`). None carries a check digit outside the machine-readable zone, so
// each counts only with its words nearby; the permissive passport rule of passport.ts still
// finds every other country's number. Sources: HM Passport Office (9 digits; Presidio also reads
// two letters and seven digits), Ministerio del Interior (three letters, six digits), Polizia di
// Stato (two letters, seven digits), Passport Seva (a letter other than Q, X, Z and seven
// digits), US Department of State (nine digits, or a letter and eight digits), Korean Ministry
// of Foreign Affairs (M, S, R, O or D and eight digits; since 2021 M,
// three digits, a letter and four digits). The scores sit above the permissive rule's 0.75 so
// the country's entry names a span both find.

const passportWords = ['passport', 'passport number', 'passport no', 'travel document'];

export const passportIdentifiers: readonly IdentifierDefinition[] = [
  {
    entity: 'UK_PASSPORT',
    type: 'PASSPORT',
    regions: ['GB'],
    pattern: '\\d{9}|[A-Za-z]{2}\\d{7}',
    validate: () => true,
    // Nine digits are also a US passport, two letters and seven digits an Italian one: only
    // British words tell them apart.
    contextWords: ['uk passport', 'british passport', 'hm passport office', 'hmpo', 'united kingdom passport'],
    score: 0,
    scoreWithContext: 0.85,
  },
  {
    entity: 'US_PASSPORT',
    type: 'PASSPORT',
    regions: ['US'],
    // Nine digits, or a letter and eight digits (the Next Generation passport since 2021).
    pattern: '\\d{9}|[A-Za-z]\\d{8}',
    validate: () => true,
    // Nine digits are also a British passport: only American words tell them apart.
    contextWords: ['us passport', 'u.s. passport', 'united states passport', 'american passport', 'usa passport'],
    score: 0,
    scoreWithContext: 0.85,
  },
  {
    entity: 'ES_PASSPORT',
    type: 'PASSPORT',
    regions: ['ES'],
    pattern: '[A-Za-z]{3}\\d{6}',
    validate: () => true,
    contextWords: ['pasaporte', 'número de pasaporte', 'numero de pasaporte', 'spanish passport', ...passportWords],
    score: 0,
    scoreWithContext: 0.85,
  },
  {
    entity: 'IT_PASSPORT',
    type: 'PASSPORT',
    regions: ['IT'],
    pattern: '[A-Za-z]{2}\\d{7}',
    validate: () => true,
    contextWords: ['passaporto', 'numero di passaporto', 'numero passaporto', 'italian passport'],
    score: 0,
    scoreWithContext: 0.85,
  },
  {
    entity: 'IN_PASSPORT',
    type: 'PASSPORT',
    regions: ['IN'],
    // Presidio's shape: the digits neither start nor end with 0, an optional space after the third character.
    pattern: '[A-PR-WYa-pr-wy][1-9]\\d ?\\d{4}[1-9]',
    validate: () => true,
    contextWords: ['indian passport', 'पासपोर्ट', ...passportWords],
    score: 0,
    scoreWithContext: 0.85,
  },
  {
    entity: 'KR_PASSPORT',
    type: 'PASSPORT',
    regions: ['KR'],
    pattern: '[MSRODmsrod]\\d{3}[A-Za-z]\\d{4}|[MSRODmsrod]\\d{8}',
    validate: () => true,
    contextWords: ['여권', '여권번호', '대한민국 여권', 'korean passport', ...passportWords],
    score: 0,
    scoreWithContext: 0.85,
  },
];
