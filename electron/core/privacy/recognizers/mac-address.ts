import { createPatternRecognizer } from './pattern-recognizer.js';

// Six hex pairs with one separator throughout (':' or '-'), or Cisco's three dotted quads.
const pairsPattern = /(?<![\p{L}\p{N}_:\-])[0-9A-Fa-f]{2}(?<separator>[:\-])(?:[0-9A-Fa-f]{2}\k<separator>){4}[0-9A-Fa-f]{2}(?![\p{L}\p{N}_:\-])/gu;
const ciscoPattern = /(?<![\p{L}\p{N}_.])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![\p{L}\p{N}_]|\.[0-9A-Fa-f])/gu;

/** All zeros and broadcast (ff:ff:…) identify no device. */
function identifiesDevice(value: string): boolean {
  const hex = value.replace(/[^0-9A-Fa-f]/g, '').toLowerCase();
  return hex !== '000000000000' && hex !== 'ffffffffffff';
}

export const macAddressRecognizer = createPatternRecognizer({
  name: 'mac-address',
  contextWords: ['mac', 'hardware address', 'ethernet', 'wifi', 'wi-fi', 'bssid', 'device'],
  rules: [
    { type: 'MAC_ADDRESS', pattern: pairsPattern, score: 0.85, validate: ({ value }) => identifiesDevice(value) },
    // The dotted form is also any three groups of four hex digits (a version, a hash piece).
    {
      type: 'MAC_ADDRESS',
      pattern: ciscoPattern,
      score: 0.6,
      validate: ({ value }) => identifiesDevice(value) && /[0-9]/.test(value),
    },
  ],
});
