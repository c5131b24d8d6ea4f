import fc from 'fast-check';
import type { InjectedValue } from './pii-values.js';

/**
 * Names, organisations and addresses for the leak test, written by hand (not from the
 * training generator's faker lists), from many cultures, each in a short phrase of the kind
 * people write. `secrets` are the parts that must never reach a cloud: every given name and
 * family name, the organisation's distinctive words, the street and the city.
 */
const people: [string, string[]][] = [
  ['Amara Okafor', ['Amara', 'Okafor']],
  ["Siobhan O'Connell", ['Siobhan', "O'Connell"]],
  ['Nguyễn Thị Lan', ['Nguyễn', 'Lan']],
  ['Jean-Baptiste Moreau', ['Jean-Baptiste', 'Moreau']],
  ['Katarzyna Wiśniewska', ['Katarzyna', 'Wiśniewska']],
  ['Rahul Venkataraman', ['Rahul', 'Venkataraman']],
  ['Hiroshi Tanaka', ['Hiroshi', 'Tanaka']],
  ['Oluwaseun Adeyemi', ['Oluwaseun', 'Adeyemi']],
  ['Björn Lindqvist', ['Björn', 'Lindqvist']],
  ['Mehmet Yılmaz', ['Mehmet', 'Yılmaz']],
  ['Pieter van der Berg', ['Pieter', 'van der Berg']],
  ['Dmitri Sokolov', ['Dmitri', 'Sokolov']],
];
const personPhrases = ['my colleague {}', 'Dr. {}', 'ask {} about it', 'signed by {}', 'Dear {},', 'meeting with {}'];

const organizations: [string, string[]][] = [
  ['Baker McKenzie LLP', ['Baker McKenzie']],
  ['Northwind Logistics GmbH', ['Northwind']],
  ["St. Mary's Hospital", ["St. Mary's"]],
  ['University of Nairobi', ['University of Nairobi']],
  ['Halvorsen & Dahl AS', ['Halvorsen', 'Dahl']],
  ['Banco Santander', ['Santander']],
];
const organizationPhrases = ['the contract with {}', 'she works at {}', 'an offer from {}'];

const addresses: [string, string[]][] = [
  ['221B Baker Street, London', ['Baker Street', 'London']],
  ['Calle de Alcalá 42, Madrid', ['Alcalá', 'Madrid']],
  ['Hauptstraße 17, 80331 München', ['Hauptstraße', 'München']],
  ['14 Rue des Lilas, Lyon', ['Rue des Lilas', 'Lyon']],
];
const addressPhrases = ['she lives at {}', 'ship it to {}', 'our office is at {}'];

function phrased(kind: string, entries: [string, string[]][], phrases: string[]): fc.Arbitrary<InjectedValue> {
  return fc
    .tuple(fc.constantFrom(...entries), fc.constantFrom(...phrases))
    .map(([[value, secrets], phrase]) => ({ kind, text: phrase.replace('{}', value), secrets }));
}

export const entityValueArbitraries: Record<string, fc.Arbitrary<InjectedValue>> = {
  person: phrased('person', people, personPhrases),
  organization: phrased('organization', organizations, organizationPhrases),
  address: phrased('address', addresses, addressPhrases),
};
