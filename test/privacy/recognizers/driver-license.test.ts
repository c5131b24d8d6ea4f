import { driverLicenseRecognizer } from '../../../electron/core/privacy/recognizers/driver-license.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(driverLicenseRecognizer, {
  positive: [
    { text: "My driver's license number is A56319335", spans: [{ type: 'DRIVER_LICENSE', start: 30, end: 39 }] },
    { text: "Driver’s Licence: M943688896309", spans: [{ type: 'DRIVER_LICENSE', start: 18, end: 31 }] },
    { text: "DL# 425700624", spans: [{ type: 'DRIVER_LICENSE', start: 4, end: 13 }] },
    { text: "UK licence MORGA753116SM9IJ", spans: [{ type: 'DRIVER_LICENSE', start: 11, end: 27 }] },
    { text: "Ref JONES610159J99AB without words", spans: [{ type: 'DRIVER_LICENSE', start: 4, end: 20 }] },
    { text: 'Patente di guida: MI1234567A', spans: [{ type: 'DRIVER_LICENSE', start: 18, end: 28 }] },
    { text: 'Numero patente U1H4D5E6FX', spans: [{ type: 'DRIVER_LICENSE', start: 15, end: 25 }] },
    { text: '운전면허번호 11-17-174133-01', spans: [{ type: 'DRIVER_LICENSE', start: 7, end: 22 }] },
    { text: 'Korean driver license 281712345601', spans: [{ type: 'DRIVER_LICENSE', start: 22, end: 34 }] },
  ],
  negative: [
    { text: "My number is 425700624", why: "no licence words" },
    { text: "driver's license expired last year", why: "no number" },
    { text: "The content size limit of DLP is 524288 bytes", why: "'DLP' is not 'DL'" },
    { text: 'Code MORGA713116SM9IJ', why: 'UK licence with birth month 13' },
    { text: 'Code MORGA704316SM9IJ', why: 'UK licence born on 31 April' },
    { text: 'Code 99999753116SM9IJ', why: 'UK licence without a surname' },
    { text: 'Code MOR9A753116SM9IJ', why: 'UK licence surname padding before its letters' },
    { text: 'Invoice MI1234567A and U1H4D5E6FX', why: 'Italian licence shapes without licence words' },
    { text: 'Room 11-17-174133-01', why: 'a Korean licence shape without licence words' },
    { text: '운전면허번호 27-17-174133-01', why: 'region 27 is not issued' },
  ],
});
