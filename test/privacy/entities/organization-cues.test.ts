import { describe, expect, it } from 'vitest';
import { Gazetteers } from '../../../electron/core/privacy/entities/gazetteers.js';
import { cuedOrganizations } from '../../../electron/core/privacy/entities/organization-cues.js';
import { wordTokens } from '../../../electron/core/privacy/entities/word-tokens.js';

const gazetteers = new Gazetteers({
  'first-names': ['sarah', 'morgan'],
  'last-names': [],
  places: ['berlin', 'united states'],
  'organization-words': [],
  'person-titles': ['dr'],
  'street-words': [],
  'common-words': [],
  'english-words': [],
  'never-entities': ['python'],
  'organization-names': [],
});

function cued(text: string): string[] {
  return cuedOrganizations(text, wordTokens(text), gazetteers).map((range) => text.slice(range.start, range.end));
}

describe('organisations named by a cue', () => {
  it('reads form fields, in any case, up to the end of the name', () => {
    expect(cued('Visitor: Ali Aydın / Company: Aselsan / Host: Deniz Kaya')).toEqual(['Aselsan']);
    expect(cued('employer = Pars Rayan Co. | city=Isfahan')).toEqual(['Pars Rayan Co']);
    expect(cued('GP practice: Lee Garden Medical Centre\nDistrict: Causeway Bay')).toEqual(['Lee Garden Medical Centre']);
  });

  it('reads phrases about work, with joining words inside the name and a sentence end after it', () => {
    expect(cued('He works at Concentrix in Cebu City.')).toEqual(['Concentrix']);
    expect(cued('Thank you for applying to Allegro. We would like to invite you.')).toEqual(['Allegro']);
    expect(cued('She is the CEO of Marks & Spencer and a partner at Booking.com.')).toEqual(['Marks & Spencer']);
    expect(cued('An offer from the Bank of Tokyo arrived.')).toEqual(['Bank of Tokyo']);
  });

  it('leaves people, places, departments and lower-case words alone', () => {
    expect(cued('She works for Sarah now, and for Dr. Chen.')).toEqual([]);
    expect(cued('Welcome to Berlin! The president of the United States spoke.')).toEqual([]);
    expect(cued('Head of Sales, Director of Engineering.')).toEqual([]);
    expect(cued('welcome to the team, he works at home and is applying to python jobs')).toEqual([]);
    expect(cued('Company: Python')).toEqual([]);
  });
});
