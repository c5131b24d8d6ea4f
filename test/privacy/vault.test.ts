import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPlaceholder } from '../../electron/core/privacy/placeholder-format.js';
import { Vault } from '../../electron/core/privacy/vault.js';
import { BatonError } from '../../electron/shared/errors.js';
import type { EntityType, Span } from '../../electron/shared/privacy.js';
import { anyInjectedValue, fillerText } from '../support/pii-values.js';

function span(text: string, value: string, type: EntityType, from = 0): Span {
  const start = text.indexOf(value, from);
  if (start === -1) throw new Error(`"${value}" is not in the text`);
  return { type, start, end: start + value.length, score: 1, source: 'test' };
}

describe('vault placeholders', () => {
  it('replaces values with typed, numbered placeholders and restores them', () => {
    const vault = new Vault();
    const text = 'Mail ann@example.com or bob@example.org, then call Ann Lee.';
    const { text: redacted, replacements } = vault.redact(text, [
      span(text, 'ann@example.com', 'EMAIL'),
      span(text, 'bob@example.org', 'EMAIL'),
      span(text, 'Ann Lee', 'PERSON'),
    ]);
    expect(redacted).toBe('Mail ⟦EMAIL_1⟧ or ⟦EMAIL_2⟧, then call ⟦PERSON_1⟧.');
    expect(replacements).toEqual([
      { placeholder: '⟦EMAIL_1⟧', type: 'EMAIL', value: 'ann@example.com', sources: ['test'] },
      { placeholder: '⟦EMAIL_2⟧', type: 'EMAIL', value: 'bob@example.org', sources: ['test'] },
      { placeholder: '⟦PERSON_1⟧', type: 'PERSON', value: 'Ann Lee', sources: ['test'] },
    ]);
    expect(vault.restore(redacted)).toBe(text);
  });

  it('gives the same value the same placeholder across turns, and two values never one', () => {
    const vault = new Vault();
    const first = 'Ask ann@example.com.';
    const second = 'Also ask zoe@example.com, and again ann@example.com.';
    expect(vault.redact(first, [span(first, 'ann@example.com', 'EMAIL')]).text).toBe('Ask ⟦EMAIL_1⟧.');
    const redacted = vault.redact(second, [span(second, 'zoe@example.com', 'EMAIL'), span(second, 'ann@example.com', 'EMAIL', 20)]).text;
    expect(redacted).toBe('Also ask ⟦EMAIL_2⟧, and again ⟦EMAIL_1⟧.');
  });

  it('keeps the first type of a value seen again under another type', () => {
    const vault = new Vault();
    vault.redact('Paris', [{ type: 'LOCATION', start: 0, end: 5, score: 1, source: 'ner' }]);
    const { text, replacements } = vault.redact('Paris Hilton', [{ type: 'PERSON', start: 0, end: 5, score: 1, source: 'ner' }]);
    expect(text).toBe('⟦LOCATION_1⟧ Hilton');
    expect(replacements[0]?.type).toBe('LOCATION');
  });

  it('joins overlapping spans before replacing', () => {
    const vault = new Vault();
    const text = 'id 1234-5678-9012 end';
    const { text: redacted, replacements } = vault.redact(text, [
      { type: 'CREDIT_CARD', start: 3, end: 12, score: 1, source: 'a' },
      { type: 'PHONE', start: 8, end: 17, score: 1, source: 'b' },
    ]);
    expect(redacted).toBe('id ⟦CREDIT_CARD_1⟧ end');
    // Every source that flagged part of the value is kept: the consent dialog releases only values no pattern touched.
    expect(replacements).toEqual([{ placeholder: '⟦CREDIT_CARD_1⟧', type: 'CREDIT_CARD', value: '1234-5678-9012', sources: ['a', 'b'] }]);
    expect(vault.restore(redacted)).toBe(text);
  });

  it('a copy issues placeholders of its own; the vault adopts them unless they clash', () => {
    const vault = new Vault();
    vault.redact('Ann Lee', [{ type: 'PERSON', start: 0, end: 7, score: 1, source: 'ner' }]);
    const copy = vault.copy();
    expect(copy.redact('Falcon', [{ type: 'CUSTOM', start: 0, end: 6, score: 1, source: 'consent-redact' }]).text).toBe('⟦CUSTOM_1⟧');
    expect(vault.isIssued('⟦CUSTOM_1⟧')).toBe(false);
    expect(vault.adoptFrom(copy)).toBe(true);
    expect(vault.restore('⟦PERSON_1⟧ and ⟦CUSTOM_1⟧')).toBe('Ann Lee and Falcon');
    // Adopted counters go on from the copy's numbers.
    expect(vault.placeholderFor('Osprey', 'CUSTOM')).toBe('⟦CUSTOM_2⟧');

    const before = new Vault();
    const stale = before.copy();
    before.placeholderFor('Heron', 'CUSTOM');
    stale.placeholderFor('Falcon', 'CUSTOM');
    // Both issued ⟦CUSTOM_1⟧, for different values: nothing is adopted.
    expect(before.adoptFrom(stale)).toBe(false);
    expect(before.values()).toEqual(['Heron']);
    const sameValue = new Vault();
    const other = sameValue.copy();
    sameValue.placeholderFor('x', 'CUSTOM');
    sameValue.placeholderFor('Falcon', 'CUSTOM');
    other.placeholderFor('Falcon', 'CUSTOM');
    expect(sameValue.adoptFrom(other)).toBe(false);
  });

  it('never issues a placeholder that already appears in the person’s own text, and leaves it alone on restore', () => {
    const vault = new Vault();
    const text = 'The template says ⟦EMAIL_1⟧; fill in kim@example.com.';
    const { text: redacted } = vault.redact(text, [span(text, 'kim@example.com', 'EMAIL')]);
    expect(redacted).toBe('The template says ⟦EMAIL_1⟧; fill in ⟦EMAIL_2⟧.');
    expect(vault.restore(redacted)).toBe(text);
    expect(vault.restore('⟦EMAIL_2⟧ and ⟦EMAIL_1⟧ and ⟦PHONE_9⟧')).toBe('kim@example.com and ⟦EMAIL_1⟧ and ⟦PHONE_9⟧');
  });

  it('survives toJSON / fromJSON with its numbering, values and reservations', () => {
    const vault = new Vault();
    const text = 'See ⟦PERSON_1⟧ and Ann.';
    vault.redact(text, [span(text, 'Ann', 'PERSON')]);
    const copy = Vault.fromJSON(JSON.parse(JSON.stringify(vault)));
    expect(copy.restore('⟦PERSON_2⟧ ⟦PERSON_1⟧')).toBe('Ann ⟦PERSON_1⟧');
    expect(copy.placeholderFor('Bo', 'PERSON')).toBe('⟦PERSON_3⟧');
    expect(copy.placeholderFor('Ann', 'PERSON')).toBe('⟦PERSON_2⟧');
    expect(copy.values()).toEqual(['Ann', 'Bo']);
  });

  it('refuses a damaged snapshot', () => {
    expect(() => Vault.fromJSON({ version: 2 })).toThrow(BatonError);
    expect(() => Vault.fromJSON({ version: 1, entries: [{ placeholder: 'x', type: 'NOPE', value: 'v' }], counters: {}, reserved: [] })).toThrow(
      /damaged/,
    );
  });
});

