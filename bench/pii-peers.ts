import { OpenRedaction } from 'openredaction';
import { SyncRedactor } from 'redact-pii';
import * as redactPiiPatterns from 'redact-pii/lib/built-ins/simple-regexp-patterns.js';
import type { Family, LabelledSpan } from './pii-scoring.js';

/** A PII tool under test: text in, family-labelled spans out. */
export interface PiiTool {
  name: string;
  find(text: string): Promise<LabelledSpan[]>;
}

// redact-pii's built-in rules and their families. It returns only redacted text, and it names
// every replacement after its rule (CREDIT_CARD_NUMBER, ...), words that a later rule could
// match again. So the same regexes run in the same order as custom rules that write markers from
// Unicode's Private Use Area, which no rule matches, and the spans come from aligning the
// redacted text with the original. The name rule (a list of well-known names) stays built in.
type RedactPiiRule = Exclude<keyof typeof redactPiiPatterns, 'default'>;
const redactPiiRules: Record<RedactPiiRule, Family> = {
  creditCardNumber: 'CREDIT_CARD',
  streetAddress: 'ADDRESS',
  zipcode: 'ADDRESS',
  phoneNumber: 'PHONE',
  ipAddress: 'IP_ADDRESS',
  usSocialSecurityNumber: 'US_SSN',
  emailAddress: 'EMAIL',
  username: 'SECRET',
  password: 'SECRET',
  credentials: 'SECRET',
  digits: 'OTHER',
  url: 'URL',
};
const markerOpen = '\uE000';
const markerClose = '\uE001';
const nameMarker = 'PERSON_NAME';

export function createRedactPiiTool(): PiiTool & { unaligned: number } {
  // redact-pii runs its rules in the order of that module's exports (listed above in the same
  // order), and the order decides what an overlap becomes. (The namespace object's own key
  // order is alphabetical, so it cannot be used.)
  const names = Object.keys(redactPiiRules) as RedactPiiRule[];
  const marker = (index: number) => `${markerOpen}${String.fromCharCode(0xe100 + index)}${markerClose}`;
  const redactor = new SyncRedactor({
    builtInRedactors: Object.fromEntries(names.map((name) => [name, { enabled: false }])),
    customRedactors: {
      before: names.map((name, index) => ({ regexpPattern: redactPiiPatterns[name], replaceWith: marker(index) })),
    },
  });
  const families = new Map<string, Family>(names.map((name, index) => [String.fromCharCode(0xe100 + index), redactPiiRules[name]]));
  families.set(nameMarker, 'PERSON');
  const tool = {
    name: 'redact-pii',
    unaligned: 0,
    async find(text: string): Promise<LabelledSpan[]> {
      const redacted = redactor.redact(text);
      const spans = alignRedacted(text, redacted, families);
      if (!spans) {
        tool.unaligned += 1;
        return [];
      }
      return spans;
    },
  };
  return tool;
}

/**
 * Recovers what each marker replaced: the redacted text becomes a regex in which literal parts
 * match themselves and each marker matches a lazy run of the original. Anchored at both ends,
 * the match is the one consistent reading. Undefined when there is none.
 */
export function alignRedacted(original: string, redacted: string, families: Map<string, Family>): LabelledSpan[] | undefined {
  const markerPattern = new RegExp(`${markerOpen}([\\uE100-\\uE1FF])${markerClose}|${nameMarker}`, 'g');
  const markerFamilies: Family[] = [];
  let source = '^';
  let last = 0;
  for (const marker of redacted.matchAll(markerPattern)) {
    source += escapeLiteral(redacted.slice(last, marker.index));
    source += '([\\s\\S]+?)';
    markerFamilies.push(families.get(marker[1] ?? nameMarker) ?? 'OTHER');
    last = marker.index + marker[0].length;
  }
  source += `${escapeLiteral(redacted.slice(last))}$`;
  const match = new RegExp(source, 'd').exec(original);
  if (!match?.indices) return undefined;
  const spans: LabelledSpan[] = [];
  markerFamilies.forEach((family, index) => {
    const range = match.indices?.[index + 1];
    if (range) spans.push({ family, start: range[0], end: range[1] });
  });
  return spans;
}

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * openredaction's detection types to families, by the words in them (it has some 570 patterns:
 * PHONE_UK, ZIP_CODE_US, ADDRESS_STREET, DRIVING_LICENSE_US, INSTAGRAM_USERNAME, ...).
 */
export function openRedactionFamily(type: string): Family {
  const upper = type.toUpperCase();
  if (upper === 'NAME' || upper.includes('PERSON') || upper.endsWith('_NAME')) return 'PERSON';
  if (upper.includes('EMAIL')) return 'EMAIL';
  if (upper.includes('PHONE') || upper.includes('MOBILE') || upper.includes('FAX')) return 'PHONE';
  if (upper.includes('CREDIT_CARD') || upper.includes('CARD_NUMBER')) return 'CREDIT_CARD';
  if (upper.includes('IBAN')) return 'IBAN';
  if (upper === 'SSN' || upper.includes('US_SSN') || upper.includes('SOCIAL_SECURITY')) return 'US_SSN';
  if (upper.startsWith('IPV') || upper.includes('IP_ADDRESS')) return 'IP_ADDRESS';
  if (upper.includes('DATE') || upper.includes('BIRTH') || upper === 'DOB') return 'DATE';
  if (upper.includes('ADDRESS') || upper.includes('ZIP') || upper.includes('POSTCODE') || upper.includes('POSTAL')) return 'ADDRESS';
  if (/DRIV|PASSPORT|NATIONAL_ID|NATIONAL_INSURANCE|NINO|AADHAAR|TAX_ID|NHS|ID_CARD|IDENTITY/.test(upper)) return 'ID_DOCUMENT';
  if (upper.includes('URL') || upper.includes('DOMAIN')) return 'URL';
  if (/KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/.test(upper)) return 'SECRET';
  return 'OTHER';
}

export function createOpenRedactionTool(): PiiTool {
  const detector = new OpenRedaction({});
  return {
    name: 'openredaction',
    async find(text: string): Promise<LabelledSpan[]> {
      const result = await detector.detect(text);
      return result.detections.map((detection) => ({
        family: openRedactionFamily(detection.type),
        start: detection.position[0],
        end: detection.position[1],
      }));
    },
  };
}
