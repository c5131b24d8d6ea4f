import { describe, expect, it } from 'vitest';
import { settingsJsonSchema } from '../../electron/core/service/settings-store.js';

describe('the settings a person sees', () => {
  it('each come with a sentence of help in plain words (API keys have their own control)', () => {
    const properties = settingsJsonSchema().properties as Record<string, { description?: string }>;
    const undescribed = Object.entries(properties)
      .filter(([key, property]) => !/ApiKey$/.test(key) && !property.description)
      .map(([key]) => key);
    expect(undescribed).toEqual([]);
    for (const [key, property] of Object.entries(properties)) {
      if (/ApiKey$/.test(key)) continue;
      // A sentence: a capital first and a full stop last, without the code's words for things.
      expect(property.description, key).toMatch(/^[A-Z0-9].*[.)]$/);
      expect(property.description, key).not.toMatch(/\b(null|true|false|undefined|sequence|BatonError)\b/);
    }
  });
});
