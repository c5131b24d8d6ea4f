import { describe, expect, it } from 'vitest';
import { entityTags, spansFromTags } from '../../../electron/core/privacy/entities/entity-labels.js';
import { Gazetteers } from '../../../electron/core/privacy/entities/gazetteers.js';
import { charId, featureLayout, featuresOf, shapeOf, wordId } from '../../../electron/core/privacy/entities/token-features.js';
import { wordTokens } from '../../../electron/core/privacy/entities/word-tokens.js';

const gazetteers = new Gazetteers({
  'first-names': ['José', 'ann'],
  'last-names': ['müller'],
  places: ['new york', 'saint-étienne', 'paris'],
  'organization-words': ['gmbh'],
  'person-titles': ['dr'],
  'street-words': ['straße'],
  'common-words': ['the'],
  'english-words': ['the', 'blocking'],
  'never-entities': ['monday'],
  'organization-names': ['equity bank'],
});

describe('entity classifier: word tokens', () => {
  it.each([
    ['Jean-Luc O’Brien', ['Jean', '-', 'Luc', 'O', '’', 'Brien']],
    ['Dr. José Müller, 12 Hauptstraße', ['Dr', '.', 'José', 'Müller', ',', '12', 'Hauptstraße']],
    ['张伟在北京', ['张', '伟', '在', '北', '京']],
    ['김민준 씨', ['김민준', '씨']],
    ['  ', []],
  ])('%s', (text, expected) => {
    const tokens = wordTokens(text);
    expect(tokens.map((token) => token.text)).toEqual(expected);
    for (const token of tokens) expect(text.slice(token.start, token.end)).toBe(token.text);
  });

  it('marks line breaks and spaces before a token', () => {
    const tokens = wordTokens('Best,\nAnn Lee');
    expect(tokens.map(({ text, newlineBefore, spaceBefore }) => [text, newlineBefore, spaceBefore])).toEqual([
      ['Best', false, false],
      [',', false, false],
      ['Ann', true, true],
      ['Lee', false, true],
    ]);
  });
});

describe('entity classifier: features', () => {
  it.each([
    ['ann', 'lower'],
    ['Ann', 'title'],
    ['ANN', 'upper'],
    ['A', 'single-capital'],
    ['McDonald', 'mixed-case'],
    ['北', 'caseless-letters'],
    ['42', 'digits'],
    ['.', 'period'],
    [',', 'comma'],
    ['-', 'apostrophe-or-hyphen'],
    ['’', 'apostrophe-or-hyphen'],
    ['@', 'other-symbol'],
  ])('shape of %s is %s', (token, shape) => {
    expect(shapeOf(token)).toBe(shape);
  });

  it('hashes words case-insensitively into the word buckets, never into padding or unknown', () => {
    expect(wordId('Paris')).toBe(wordId('PARIS'));
    expect(wordId('Paris')).not.toBe(wordId('Lyon'));
    for (const word of ['a', 'Paris', '北', '']) {
      expect(wordId(word)).toBeGreaterThanOrEqual(2);
      expect(wordId(word)).toBeLessThan(featureLayout.wordBuckets);
    }
  });

  it('gives Latin, Greek and Cyrillic letters ids of their own and hashes the rest into the table', () => {
    expect(charId('A'.codePointAt(0) as number)).toBe(66);
    expect(charId('Ж'.codePointAt(0) as number)).toBe(0x416 + 1);
    expect(charId('北'.codePointAt(0) as number)).toBeGreaterThan(1536);
    expect(charId('北'.codePointAt(0) as number)).toBeLessThan(featureLayout.charBuckets);
  });

  it('sets gazetteer flags on lower-cased, accent-free keys and matches the longest place', () => {
    const tokens = wordTokens('Dr. JOSE Muller of Saint-Etienne and New York lives on the Hauptstraße');
    const features = featuresOf(tokens, gazetteers);
    const flagsOf = (index: number) =>
      featureLayout.flags.filter((_, flag) => features.flags[index * featureLayout.flags.length + flag] === 1);
    const at = (text: string) => tokens.findIndex((token) => token.text === text);
    expect(flagsOf(at('Dr'))).toEqual(['person-title', 'newline-before', 'sentence-start']);
    expect(flagsOf(at('JOSE'))).toEqual(['first-name', 'space-before', 'sentence-start']);
    expect(flagsOf(at('Muller'))).toEqual(['last-name', 'space-before']);
    for (const part of ['Saint', '-', 'Etienne', 'New', 'York']) expect(flagsOf(at(part))).toContain('place');
    expect(flagsOf(at('of'))).not.toContain('place');
    expect(flagsOf(at('the'))).toContain('common-word');
    expect(flagsOf(at('Hauptstraße'))).not.toContain('street-word');
    expect(features.charIds.slice(at('Dr') * featureLayout.charsPerToken, at('Dr') * featureLayout.charsPerToken + 3)).toEqual(
      new BigInt64Array([BigInt(charId(68)), BigInt(charId(114)), 0n]),
    );
  });
});

