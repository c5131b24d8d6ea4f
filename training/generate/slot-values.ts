/**
 * Fills one text's template slots: entity slots become labelled pieces (people, places,
 * organizations, streets, addresses), filler slots plain text. Keyed slots ({person#1},
 * {city#a}) keep their value, or their person, for the whole text.
 */
import { FillerValues, fillerSlots, type FillerSlot } from './filler-values.js';
import type { LocationNames } from './location-names.js';
import { organizationKinds, type OrganizationKind, type OrganizationNames } from './organization-names.js';
import type { PersonIdentity, PersonNames } from './person-names.js';
import type { StreetAddresses } from './street-addresses.js';
import type { Slot } from './templates.js';
import { mapPieces, plain, type Piece } from './text-pieces.js';

const personSlots = ['person', 'first_name', 'last_name', 'full_name', 'reversed_name', 'title'] as const;
const placeSlots = ['city', 'state', 'country', 'region', 'location'] as const;
const streetSlots = ['street', 'address'] as const;

export const knownSlots: ReadonlySet<string> = new Set<string>([
  ...personSlots,
  ...placeSlots,
  ...streetSlots,
  'organization',
  ...organizationKinds,
  ...fillerSlots,
]);

export interface Generators {
  people: PersonNames;
  places: LocationNames;
  organizations: OrganizationNames;
  streets: StreetAddresses;
  fillers: FillerValues;
}

export class SlotValues {
  private readonly identities = new Map<string, PersonIdentity>();
  private readonly fixed = new Map<string, Piece[]>();

  constructor(private readonly generators: Generators) {}

  render(slot: Slot): Piece[] {
    let pieces: Piece[];
    if ((personSlots as readonly string[]).includes(slot.name)) {
      pieces = this.person(slot);
    } else if (slot.key !== undefined) {
      const cacheKey = `${slot.name}#${slot.key}`;
      const cached = this.fixed.get(cacheKey);
      pieces = cached ?? this.fresh(slot.name);
      if (!cached) this.fixed.set(cacheKey, pieces);
    } else {
      pieces = this.fresh(slot.name);
    }
    switch (slot.modifier) {
      case 'upper':
        return mapPieces(pieces, (text) => text.toUpperCase());
      case 'lower':
        return mapPieces(pieces, (text) => text.toLowerCase());
      case 'capital':
        return pieces.map((piece, index) => (index === 0 ? { ...piece, text: piece.text.charAt(0).toUpperCase() + piece.text.slice(1) } : piece));
      default:
        return pieces;
    }
  }

  private person(slot: Slot): Piece[] {
    const people = this.generators.people;
    let identity = slot.key !== undefined ? this.identities.get(slot.key) : undefined;
    if (!identity) {
      identity = people.identity();
      if (slot.key !== undefined) this.identities.set(slot.key, identity);
    }
    switch (slot.name) {
      case 'person':
        return people.render(identity);
      case 'first_name':
        return people.given(identity);
      case 'last_name':
        return people.family(identity);
      case 'full_name':
        return people.full(identity);
      case 'reversed_name':
        return people.reversed(identity);
      default:
        return [plain(people.title(identity))];
    }
  }

  private fresh(name: string): Piece[] {
    const { places, organizations, streets, fillers } = this.generators;
    switch (name) {
      case 'city':
        return places.city();
      case 'state':
        return places.state();
      case 'country':
        return places.country();
      case 'region':
        return places.region();
      case 'location':
        return places.location();
      case 'street':
        return streets.street();
      case 'address':
        return streets.address();
      case 'organization':
        return organizations.organization();
      default:
        if ((organizationKinds as readonly string[]).includes(name)) return organizations.organization(name as OrganizationKind);
        if ((fillerSlots as readonly string[]).includes(name)) return [plain(fillers.value(name as FillerSlot))];
        throw new Error(`no generator for slot {${name}}`);
    }
  }
}
