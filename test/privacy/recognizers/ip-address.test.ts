import { ipAddressRecognizer } from '../../../electron/core/privacy/recognizers/ip-address.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(ipAddressRecognizer, {
  positive: [
    { text: "host 192.168.1.10 is up", spans: [{ type: 'IP_ADDRESS', start: 5, end: 17 }] },
    { text: "from 86.231.85.193, subnet 10.0.0.0/8", spans: [{ type: 'IP_ADDRESS', start: 5, end: 18 }, { type: 'IP_ADDRESS', start: 27, end: 37 }] },
    { text: "v6 fe80::1ff:fe23:4567:890a and d80:e4b5:79da:6cf6:71f3:51f7:9161:c319", spans: [{ type: 'IP_ADDRESS', start: 3, end: 27 }, { type: 'IP_ADDRESS', start: 32, end: 70 }] },
    { text: "mapped ::ffff:192.168.1.1", spans: [{ type: 'IP_ADDRESS', start: 7, end: 25 }] },
    { text: "zone fe80::1%eth0", spans: [{ type: 'IP_ADDRESS', start: 5, end: 17 }] },
    { text: "compressed 2a00:1450::200e here", spans: [{ type: 'IP_ADDRESS', start: 11, end: 26 }] },
    { text: "url http://[2a00:1450:4001::200e]:8080/path", spans: [{ type: 'IP_ADDRESS', start: 12, end: 32 }] },
    { text: "mapped ::ffff:86.231.85.193 too", spans: [{ type: 'IP_ADDRESS', start: 7, end: 27 }] },
    { text: "route 2a00:1450::/32 via", spans: [{ type: 'IP_ADDRESS', start: 6, end: 20 }] },
    { text: "full 2a00:1450:4001:0812:0000:0000:0000:200e.", spans: [{ type: 'IP_ADDRESS', start: 5, end: 44 }] },
    { text: "zone fe80::1ff:fe23%en0.1", spans: [{ type: 'IP_ADDRESS', start: 5, end: 25 }] },
  ],
  negative: [
    { text: "999.1.1.1", why: "an octet above 255" },
    { text: "1.2.3.4.5", why: "five parts: a version or an OID" },
    { text: "Upgrade to version 1.2.3.4 now", why: "a version number: kept below the threshold (score 0.3)" },
    { text: "See ECMA-262 section 7.6.1.1", why: "a section number: kept below the threshold" },
    { text: "listen on 127.0.0.1 or 0.0.0.0", why: "loopback and 'any' identify no one" },
    { text: "example 192.0.2.7 and 2001:db8::1", why: "documentation ranges" },
    { text: "::1 and ::", why: "loopback and unspecified" },
    { text: "[::1]:8080 and 0:0:0:0:0:0:0:1 and 0:0:0:0:0:0:0:0", why: "loopback and unspecified, however written" },
    { text: "mapped ::ffff:127.0.0.1", why: "IPv4 loopback inside IPv6" },
    { text: "prefix 2a00:1450::/129", why: "a prefix longer than 128 bits" },
    { text: "at 12:30:45", why: "a time" },
    { text: "MAC 00:1a:2b:3c:4d:5e", why: "a MAC address" },
    { text: "std::vector", why: "C++" },
  ],
});
