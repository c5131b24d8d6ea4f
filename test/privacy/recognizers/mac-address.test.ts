import { macAddressRecognizer } from '../../../electron/core/privacy/recognizers/mac-address.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(macAddressRecognizer, {
  positive: [
    { text: "eth0 00:1A:2B:3C:4D:5E", spans: [{ type: 'MAC_ADDRESS', start: 5, end: 22 }] },
    { text: "wifi a4-5e-60-c2-11-07, cisco 0011.2233.4455", spans: [{ type: 'MAC_ADDRESS', start: 5, end: 22 }, { type: 'MAC_ADDRESS', start: 30, end: 44 }] },
  ],
  negative: [
    { text: "ff:ff:ff:ff:ff:ff", why: "broadcast" },
    { text: "00:00:00:00:00:00", why: "all zeros" },
    { text: "00:1A:2B-3C:4D:5E", why: "mixed separators" },
    { text: "00:1A:2B:3C:4D:5E:6F", why: "seven pairs" },
    { text: "at 12:30:45", why: "a time" },
  ],
});
