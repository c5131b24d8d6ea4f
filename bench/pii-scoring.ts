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
 * Presidio's labels, old (presidio-research data sets) and current (its predefined recognizers),
 * to families, one exact entry each: a substring match once put MAC_ADDRESS into ADDRESS and
 * DE_BSNR (a practice number, not a person's) into ID_DOCUMENT. A label not listed is OTHER.
 */
const goldFamilies: Readonly<Record<string, Family>> = {
  PERSON: 'PERSON', PER: 'PERSON', NAME: 'PERSON', FIRST_NAME: 'PERSON', LAST_NAME: 'PERSON',
  LOCATION: 'LOCATION', GPE: 'LOCATION', LOC: 'LOCATION', CITY: 'LOCATION', COUNTRY: 'LOCATION', STATE: 'LOCATION',
  ORGANIZATION: 'ORGANIZATION', ORG: 'ORGANIZATION', NORP: 'ORGANIZATION', NRP: 'ORGANIZATION', COMPANY: 'ORGANIZATION',
  EMAIL_ADDRESS: 'EMAIL', EMAIL: 'EMAIL',
  PHONE_NUMBER: 'PHONE', PHONE: 'PHONE',
  CREDIT_CARD: 'CREDIT_CARD', CREDIT_CARD_NUMBER: 'CREDIT_CARD',
  IBAN_CODE: 'IBAN', IBAN: 'IBAN',
  US_SSN: 'US_SSN', SSN: 'US_SSN',
  IP_ADDRESS: 'IP_ADDRESS',
  DATE_TIME: 'DATE', DATE: 'DATE', DATE_OF_BIRTH: 'DATE', BIRTHDAY: 'DATE', DOB: 'DATE',
  ADDRESS: 'ADDRESS', STREET_ADDRESS: 'ADDRESS', ZIP_CODE: 'ADDRESS', ZIP: 'ADDRESS', POSTCODE: 'ADDRESS', POSTAL_CODE: 'ADDRESS',
  UK_POSTCODE: 'ADDRESS',
  US_DRIVER_LICENSE: 'ID_DOCUMENT', US_PASSPORT: 'ID_DOCUMENT', US_ITIN: 'ID_DOCUMENT', US_MBI: 'ID_DOCUMENT', US_NPI: 'ID_DOCUMENT',
  UK_NHS: 'ID_DOCUMENT', UK_NINO: 'ID_DOCUMENT', UK_PASSPORT: 'ID_DOCUMENT', UK_DRIVING_LICENCE: 'ID_DOCUMENT',
  NATIONAL_ID: 'ID_DOCUMENT', ID_NUMBER: 'ID_DOCUMENT', DRIVER_LICENSE: 'ID_DOCUMENT', PASSPORT: 'ID_DOCUMENT',
  ES_NIF: 'ID_DOCUMENT', ES_NIE: 'ID_DOCUMENT', IT_FISCAL_CODE: 'ID_DOCUMENT', IT_DRIVER_LICENSE: 'ID_DOCUMENT',
  IT_VAT_CODE: 'ID_DOCUMENT', IT_PASSPORT: 'ID_DOCUMENT', IT_IDENTITY_CARD: 'ID_DOCUMENT', PL_PESEL: 'ID_DOCUMENT',
  SG_NRIC_FIN: 'ID_DOCUMENT', AU_TFN: 'ID_DOCUMENT', AU_MEDICARE: 'ID_DOCUMENT', IN_PAN: 'ID_DOCUMENT', IN_AADHAAR: 'ID_DOCUMENT',
  IN_PASSPORT: 'ID_DOCUMENT', IN_VOTER: 'ID_DOCUMENT', FI_PERSONAL_IDENTITY_CODE: 'ID_DOCUMENT', KR_RRN: 'ID_DOCUMENT',
  TH_TNIN: 'ID_DOCUMENT', NL_BSN: 'ID_DOCUMENT', FR_NIR: 'ID_DOCUMENT', DE_TAX_ID: 'ID_DOCUMENT', CA_SIN: 'ID_DOCUMENT',
  // A person's bank account, medical licence and Korean and Spanish documents: Baton finds them
  // as NATIONAL_ID, PASSPORT and DRIVER_LICENSE, all of this family.
  US_BANK_NUMBER: 'ID_DOCUMENT', MEDICAL_LICENSE: 'ID_DOCUMENT', ES_PASSPORT: 'ID_DOCUMENT', KR_FRN: 'ID_DOCUMENT',
  KR_PASSPORT: 'ID_DOCUMENT', KR_DRIVER_LICENSE: 'ID_DOCUMENT',
  DOMAIN_NAME: 'URL', URL: 'URL',
  TITLE: 'TITLE', PREFIX: 'TITLE',
};

export function goldFamily(label: string): Family {
  return goldFamilies[label.toUpperCase()] ?? 'OTHER';
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
  DATE: 'DATE',
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
  /** The gold label or Baton's entity type, for the per-type figures. */
  label?: string;
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
