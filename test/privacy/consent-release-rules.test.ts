import { describe, expect, it } from 'vitest';
import { consentEditedAnalyzer } from '../../electron/core/privacy/consent-edits/consent-edited-analyzer.js';
import { applicableEdits, defaultEntitySpanSources } from '../../electron/core/privacy/consent-edits/consent-edits.js';
import { consentPlaceholdersOf } from '../../electron/core/privacy/consent-edits/consent-placeholders.js';
import type { TextAnalyzer } from '../../electron/core/privacy/payload-redaction.js';
import type { EntityType, Span } from '../../electron/shared/privacy.js';

/** What a person may release in the consent dialog, and how edits change what the analyzer reports. */
const entitySources = new Set(defaultEntitySpanSources);

describe('which placeholders a person may release', () => {
  it.each<[string, EntityType, string[], boolean]>([
    ['a name only the entity classifier found', 'PERSON', ['entity-classifier'], true],
    ['a place a NER model found', 'LOCATION', ['ner'], true],
    ['an organisation found again as a value the vault holds', 'ORGANIZATION', ['entity-classifier', 'vault'], true],
    ['a street address only the entity classifier found', 'STREET_ADDRESS', ['entity-classifier'], true],
    ['a street address its pattern found too', 'STREET_ADDRESS', ['entity-classifier', 'street-address'], false],
    ['a value only the vault matched (nothing says what it is now)', 'PERSON', ['vault'], false],
    ['an e-mail a NER model found', 'EMAIL', ['ner'], false],
    ['a card', 'CREDIT_CARD', ['credit-card'], false],
    ['an always-redact term', 'CUSTOM', ['deny-list'], false],
    ['a term the person redacted', 'CUSTOM', ['consent-redact'], false],
    ['a name a recognizer of unknown kind also flagged', 'PERSON', ['entity-classifier', 'some-new-recognizer'], false],
  ])('%s: %s', (_case, type, sources, releasable) => {
    const placeholders = consentPlaceholdersOf([{ placeholder: `⟦${type}_1⟧`, type, value: 'value', sources }], entitySources);
    expect(placeholders).toEqual([{ placeholder: `⟦${type}_1⟧`, type, value: 'value', releasable }]);
  });

  it('joins the sources of every occurrence: one pattern hit anywhere makes the value not releasable', () => {
    const placeholders = consentPlaceholdersOf(
      [
        { placeholder: '⟦STREET_ADDRESS_1⟧', type: 'STREET_ADDRESS', value: '12 Main Street', sources: ['entity-classifier'] },
        { placeholder: '⟦PERSON_1⟧', type: 'PERSON', value: 'Ann Lee', sources: ['entity-classifier'] },
        { placeholder: '⟦STREET_ADDRESS_1⟧', type: 'STREET_ADDRESS', value: '12 Main Street', sources: ['street-address'] },
      ],
      entitySources,
    );
    expect(placeholders).toEqual([
      { placeholder: '⟦STREET_ADDRESS_1⟧', type: 'STREET_ADDRESS', value: '12 Main Street', releasable: false },
      { placeholder: '⟦PERSON_1⟧', type: 'PERSON', value: 'Ann Lee', releasable: true },
    ]);
  });

  it('keeps only releasable values of a release, and puts equal edits in one form', () => {
    expect(applicableEdits({ redact: [' Falcon ', 'Falcon', 'Apex'], release: ['Ann Lee', '4111 1111 1111 1111', 'Ann Lee'] }, new Set(['Ann Lee']))).toEqual({
      redact: ['Apex', 'Falcon'],
      release: ['Ann Lee'],
    });
  });
});

describe('the analyzer with a payload’s edits', () => {
  const text = 'Ann Lee (ann@example.com) and Ann Leeds visit Falcon; FALCON too.';
  const at = (value: string, type: EntityType, source: string, from = 0): Span => {
    const start = text.indexOf(value, from);
    return { type, start, end: start + value.length, score: 0.9, source };
  };
  const base: TextAnalyzer = {
    analyze: async () => ({
      spans: [
        at('Ann Lee', 'PERSON', 'entity-classifier'),
        // A NER model's e-mail span: an entity recognizer, but not a name: never released.
        at('ann@example.com', 'EMAIL', 'ner'),
        at('Ann Leeds', 'PERSON', 'entity-classifier'),
      ],
      sensitivity: { level: 'none', topics: [] },
      nerAvailable: true,
      warnings: [],
    }),
  };
  const spansOf = async (redact: string[], release: string[]) =>
    (await consentEditedAnalyzer(base, { redact, release }, entitySources).analyze(text)).spans.map((span) => [span.type, text.slice(span.start, span.end), span.source]);

  it.each<[string, string[], string[], string[][]]>([
    [
      'no edits: the analyzer as it is',
      [],
      [],
      [
        ['PERSON', 'Ann Lee', 'entity-classifier'],
        ['EMAIL', 'ann@example.com', 'ner'],
        ['PERSON', 'Ann Leeds', 'entity-classifier'],
      ],
    ],
    [
      'a released name is not reported where it appears whole; a longer name stays',
      [],
      ['Ann Lee'],
      [
        ['EMAIL', 'ann@example.com', 'ner'],
        ['PERSON', 'Ann Leeds', 'entity-classifier'],
      ],
    ],
    [
      'a released e-mail is still reported',
      [],
      ['ann@example.com'],
      [
        ['PERSON', 'Ann Lee', 'entity-classifier'],
        ['EMAIL', 'ann@example.com', 'ner'],
        ['PERSON', 'Ann Leeds', 'entity-classifier'],
      ],
    ],
    [
      'a redacted term is reported as CUSTOM in any case, whole words only, and takes over a name around it',
      ['falcon', 'Lee'],
      [],
      [
        ['CUSTOM', 'Ann Lee', 'consent-redact'],
        ['EMAIL', 'ann@example.com', 'ner'],
        ['PERSON', 'Ann Leeds', 'entity-classifier'],
        ['CUSTOM', 'Falcon', 'consent-redact'],
        ['CUSTOM', 'FALCON', 'consent-redact'],
      ],
    ],
    [
      'a redacted term wins over a release of the same text',
      ['Ann Lee'],
      ['Ann Lee'],
      [
        ['CUSTOM', 'Ann Lee', 'consent-redact'],
        ['EMAIL', 'ann@example.com', 'ner'],
        ['PERSON', 'Ann Leeds', 'entity-classifier'],
      ],
    ],
  ])('%s', async (_case, redact, release, expected) => {
    expect(await spansOf(redact, release)).toEqual(expected);
  });
});
