import type { Recognizer } from '../recognizer.js';
import { apiKeyRecognizer } from './api-key.js';
import { creditCardRecognizer } from './credit-card.js';
import { cryptoWalletRecognizer } from './crypto-wallet.js';
import { createDateRecognizer, type DateScope } from './date-of-birth.js';
import { disguisedEmailRecognizer } from './disguised-email.js';
import { driverLicenseRecognizer } from './driver-license.js';
import { emailRecognizer } from './email.js';
import { createEncodedBlobRecognizer } from './encoded-blob.js';
import { ibanRecognizer } from './iban.js';
import { ipAddressRecognizer } from './ip-address.js';
import { jwtRecognizer } from './jwt.js';
import { macAddressRecognizer } from './mac-address.js';
import { nationalIdRecognizer } from './national-id.js';
import { passportRecognizer } from './passport.js';
import { createPhoneRecognizer, phoneRecognizer } from './phone.js';
import type { CountryCode } from 'libphonenumber-js/max';
import { postalCodeRecognizer } from './postal-code.js';
import { privateKeyRecognizer } from './private-key.js';
import { secretAssignmentRecognizer } from './secret-assignment.js';
import { separatedIbanRecognizer } from './separated-iban.js';
import { streetAddressRecognizer } from './street-address.js';
import { urlCredentialsRecognizer } from './url-credentials.js';
import { usSsnRecognizer } from './us-ssn.js';

/**
 * Every pattern recognizer (regexes, validators, libphonenumber): synchronous, no model needed.
 * They hold no per-call state, so one list can serve every analyzer. Scores follow one scale:
 * 0.9 and above for validated values (checksums, vendor key shapes), 0.6-0.85 for strong shapes
 * or shapes confirmed by context words, below 0.5 for hints that need the analyzer's context
 * boost (a bare five-digit number that may be a ZIP code, "Room 101").
 */
export interface PatternRecognizerOptions {
  /** Regions whose national phone formats are read; default: the OS locale's, then US, GB, DE, FR. */
  phoneRegions?: readonly CountryCode[];
  /** Which dates count: birth dates only (default), dates tied to a person, or all dates. */
  dates?: DateScope;
}

export function createPatternRecognizers(options: PatternRecognizerOptions = {}): Recognizer[] {
  const recognizers = [
    emailRecognizer,
    disguisedEmailRecognizer,
    options.phoneRegions ? createPhoneRecognizer(options.phoneRegions) : phoneRecognizer,
    creditCardRecognizer,
    ibanRecognizer,
    separatedIbanRecognizer,
    usSsnRecognizer,
    ipAddressRecognizer,
    macAddressRecognizer,
    urlCredentialsRecognizer,
    createDateRecognizer(options.dates),
    streetAddressRecognizer,
    postalCodeRecognizer,
    passportRecognizer,
    driverLicenseRecognizer,
    nationalIdRecognizer,
    apiKeyRecognizer,
    jwtRecognizer,
    privateKeyRecognizer,
    secretAssignmentRecognizer,
    cryptoWalletRecognizer,
  ];
  // Values hidden in base64 or hex are decoded and scanned by the same recognizers.
  return [...recognizers, createEncodedBlobRecognizer(recognizers)];
}
