import { describe, expect, it } from 'vitest';
import type { Span } from '../../../electron/shared/privacy.js';
import { Gazetteers } from '../../../electron/core/privacy/entities/gazetteers.js';
import { entityPieces } from '../../../electron/core/privacy/entities/span-pieces.js';

const gazetteers = new Gazetteers({
  'first-names': [],
  'last-names': [],
  places: [],
  'organization-words': [],
  'person-titles': [],
  'street-words': [],
  'common-words': [],
  'english-words': ['sales', 'team', 'built', 'town', 'last', 'name', 'postal', 'code', 'the', 'of'],
  'never-entities': [],
  'organization-names': [],
});

function pieces(text: string, value: string, type: Span['type'] = 'PERSON'): string[] {
  const start = text.indexOf(value);
  return entityPieces({ type, start, end: start + value.length, score: 0.9, source: 'test' }, text, gazetteers).map((span) => text.slice(span.start, span.end));
}

describe('entity spans cut at the seams of a text', () => {
  it('cuts at brackets, commas, a spaced dash and wide gaps, and keeps hyphens and apostrophes', () => {
    expect(pieces('Noa Levi (Tel Aviv).', 'Noa Levi (Tel Aviv')).toEqual(['Noa Levi', 'Tel Aviv']);
    expect(pieces('Bilal Chaudhry,Systems Limited,Pakistan', 'Bilal Chaudhry,Systems Limited,Pakistan')).toEqual(['Bilal Chaudhry', 'Systems Limited', 'Pakistan']);
    expect(pieces('Ottawa - built it', 'Ottawa - built')).toEqual(['Ottawa']);
    expect(pieces('Anne-Marie   Dubois', 'Anne-Marie   Dubois')).toEqual(['Anne-Marie', 'Dubois']);
    expect(pieces("Siobhan O'Connell-Hayes", "Siobhan O'Connell-Hayes")).toEqual(["Siobhan O'Connell-Hayes"]);
  });

  it('ends a name at a lower-case English word but not at a joining word, and trims joining words at the ends', () => {
    expect(pieces('the Amsterdam sales team', 'Amsterdam sales team', 'ORGANIZATION')).toEqual(['Amsterdam']);
    expect(pieces('at Bank of the West', 'Bank of the West', 'ORGANIZATION')).toEqual(['Bank of the West']);
    expect(pieces('from Utrecht and the', 'Utrecht and the', 'LOCATION')).toEqual(['Utrecht']);
  });

  it("drops a form's labels, inside the span or running into it", () => {
    expect(pieces('Kamala   Last name: Wijeratne   Town: Kandy', 'Kamala   Last')).toEqual(['Kamala']);
    expect(pieces('Kamala   Last name: Wijeratne   Town: Kandy', 'Wijeratne   Town: Kandy')).toEqual(['Wijeratne', 'Kandy']);
  });

  it('leaves street lines and names written all in lower case whole', () => {
    expect(pieces('12 Main Street, Apt 4', '12 Main Street, Apt 4', 'STREET_ADDRESS')).toEqual(['12 Main Street, Apt 4']);
    expect(pieces('ask maria team gonzalez', 'maria team gonzalez')).toEqual(['maria team gonzalez']);
  });

  it('returns the span itself when nothing is cut', () => {
    const text = 'Dear Amara Okafor,';
    const span: Span = { type: 'PERSON', start: 5, end: 17, score: 0.9, source: 'test' };
    expect(entityPieces(span, text, gazetteers)).toEqual([span]);
  });
});
