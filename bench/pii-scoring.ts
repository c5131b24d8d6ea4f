import type { EntityType } from '../electron/shared/privacy.js';

/**
 * Type families: labels of the gold data, of Baton and of each peer land in one of these, and a
 * found span counts when it overlaps a gold span of the same family.
 */
export type Family =
  | 'EMAIL'
  | 'PHONE'
  | 'CREDIT_CARD'
  | 'IBAN'
  | 'US_SSN'
  | 'IP_ADDRESS'
  | 'DATE'
  | 'ADDRESS'
  | 'ID_DOCUMENT'
  | 'PERSON'
  | 'LOCATION'
  | 'ORGANIZATION'
  | 'URL'
  | 'TITLE'
  | 'SECRET'
  | 'OTHER';

/**
 * The families in the overall figure. PERSON, LOCATION (gold LOCATION and GPE) and
 * ORGANIZATION come from the entity classifier; the rest from pattern recognizers. URL
 * (presidio's DOMAIN_NAME: a public web site) and TITLE (job titles, Mr/Mrs) are not personal
 * data to Baton: they are listed, not scored. DATE counts although Baton only flags dates of
 * birth: the gold DATE_TIME family also holds weekdays and timestamps, which a birth-date
 * recognizer rightly leaves alone, and that costs Baton recall here.
 */
export const scoredFamilies: readonly Family[] = [
  'EMAIL',
  'PHONE',
  'CREDIT_CARD',
  'IBAN',
  'US_SSN',
  'IP_ADDRESS',
  'DATE',
  'ADDRESS',
  'ID_DOCUMENT',
  'PERSON',
  'LOCATION',
  'ORGANIZATION',
];
export const listedFamilies: readonly Family[] = ['URL', 'TITLE'];
/** Families no gold label maps to: a hit of these outside every gold span is a false positive. */
export const unlabelledFamilies: readonly Family[] = ['SECRET', 'OTHER'];

/**
 * Presidio's labels, old (presidio-research data sets) and current, to families:
 * PERSON/PER → PERSON; LOCATION/GPE/LOC → LOCATION; ORGANIZATION/ORG → ORGANIZATION;
 * EMAIL_ADDRESS → EMAIL; PHONE_NUMBER → PHONE; CREDIT_CARD → CREDIT_CARD; IBAN_CODE → IBAN;
 * US_SSN → US_SSN; IP_ADDRESS → IP_ADDRESS; DATE_TIME/DATE/DATE_OF_BIRTH/BIRTHDAY → DATE;
 * ADDRESS/STREET_ADDRESS/ZIP_CODE/ZIP/POSTCODE → ADDRESS; US_DRIVER_LICENSE, US_PASSPORT,
 * UK_NHS, NATIONAL_ID, ... → ID_DOCUMENT; DOMAIN_NAME/URL → URL; TITLE/PREFIX → TITLE.
 */
export function goldFamily(label: string): Family {
  const upper = label.toUpperCase();
  if (['PERSON', 'PER', 'NAME', 'FIRST_NAME', 'LAST_NAME'].includes(upper)) return 'PERSON';
  if (['LOCATION', 'GPE', 'LOC', 'CITY', 'COUNTRY', 'STATE'].includes(upper)) return 'LOCATION';
  if (['ORGANIZATION', 'ORG', 'NORP', 'NRP', 'COMPANY'].includes(upper)) return 'ORGANIZATION';
  if (upper.includes('EMAIL')) return 'EMAIL';
  if (upper.includes('PHONE')) return 'PHONE';
  if (upper.includes('CREDIT_CARD')) return 'CREDIT_CARD';
  if (upper.includes('IBAN')) return 'IBAN';
  if (upper === 'US_SSN' || upper === 'SSN') return 'US_SSN';
  if (upper.includes('IP_ADDRESS')) return 'IP_ADDRESS';
  if (upper.includes('DATE') || upper === 'BIRTHDAY' || upper === 'DOB') return 'DATE';
  if (upper.includes('ADDRESS') || upper.includes('ZIP') || upper.includes('POSTCODE') || upper === 'POSTAL_CODE') return 'ADDRESS';
  if (/DRIVER|PASSPORT|LICENSE|LICENCE|NHS|NATIONAL_ID|ID_NUMBER|AADHAAR|PAN|NIF|NIE|DNI|FISCAL|BSN|ITIN|NINO/.test(upper)) return 'ID_DOCUMENT';
  if (upper === 'DOMAIN_NAME' || upper === 'URL') return 'URL';
  if (upper === 'TITLE' || upper === 'PREFIX') return 'TITLE';
  return 'OTHER';
}

