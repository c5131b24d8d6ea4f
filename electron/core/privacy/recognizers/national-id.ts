import { createPatternRecognizer } from './pattern-recognizer.js';
import { americanIdentifiers } from './national-ids/americas.js';
import { asiaPacificIdentifiers } from './national-ids/asia-pacific.js';
import { europeanIdentifiers } from './national-ids/europe.js';
import { ruleOf, type IdentifierDefinition } from './national-ids/identifier-definition.js';
import { middleEastAfricaIdentifiers } from './national-ids/middle-east-africa.js';

// National identity, tax, health and bank identifiers, one table entry each (see
// national-ids/). Numbers with a check digit or letter are validated; bare digit runs that only
// context can tell apart from any other number (NL BSN, DE tax id, CA SIN, ABA, TFN) count only
// with their words nearby.

/** Every identifier the recognizer knows, by region of the world. */
export const nationalIdentifiers: readonly IdentifierDefinition[] = [
  ...europeanIdentifiers,
  ...americanIdentifiers,
  ...asiaPacificIdentifiers,
  ...middleEastAfricaIdentifiers,
];

export const nationalIdRecognizer = createPatternRecognizer({
  name: 'national-id',
  contextWords: [
    'national id', 'identity', 'id number', 'national insurance', 'aadhaar', 'pan', 'dni', 'nie', 'nif', 'codice fiscale',
    'bsn', 'sécurité sociale', 'numéro de sécurité sociale', 'nir', 'steuer-id', 'personalausweis', 'sin', 'itin', 'tax id',
  ],
  rules: nationalIdentifiers.map(ruleOf),
});
