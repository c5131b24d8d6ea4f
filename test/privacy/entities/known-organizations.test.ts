import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Span } from '../../../electron/shared/privacy.js';
import { Gazetteers } from '../../../electron/core/privacy/entities/gazetteers.js';
import { listedOrganizations, withOrganizations } from '../../../electron/core/privacy/entities/known-organizations.js';
import { shippedEntityClassifierFolder } from '../../../electron/core/privacy/entities/shipped-entity-classifier.js';
import { wordTokens } from '../../../electron/core/privacy/entities/word-tokens.js';

const gazetteers = new Gazetteers({
  'first-names': ['enzo'],
  'last-names': ['ferrari'],
  places: ['japan', 'united arab emirates'],
  'organization-words': ['bank'],
  'person-titles': ['ing'],
  'street-words': ['street'],
  'common-words': ['the'],
  'english-words': ['the', 'general', 'motors', 'royal', 'mail'],
  'never-entities': [],
  'organization-names': ['barclays', 'japan airlines', 'ferrari', 'emirates', 'general motors', 'royal mail', 'bp', 'ing', 'bank of america', 'barclays street'],
});

function withListed(text: string, spans: Span[]): Span[] {
  return withOrganizations(spans, listedOrganizations(text, wordTokens(text), gazetteers), 'test');
}

function review(text: string, spans: Span[] = []): [string, string][] {
  return withListed(text, spans).map((span) => [span.type, text.slice(span.start, span.end)]);
}

function span(text: string, value: string, type: Span['type'], score = 0.9): Span {
  const start = text.indexOf(value);
  return { type, start, end: start + value.length, score, source: 'test' };
}

describe('organisations the list knows by name', () => {
  it('adds one the tagger missed and retypes one it called a person or whose place it took', () => {
    expect(review('His Barclays card was declined.')).toEqual([['ORGANIZATION', 'Barclays']]);
    const text = 'Mr Young flew Japan Airlines, then paid with Barclays.';
    expect(review(text, [span(text, 'Young', 'PERSON'), span(text, 'Japan', 'LOCATION'), span(text, 'Barclays', 'PERSON')])).toEqual([
      ['PERSON', 'Young'],
      ['ORGANIZATION', 'Japan Airlines'],
      ['ORGANIZATION', 'Barclays'],
    ]);
  });

  it('keeps the kind of a longer span the tagger found around the name, and never retypes a street', () => {
    const person = 'Enzo Ferrari founded it.';
    expect(review(person, [span(person, 'Enzo Ferrari', 'PERSON')])).toEqual([['PERSON', 'Enzo Ferrari']]);
    const country = 'We moved to the United Arab Emirates.';
    expect(review(country, [span(country, 'United Arab Emirates', 'LOCATION')])).toEqual([['LOCATION', 'United Arab Emirates']]);
    const street = 'Deliver to 4 Barclays Street.';
    expect(review(street, [span(street, 'Barclays Street', 'STREET_ADDRESS')])).toEqual([['STREET_ADDRESS', 'Barclays Street']]);
  });

  it('reads only names written as names', () => {
    expect(review('omw to barclays, need anything?')).toEqual([]);
    expect(review('Ask the Bank Of america desk.')).toEqual([]);
    expect(review('Ask the Bank of America desk.')).toEqual([['ORGANIZATION', 'Bank of America']]);
    expect(review('Bp and BP.')).toEqual([['ORGANIZATION', 'BP']]);
    expect(review('Ing. Müller called.')).toEqual([]);
  });

  it('takes a name made of English words only inside a sentence, not where it may open one', () => {
    expect(review('General Motors rose. Royal Mail was late.')).toEqual([]);
    expect(review('Shares of General Motors rose; the Royal Mail was late.')).toEqual([
      ['ORGANIZATION', 'General Motors'],
      ['ORGANIZATION', 'Royal Mail'],
    ]);
  });

  it('keeps the higher score of the spans it replaces', () => {
    const text = 'Paid with Barclays.';
    const [found] = withListed(text, [span(text, 'Barclays', 'PERSON', 0.97)]);
    expect(found).toMatchObject({ type: 'ORGANIZATION', score: 0.97, source: 'test' });
    const [added] = withListed(text, []);
    expect(added?.score).toBe(0.6);
  });
});

describe('the shipped list of organisations', () => {
  const shipped = Gazetteers.load(join(shippedEntityClassifierFolder(), 'gazetteers'));
  const listed = (text: string) => listedOrganizations(text, wordTokens(text), shipped).map(({ start, end }) => text.slice(start, end));

  it('knows listed companies by their full name and by the short name people write', () => {
    expect(listed('Our payroll moved to Paychex, Inc. in May.')).toEqual(['Paychex, Inc.']);
    expect(listed('Our payroll moved to Paychex in May; Fastenal ships the bolts.')).toEqual(['Paychex', 'Fastenal']);
    expect(listed('She left Kinross Gold for a job at The Boeing Company.')).toEqual(['Kinross Gold', 'The Boeing Company']);
  });

  it('leaves out short names that are trade acronyms, words, numbers or a person', () => {
    expect(listed('The CSP blocks inline scripts; AES keys rotate in the 22nd Century.')).toEqual([]);
    expect(listed('Herman Miller called about the Harmonic lease.')).toEqual([]);
  });
});

