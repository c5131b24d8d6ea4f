import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntityClassifier } from '../../../electron/core/privacy/entities/entity-classifier.js';
import { shippedEntityClassifierFolder } from '../../../electron/core/privacy/entities/shipped-entity-classifier.js';

/**
 * The shipped classifier on tricky cases, with the exact spans expected: names in lower case,
 * in capitals, hyphenated, with particles, in other scripts, names that are common words,
 * addresses in three national formats, and words that are nobody's name.
 */
let classifier: EntityClassifier;
beforeAll(async () => {
  classifier = await EntityClassifier.load(shippedEntityClassifierFolder());
});
afterAll(() => classifier.dispose());

type Expected = [type: string, value: string][];

const cases: [text: string, expected: Expected][] = [
  ['hey can you ask maria gonzalez to call me back', [['PERSON', 'maria gonzalez']]],
  // The tagger calls "Will Baker" after "to" an organisation; a known given and family name make it a person.
  ['Grace Young will bring the report to Will Baker tomorrow.', [['PERSON', 'Grace Young'], ['PERSON', 'Will Baker']]],
  ['Please send the invoice to Anne-Marie Dubois-Laurent.', [['PERSON', 'Anne-Marie Dubois-Laurent']]],
  ['Please email 王小明 about the contract.', [['PERSON', '王小明']]],
  ['Meeting with Ольга Петрова tomorrow.', [['PERSON', 'Ольга Петрова']]],
  ['Pieter van der Berg moved from Utrecht to Ghent last year.', [['PERSON', 'Pieter van der Berg'], ['LOCATION', 'Utrecht'], ['LOCATION', 'Ghent']]],
  ["Siobhan O'Connell works at St. Mary's Hospital in Dublin.", [['PERSON', "Siobhan O'Connell"], ['ORGANIZATION', "St. Mary's Hospital"], ['LOCATION', 'Dublin']]],
  ['Ship it to 1600 Pennsylvania Avenue NW, Washington, DC 20500.', [['STREET_ADDRESS', '1600 Pennsylvania Avenue NW'], ['LOCATION', 'Washington'], ['LOCATION', 'DC']]],
  ['Adresse: Musterstraße 12, 10115 Berlin', [['STREET_ADDRESS', 'Musterstraße 12'], ['LOCATION', 'Berlin']]],
  ['Deliver to 12 rue de la Paix, 75002 Paris.', [['STREET_ADDRESS', '12 rue de la Paix'], ['LOCATION', 'Paris']]],
  ['Dear Dr. Okonkwo, thank you for your letter.', [['PERSON', 'Okonkwo']]],
  ['JEAN-LUC PICARD SIGNED THE LEASE ON FRIDAY.', [['PERSON', 'JEAN-LUC PICARD']]],
  ['Patrick is a very sympathetic person.', [['PERSON', 'Patrick']]],
  ['They had four children: Marie, Hannah, Kyle and Jessica.', [['PERSON', 'Marie'], ['PERSON', 'Hannah'], ['PERSON', 'Kyle'], ['PERSON', 'Jessica']]],
  ['I hope you will mark this essay by Friday.', []],
  ['We use Python and Rust, and the standup is on Monday.', []],
  ['The fax machine on the third floor is broken again.', []],
  ['this is blocking check-in at two hotels, observers say the delegation is grabbing coffee', []],
  ['The English class moved to Easter Monday; bring the Python notes and the ECG printout.', []],
  ['trace 550e8400-e29b-41d4-a716-446655440000 done in 35 ms', []],
  ['Noted, thanks. Sunday works for me.', []],
  ['job=nightly-backup status=SUCCESS duration=00:14:32. PRIORITY: HIGH', []],
  ['Noted Baker McKenzie LLP here.', [['ORGANIZATION', 'Baker McKenzie LLP']]],
  ['meeting with Amara Okafor our later tomorrow.', [['PERSON', 'Amara Okafor']]],
  ['The refund came from Equity Bank and Westfield Holdings.', [['ORGANIZATION', 'Equity Bank'], ['ORGANIZATION', 'Westfield Holdings']]],
  // Organisations the list knows, or a cue names, that the tagger took for a person or a place.
  ['Mr Young called about his Barclays card; she flew Japan Airlines.', [['PERSON', 'Young'], ['ORGANIZATION', 'Barclays'], ['ORGANIZATION', 'Japan Airlines']]],
  ['Visitor: Ali Rıza Aydın / Company: Aselsan / Host: Deniz Kaya', [['PERSON', 'Ali Rıza Aydın'], ['ORGANIZATION', 'Aselsan'], ['PERSON', 'Deniz Kaya']]],
  // Spans the tagger ran across brackets, a form's labels or ordinary words are cut into the names they hold.
  ['Attendees: Mei Lin Tan (Singapore), Noa Levi (Tel Aviv).', [['PERSON', 'Mei Lin Tan'], ['LOCATION', 'Singapore'], ['PERSON', 'Noa Levi'], ['LOCATION', 'Tel Aviv']]],
  ['Kamala   Last name: Wijeratne   Town: Kandy   Country: Sri Lanka', [['PERSON', 'Kamala'], ['PERSON', 'Wijeratne'], ['LOCATION', 'Kandy'], ['LOCATION', 'Sri Lanka']]],
  ['Loop in Anneke de Jong from the Amsterdam sales team.', [['PERSON', 'Anneke de Jong'], ['LOCATION', 'Amsterdam']]],
  ['We moved to the United Arab Emirates.', [['LOCATION', 'United Arab Emirates']]],
];

describe('shipped entity classifier: tricky cases', () => {
  it.each(cases)('%s', async (text, expected) => {
    const spans = await classifier.analyze(text);
    expect(spans.map((span) => [span.type, text.slice(span.start, span.end)])).toEqual(expected);
    for (const span of spans) {
      expect(span.source).toBe('entity-classifier');
      expect(span.score).toBeGreaterThanOrEqual(0.5);
    }
  });
});
