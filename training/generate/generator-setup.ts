/**
 * Wires the generator together for one seed: the locale fakers with their shared randomizer,
 * the entity and filler generators, the templates and the composer.
 */
import { ExampleComposer } from './example-composer.js';
import { FillerValues } from './filler-values.js';
import { LocaleFakers } from './locale-fakers.js';
import { LocationNames } from './location-names.js';
import { OrganizationNames } from './organization-names.js';
import { PersonNames } from './person-names.js';
import { RandomChoices } from './random-choices.js';
import { knownSlots, type Generators } from './slot-values.js';
import { StreetAddresses } from './street-addresses.js';
import { TemplateLibrary } from './templates.js';

export interface Generator {
  composer: ExampleComposer;
  library: TemplateLibrary;
  generators: Generators;
  random: RandomChoices;
}

export function createGenerator(seed: number): Generator {
  const fakers = new LocaleFakers(seed);
  const random = new RandomChoices(fakers.main);
  const places = new LocationNames(random, fakers);
  const generators: Generators = {
    people: new PersonNames(random, fakers),
    places,
    organizations: new OrganizationNames(random, fakers, places),
    streets: new StreetAddresses(random, fakers, places),
    fillers: new FillerValues(random, fakers),
  };
  const library = new TemplateLibrary(knownSlots);
  const composer = new ExampleComposer(random, library, generators);
  return { composer, library, generators, random };
}
