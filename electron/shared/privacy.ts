/** Entity types the shield detects. Pattern recognizers and the NER model both map to these. */
export const entityTypes = [
  'EMAIL',
  'PHONE',
  'CREDIT_CARD',
  'IBAN',
  'US_SSN',
  'IP_ADDRESS',
  'MAC_ADDRESS',
  'URL_CREDENTIALS',
  'DATE_OF_BIRTH',
  'DATE',
  'STREET_ADDRESS',
  'POSTAL_CODE',
  'PASSPORT',
  'DRIVER_LICENSE',
  'NATIONAL_ID',
  'API_KEY',
  'JWT',
  'PRIVATE_KEY',
  'PASSWORD',
  'SECRET',
  'CRYPTO_WALLET',
  'PERSON',
  'LOCATION',
  'ORGANIZATION',
  /** A deny-list term: always sensitive (a project codename, a client's name). */
  'CUSTOM',
] as const;

export type EntityType = (typeof entityTypes)[number];

/** A detected value: `text.slice(start, end)`, UTF-16 offsets as JavaScript strings use. */
export interface Span {
  type: EntityType;
  start: number;
  end: number;
  /** 0..1: how sure the recognizer is (validators such as Luhn raise it, context words boost it). */
  score: number;
  /** Which recognizer found it (`email`, `credit-card`, `ner`, `deny-list`, ...). */
  source: string;
  /** Which identifier within the type, where the recognizer knows (`DE_KVNR`, `UK_NHS`): for display and scoring only. */
  detail?: string;
}

/** Sensitive topics found locally; a text on such a topic stays on-device unless the person allows it. */
export const sensitiveTopics = ['health', 'sexuality', 'religion', 'politics', 'finance', 'legal', 'immigration', 'hr', 'credentials'] as const;
export type SensitiveTopic = (typeof sensitiveTopics)[number];

export interface Sensitivity {
  level: 'none' | 'sensitive';
  topics: SensitiveTopic[];
}

export interface AnalysisResult {
  spans: Span[];
  sensitivity: Sensitivity;
  /** False when no NER model is installed: names, places and organisations are then not covered. */
  nerAvailable: boolean;
  /** Sentences for the person (e.g. the missing-NER warning), shown in the consent dialog. */
  warnings: string[];
}

/** How many values of each type were redacted: what the UI shows instead of the values. */
export interface RedactionCount {
  type: EntityType;
  count: number;
}

export type PrivacyPolicy = 'local-only' | 'ask' | 'auto-allow-redacted';

export type ConsentDecision = 'allow-once' | 'allow-conversation' | 'deny';

/**
 * Names, places, organisations and street addresses: what Baton's shipped entity classifier
 * finds, and the only types a person may release in the consent dialog (and only where an
 * entity recognizer found them, never a pattern such as the street-address recognizer).
 */
export const classifierEntityTypes = ['PERSON', 'LOCATION', 'ORGANIZATION', 'STREET_ADDRESS'] as const satisfies readonly EntityType[];

/** One placeholder of a consent payload and the value it stands for. */
export interface ConsentPlaceholder {
  /** `⟦PERSON_1⟧`, as it appears in the payload. */
  placeholder: string;
  type: EntityType;
  /**
   * The original text. The consent dialog runs on this machine and shows it to the person; it
   * is never sent to the cloud unless the person releases it.
   */
  value: string;
  /** True when the person may send the value as it is: a name, place, organisation or street address that only an entity recognizer flagged. */
  releasable: boolean;
}

/** What a person is asked before anything leaves the machine: the exact payload, nothing less. */
export interface ConsentRequest {
  id: string;
  conversationId: string;
  provider: string;
  modelId: string;
  /** The exact redacted messages that would be sent. */
  payload: { role: 'system' | 'user' | 'assistant' | 'tool'; content: string }[];
  /** Every placeholder in the payload, in order of first appearance. */
  placeholders: ConsentPlaceholder[];
  estimatedCostUsd: number;
  redactions: RedactionCount[];
  /** The text is on a sensitive topic; sending it needs an explicit yes even though it is redacted. */
  sensitiveTopics: SensitiveTopic[];
  warnings: string[];
  /**
   * Pictures the payload holds, sent as they are: the shield cannot read them, so a request with
   * any is always put to a person (no earlier grant or policy answers it). Their kind and size;
   * the pictures themselves stay out of the request (and of the run's stored events).
   */
  images: ConsentImage[];
}

/** One picture of a consent request. */
export interface ConsentImage {
  mediaType: string;
  bytes: number;
}

/**
 * The person's changes to one payload in the consent dialog. They apply to this payload only;
 * the conversation's vault remembers every value it replaced, so a term redacted here stays
 * redacted (same spelling) in the conversation's later payloads, while a release does not carry.
 */
export interface ConsentEdits {
  /** Text to redact as CUSTOM wherever it appears in the payload: whole words, any case. */
  redact: string[];
  /** Original values of releasable placeholders of this request to send as they are. */
  release: string[];
}

/** A consent answer with the person's edits; the payload is rebuilt with them before it is sent. */
export interface EditedConsentAnswer {
  decision: ConsentDecision;
  edits: ConsentEdits;
}

/** The payload rebuilt with edits, exactly as it would be sent: what the dialog's preview shows. */
export interface ConsentPreview {
  payload: ConsentRequest['payload'];
  placeholders: ConsentPlaceholder[];
  redactions: RedactionCount[];
  estimatedCostUsd: number;
}
