import type { EntityType } from '../../../shared/privacy.js';

/** The position part of a BIO / BIOES label: Begin, Inside, End, Single, Outside. */
export type LabelPosition = 'B' | 'I' | 'E' | 'S' | 'O';

export interface ParsedLabel {
  position: LabelPosition;
  /** The label without its position prefix, upper-case: `PER`, `LOC`, `EMAIL`. */
  tag: string;
}

/** `B-PER` → {B, PER}; `O` → {O}; a bare `PER` (no prefix) counts as inside, as Hugging Face does. */
export function parseLabel(label: string): ParsedLabel {
  const upper = label.trim().toUpperCase();
  if (upper === 'O' || upper === '') return { position: 'O', tag: '' };
  const match = /^([BIES])[-_](.+)$/.exec(upper);
  if (match) return { position: match[1] as LabelPosition, tag: match[2] as string };
  return { position: 'I', tag: upper };
}

/**
 * Model tags → Baton's entity types. Covers CoNLL-style NER models (PER, LOC, ORG, MISC),
 * OntoNotes-style ones (PERSON, GPE, FAC, NORP) and the common PII-model vocabularies
 * (FIRSTNAME, TELEPHONENUM, ...). MISC, DATE and other tags that are not personal data on
 * their own are deliberately absent: they map to nothing and are ignored.
 */
const tagTypes: Record<string, EntityType> = {
  PER: 'PERSON',
  PERSON: 'PERSON',
  NAME: 'PERSON',
  NAME_STUDENT: 'PERSON',
  FIRSTNAME: 'PERSON',
  GIVENNAME: 'PERSON',
  LASTNAME: 'PERSON',
  SURNAME: 'PERSON',
  MIDDLENAME: 'PERSON',
  USERNAME: 'PERSON',
  LOC: 'LOCATION',
  LOCATION: 'LOCATION',
  GPE: 'LOCATION',
  FAC: 'LOCATION',
  CITY: 'LOCATION',
  STATE: 'LOCATION',
  COUNTRY: 'LOCATION',
  COUNTY: 'LOCATION',
  STREET: 'STREET_ADDRESS',
  STREET_ADDRESS: 'STREET_ADDRESS',
  ADDRESS: 'STREET_ADDRESS',
  BUILDINGNUM: 'STREET_ADDRESS',
  BUILDINGNUMBER: 'STREET_ADDRESS',
  ZIPCODE: 'POSTAL_CODE',
  POSTCODE: 'POSTAL_CODE',
  ORG: 'ORGANIZATION',
  ORGANIZATION: 'ORGANIZATION',
  ORGANISATION: 'ORGANIZATION',
  COMPANY: 'ORGANIZATION',
  COMPANYNAME: 'ORGANIZATION',
  EMAIL: 'EMAIL',
  EMAIL_ADDRESS: 'EMAIL',
  PHONE: 'PHONE',
  PHONE_NUM: 'PHONE',
  PHONE_NUMBER: 'PHONE',
  PHONENUMBER: 'PHONE',
  TELEPHONENUM: 'PHONE',
  CREDITCARDNUMBER: 'CREDIT_CARD',
  CREDIT_CARD: 'CREDIT_CARD',
  IBAN: 'IBAN',
  SSN: 'US_SSN',
  SOCIALNUM: 'NATIONAL_ID',
  IDCARDNUM: 'NATIONAL_ID',
  TAXNUM: 'NATIONAL_ID',
  PASSPORT: 'PASSPORT',
  PASSPORTNUM: 'PASSPORT',
  DRIVERLICENSENUM: 'DRIVER_LICENSE',
  DATEOFBIRTH: 'DATE_OF_BIRTH',
  DOB: 'DATE_OF_BIRTH',
  PASSWORD: 'PASSWORD',
  IP: 'IP_ADDRESS',
  IP_ADDRESS: 'IP_ADDRESS',
};

/** The entity type of a model label, or undefined for `O` and for tags Baton does not treat as personal. */
export function entityTypeForLabel(label: string): EntityType | undefined {
  const { position, tag } = parseLabel(label);
  if (position === 'O') return undefined;
  return tagTypes[tag];
}