describe('vault round trip (property)', () => {
  const piece = fc.oneof(
    { weight: 3, arbitrary: fillerText.map((text) => ({ text, value: false })) },
    { weight: 3, arbitrary: anyInjectedValue.map((value) => ({ text: value.text, value: true })) },
    // Text that merely looks like a placeholder, typed by the person.
    { weight: 1, arbitrary: fc.constantFrom('EMAIL', 'PERSON', 'US_SSN').chain((type) => fc.integer({ min: 1, max: 4 }).map((n) => ({ text: formatPlaceholder(type, n), value: false }))) },
    { weight: 2, arbitrary: fc.string({ maxLength: 12 }).map((text) => ({ text, value: false })) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }).map((text) => ({ text, value: false })) },
  );

  it('restore(redact(x)) === x for arbitrary text with injected values', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.constantFrom<EntityType>('EMAIL', 'PERSON', 'CREDIT_CARD', 'CUSTOM'), (pieces, type) => {
        const vault = new Vault();
        let text = '';
        const spans: Span[] = [];
        for (const { text: pieceText, value } of pieces) {
          if (value && pieceText.length > 0) spans.push({ type, start: text.length, end: text.length + pieceText.length, score: 1, source: 'test' });
          text += pieceText;
        }
        const { text: redacted, replacements } = vault.redact(text, spans);
        expect(vault.restore(redacted)).toBe(text);
        for (const { value } of replacements) expect(redacted).not.toContain(value);
        // The same values again, in a later turn, keep their placeholders.
        expect(vault.redact(text, spans).text).toBe(redacted);
        expect(Vault.fromJSON(vault.toJSON()).restore(redacted)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});

describe('vault stores', () => {
  it('keep a conversation’s vault in the settings table, across restarts', async () => {
    const { openDatabase } = await import('../../electron/core/storage/database.js');
    const { SettingsVaultStore, vaultKeyPrefix } = await import('../../electron/core/privacy/vault-store.js');
    const database = openDatabase(':memory:');
    try {
      const store = new SettingsVaultStore(database.settings);
      const vault = store.get('conversation-1');
      expect(store.get('conversation-1')).toBe(vault);
      vault.placeholderFor('ann@example.com', 'EMAIL');
      store.save('conversation-1', vault);
      expect(database.settings.get(`${vaultKeyPrefix}conversation-1`)).toMatchObject({ version: 1, entries: [{ placeholder: '⟦EMAIL_1⟧', value: 'ann@example.com' }] });

      const reopened = new SettingsVaultStore(database.settings);
      expect(reopened.get('conversation-1').restore('⟦EMAIL_1⟧')).toBe('ann@example.com');
      expect(reopened.get('conversation-2').size).toBe(0);

      database.settings.set(`${vaultKeyPrefix}conversation-3`, { version: 1, entries: 'broken' });
      expect(() => reopened.get('conversation-3')).toThrow(/damaged/);

      // A loaded vault stays in memory until forgotten, even once its stored copy is deleted.
      database.settings.delete(`${vaultKeyPrefix}conversation-1`);
      expect(reopened.get('conversation-1').values()).toEqual(['ann@example.com']);
      reopened.forget('conversation-1');
      expect(reopened.get('conversation-1').values()).toEqual([]);
    } finally {
      database.close();
    }
  });
});
