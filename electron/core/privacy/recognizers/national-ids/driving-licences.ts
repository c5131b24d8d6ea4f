import { isCalendarDay, type IdentifierDefinition } from './identifier-definition.js';

// Driving licence numbers of the countries whose shape is published, so a licence span can say
// whose licence it is (`detail`); the permissive licence rule of driver-license.ts still finds
// every other one when licence words are near. Sources: DVLA (the 16-character UK number),
// Motorizzazione Civile (Italian patente), Korean Road Traffic Authority (region, year, serial
// and check digits). The scores sit above the permissive rule's 0.75 so the country's entry
// names a span both find.

/**
 * UK (DVLA) number, 16 characters: the first five letters of the surname padded with 9, the
 * decade of birth, the birth month (plus 50 for women), the day, the year's last digit, two
 * initials padded with 9, an arbitrary digit (usually 9) and two check letters. The surname
 * has its letters before any padding, and the birth date is a real day.
 */
export function validUkDrivingLicence(value: string): boolean {
  const code = value.toUpperCase();
  if (!/^[A-Z]+9*$/.test(code.slice(0, 5))) return false;
  if (!/^(?:[A-Z][A-Z9]|99)$/.test(code.slice(11, 13))) return false;
  return isCalendarDay(Number(code.slice(6, 8)) % 50, Number(code.slice(8, 10)));
}

export const drivingLicenceIdentifiers: readonly IdentifierDefinition[] = [
  {
    entity: 'UK_DRIVING_LICENCE',
    type: 'DRIVER_LICENSE',
    regions: ['GB'],
    pattern: '[A-Z9]{5}\\d[0156]\\d[0-3]\\d{2}[A-Z9]{2}\\d[A-Z]{2}',
    validate: validUkDrivingLicence,
    contextWords: ['driving licence', 'driving license', "driver's licence", "driver's license", 'dvla', 'licence number', 'licence no'],
    // Surname letters, a birth date and initials in fixed places: rare outside a licence.
    score: 0.85,
    scoreWithContext: 0.95,
  },
  {
    entity: 'IT_DRIVER_LICENSE',
    type: 'DRIVER_LICENSE',
    regions: ['IT'],
    // Two letters (the issuing province on older cards), seven digits and a letter; or the
    // U1 series of the EU card, seven characters and a letter.
    pattern: '[A-Za-z]{2}\\d{7}[A-Za-z]|[Uu]1[BCDEFGHJKLMNPRSTUWXYZbcdefghjklmnprstuwxyz0-9]{7}[A-Za-z]',
    validate: () => true,
    contextWords: ['patente', 'patente di guida', 'numero patente', 'numero della patente', 'licenza di guida', 'italian driving licence', 'italian driver license'],
    score: 0,
    scoreWithContext: 0.85,
  },
  {
    entity: 'KR_DRIVER_LICENSE',
    type: 'DRIVER_LICENSE',
    regions: ['KR'],
    // Region (11-26, 28: 27 is not issued), year, serial and two check digits whose rule is
    // not published: 11-17-174133-01.
    pattern: '(?:1[1-9]|2[0-68])(?<koreanLicenceSeparator>[ \\-]?)\\d{2}\\k<koreanLicenceSeparator>\\d{6}\\k<koreanLicenceSeparator>\\d{2}',
    validate: () => true,
    contextWords: ['운전면허', '운전면허번호', '면허번호', 'korean driver license', "korean driver's license", 'driver license', "driver's license", 'driving licence', 'license number'],
    // Twelve digits in four groups are also scores, dates and part numbers: announced directly.
    contextAdjacent: true,
    score: 0,
    scoreWithContext: 0.85,
  },
];