describe('entity classifier: tags to spans', () => {
  const tag = (label: string, probability = 0.9) => ({ tag: entityTags.indexOf(label), probability });

  it('joins B- and I- runs into exact spans and scores them by their least sure token', () => {
    const text = 'Dr. Ann-Marie Lee met ACME GmbH in Paris';
    const tokens = wordTokens(text);
    const labels = ['O', 'O', 'B-PERSON', 'I-PERSON', 'I-PERSON', 'I-PERSON', 'O', 'B-ORGANIZATION', 'I-ORGANIZATION', 'O', 'B-LOCATION'];
    const spans = spansFromTags(tokens, labels.map((label, index) => tag(label, index === 4 ? 0.6 : 0.9)), 'entity-classifier');
    expect(spans.map((span) => [span.type, text.slice(span.start, span.end), span.score])).toEqual([
      ['PERSON', 'Ann-Marie Lee', 0.6],
      ['ORGANIZATION', 'ACME GmbH', 0.9],
      ['LOCATION', 'Paris', 0.9],
    ]);
  });

  it('starts a span at an I- tag that follows another kind, maps STREET to STREET_ADDRESS and drops punctuation-only runs', () => {
    const text = 'Lee , 5 Main Street';
    const tokens = wordTokens(text);
    const spans = spansFromTags(tokens, [tag('I-PERSON'), tag('B-LOCATION'), tag('I-STREET'), tag('I-STREET'), tag('I-STREET')], 'x');
    expect(spans.map((span) => [span.type, text.slice(span.start, span.end)])).toEqual([
      ['PERSON', 'Lee'],
      ['STREET_ADDRESS', '5 Main Street'],
    ]);
  });
});

describe('entity classifier: one name the model split in two', () => {
  const tag = (label: string, probability = 0.9) => ({ tag: entityTags.indexOf(label), probability });

  it('joins spans parted by a hyphen or one space, under the kind that covers more of them', () => {
    const text = 'to Anne-Marie Dubois-Laurent today';
    const tokens = wordTokens(text);
    const labels = ['O', 'B-ORGANIZATION', 'O', 'B-PERSON', 'I-PERSON', 'I-PERSON', 'I-PERSON', 'O'];
    const spans = spansFromTags(tokens, labels.map((label, index) => tag(label, index === 1 ? 0.7 : 0.9)), 'x');
    expect(spans.map((span) => [span.type, text.slice(span.start, span.end), span.score])).toEqual([['PERSON', 'Anne-Marie Dubois-Laurent', 0.7]]);
  });

  it('keeps spans apart across a comma or a line break', () => {
    const text = 'Marie, Kyle\nParis';
    const tokens = wordTokens(text);
    const spans = spansFromTags(tokens, [tag('B-PERSON'), tag('O'), tag('B-LOCATION'), tag('B-LOCATION')], 'x');
    expect(spans.map((span) => [span.type, text.slice(span.start, span.end)])).toEqual([
      ['PERSON', 'Marie'],
      ['LOCATION', 'Kyle'],
      ['LOCATION', 'Paris'],
    ]);
  });
});