const batonFamilies: Record<EntityType, Family> = {
  EMAIL: 'EMAIL',
  PHONE: 'PHONE',
  CREDIT_CARD: 'CREDIT_CARD',
  IBAN: 'IBAN',
  US_SSN: 'US_SSN',
  IP_ADDRESS: 'IP_ADDRESS',
  MAC_ADDRESS: 'OTHER',
  URL_CREDENTIALS: 'SECRET',
  DATE_OF_BIRTH: 'DATE',
  STREET_ADDRESS: 'ADDRESS',
  POSTAL_CODE: 'ADDRESS',
  PASSPORT: 'ID_DOCUMENT',
  DRIVER_LICENSE: 'ID_DOCUMENT',
  NATIONAL_ID: 'ID_DOCUMENT',
  API_KEY: 'SECRET',
  JWT: 'SECRET',
  PRIVATE_KEY: 'SECRET',
  PASSWORD: 'SECRET',
  SECRET: 'SECRET',
  CRYPTO_WALLET: 'OTHER',
  PERSON: 'PERSON',
  LOCATION: 'LOCATION',
  ORGANIZATION: 'ORGANIZATION',
  CUSTOM: 'OTHER',
};

export function batonFamily(type: EntityType): Family {
  return batonFamilies[type];
}

export interface LabelledSpan {
  family: Family;
  start: number;
  end: number;
}

export interface FamilyCounts {
  gold: number;
  goldFound: number;
  predicted: number;
  predictedCorrect: number;
}

export interface Score {
  precision: number;
  recall: number;
  f2: number;
}

/** Adds one text's gold and predicted spans to per-family counts (overlap within the same family). */
export function countText(gold: readonly LabelledSpan[], predicted: readonly LabelledSpan[], counts: Map<Family, FamilyCounts>): void {
  const overlaps = (left: LabelledSpan, right: LabelledSpan) => left.start < right.end && right.start < left.end;
  const entry = (family: Family): FamilyCounts => {
    let value = counts.get(family);
    if (!value) {
      value = { gold: 0, goldFound: 0, predicted: 0, predictedCorrect: 0 };
      counts.set(family, value);
    }
    return value;
  };
  for (const span of gold) {
    const counted = entry(span.family);
    counted.gold += 1;
    if (predicted.some((found) => found.family === span.family && overlaps(found, span))) counted.goldFound += 1;
  }
  for (const span of predicted) {
    if (unlabelledFamilies.includes(span.family)) {
      // No gold label can confirm these; outside every gold span they flagged text the data
      // says is not personal, inside one they are a type the data does not use: not counted.
      if (gold.some((labelled) => overlaps(labelled, span))) continue;
    }
    const counted = entry(span.family);
    counted.predicted += 1;
    if (gold.some((labelled) => labelled.family === span.family && overlaps(labelled, span))) counted.predictedCorrect += 1;
  }
}

export function scoreOf(counts: FamilyCounts): Score {
  const precision = counts.predicted === 0 ? (counts.gold === 0 ? 1 : 0) : counts.predictedCorrect / counts.predicted;
  const recall = counts.gold === 0 ? 1 : counts.goldFound / counts.gold;
  const f2 = precision + recall === 0 ? 0 : (5 * precision * recall) / (4 * precision + recall);
  return { precision, recall, f2 };
}

/**
 * Micro-averaged counts over the scored families that the data labels at all, plus the
 * unlabelled-type false positives. A family with no gold span in the data (the hand-written
 * entity set labels names, places and organisations only) cannot be scored there: its hits
 * would count as false alarms though the data simply does not annotate them.
 */
export function overallCounts(counts: Map<Family, FamilyCounts>, labelled: ReadonlySet<Family>): FamilyCounts {
  const total: FamilyCounts = { gold: 0, goldFound: 0, predicted: 0, predictedCorrect: 0 };
  for (const family of [...scoredFamilies.filter((scored) => labelled.has(scored)), ...unlabelledFamilies]) {
    const value = counts.get(family);
    if (!value) continue;
    total.gold += value.gold;
    total.goldFound += value.goldFound;
    total.predicted += value.predicted;
    total.predictedCorrect += value.predictedCorrect;
  }
  return total;
}
