import { describe, expect, it } from 'vitest';
import { goldFamily, type LabelledSpan } from '../../bench/pii-scoring.js';
import { countTypes, type TypeCounts } from '../../bench/pii-type-counts.js';

describe('gold labels to families', () => {
  it.each([
    ['PHONE_NUMBER', 'PHONE'],
    ['IBAN_CODE', 'IBAN'],
    ['US_DRIVER_LICENSE', 'ID_DOCUMENT'],
    ['UK_NHS', 'ID_DOCUMENT'],
    ['street_address', 'ADDRESS'],
    ['DATE_TIME', 'DATE'],
    // Exact labels only: a substring once made these an address and an identity document.
    ['MAC_ADDRESS', 'OTHER'],
    ['DE_BSNR', 'OTHER'],
    ['CRYPTO', 'OTHER'],
  ])('%s is %s', (label, family) => {
    expect(goldFamily(label)).toBe(family);
  });
});

describe('per-type counts', () => {
  it('counts recall per gold label and precision per predicted type', () => {
    const gold: LabelledSpan[] = [
      { family: 'PHONE', label: 'PHONE_NUMBER', start: 0, end: 10 },
      { family: 'ID_DOCUMENT', label: 'US_DRIVER_LICENSE', start: 20, end: 28 },
      // Found as a person: missed as an organisation, yet hidden.
      { family: 'ORGANIZATION', label: 'ORGANIZATION', start: 58, end: 70 },
    ];
    const predicted: LabelledSpan[] = [
      { family: 'PHONE', label: 'PHONE', start: 2, end: 10 },
      { family: 'ID_DOCUMENT', label: 'NATIONAL_ID', start: 40, end: 45 },
      { family: 'PERSON', label: 'PERSON', start: 60, end: 66 },
    ];
    const goldByLabel = new Map<string, TypeCounts>();
    const predictedByType = new Map<string, TypeCounts>();
    countTypes(gold, predicted, goldByLabel, predictedByType);
    expect(Object.fromEntries(goldByLabel)).toEqual({
      PHONE_NUMBER: { total: 1, correct: 1, hidden: 1 },
      US_DRIVER_LICENSE: { total: 1, correct: 0, hidden: 0 },
      ORGANIZATION: { total: 1, correct: 0, hidden: 1 },
    });
    expect(Object.fromEntries(predictedByType)).toEqual({
      PHONE: { total: 1, correct: 1 },
      NATIONAL_ID: { total: 1, correct: 0 },
      PERSON: { total: 1, correct: 0 },
    });
  });
});
