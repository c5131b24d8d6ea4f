import { driverLicenseRecognizer } from '../../../electron/core/privacy/recognizers/driver-license.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(driverLicenseRecognizer, {
  positive: [
    { text: "My driver's license number is A56319335", spans: [{ type: 'DRIVER_LICENSE', start: 30, end: 39 }] },
    { text: "Driver’s Licence: M943688896309", spans: [{ type: 'DRIVER_LICENSE', start: 18, end: 31 }] },
    { text: "DL# 425700624", spans: [{ type: 'DRIVER_LICENSE', start: 4, end: 13 }] },
    { text: "UK licence MORGA753116SM9IJ", spans: [{ type: 'DRIVER_LICENSE', start: 11, end: 27 }] },
  ],
  negative: [
    { text: "My number is 425700624", why: "no licence words" },
    { text: "driver's license expired last year", why: "no number" },
    { text: "The content size limit of DLP is 524288 bytes", why: "'DLP' is not 'DL'" },
  ],
});
