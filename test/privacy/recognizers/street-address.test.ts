import { streetAddressRecognizer } from '../../../electron/core/privacy/recognizers/street-address.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(streetAddressRecognizer, {
  positive: [
    { text: "Send it to 221B Baker Street please", spans: [{ type: 'STREET_ADDRESS', start: 11, end: 28 }] },
    { text: "I live at 123 Park Ave Apt 123 New York City, NY 10002.", spans: [{ type: 'STREET_ADDRESS', start: 10, end: 54 }] },
    { text: "The letter arrived at 01 4589 40th Street Suite 603 Calgary AB last night.", spans: [{ type: 'STREET_ADDRESS', start: 22, end: 62 }] },
    { text: "Office: Hauptstraße 5, Berlin", spans: [{ type: 'STREET_ADDRESS', start: 8, end: 21 }] },
    { text: "Via Carlo Cattaneo 130, Burgos", spans: [{ type: 'STREET_ADDRESS', start: 0, end: 22 }] },
    { text: "78 Camiño Ancho 91\n Suite 286\n El Tornadizo", spans: [{ type: 'STREET_ADDRESS', start: 0, end: 18 }, { type: 'STREET_ADDRESS', start: 20, end: 29 }] },
    { text: "Box: P.O. Box 101", spans: [{ type: 'STREET_ADDRESS', start: 5, end: 17 }] },
    { text: "PSC 7004, Box 8380\nAPO AP 11949", spans: [{ type: 'STREET_ADDRESS', start: 0, end: 31 }] },
    { text: "Please return to the corner of Auenweg 85 and Kesä Street in case of an issue.", spans: [{ type: 'STREET_ADDRESS', start: 17, end: 57 }] },
    { text: "We meet at Király u. 23.", spans: [{ type: 'STREET_ADDRESS', start: 11, end: 24 }] },
    // A cued address ends before the words that follow it and before the next field of a form.
    { text: "Please ship it to 4821 Maple Avenue, Springfield, IL 62704 before Friday.", spans: [{ type: 'STREET_ADDRESS', start: 18, end: 58 }] },
    { text: "Address: 41 Jacaranda Avenue, Flat 2 Town/City: Pretoria Province: Gauteng", spans: [{ type: 'STREET_ADDRESS', start: 9, end: 36 }] },
  ],
  negative: [
    { text: "I walked 5 miles down the road", why: "a distance, not an address" },
    { text: "We need to address 3 bugs", why: "'address' the verb" },
    { text: "my IP address is 10.0.0.1", why: "an IP after 'address'" },
    { text: "Unit 3 covers recursion", why: "a course unit" },
    { text: "const [a = -1, b = -1] = address.split('.').map(Number)", why: "code" },
    { text: "The corner of {street_name} and {street_name}", why: "a template, not an address" },
    { text: "Via Appia", why: "a street name without a number" },
  ],
});
