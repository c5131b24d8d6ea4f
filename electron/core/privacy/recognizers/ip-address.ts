import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { createContextMatcher } from './context-words.js';
import { createPatternRecognizer } from './pattern-recognizer.js';

// Dotted quads, not glued to more digits or dots (1.2.3.4.5 is a version or an OID, not an IP).
const ipv4Pattern = /(?<![\p{L}\p{N}_.])(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?(?![\p{L}\p{N}_]|\.\d)/gu;

// IPv6 candidates in every written form: compressed (2001:db8::1), full, IPv4-mapped
// (::ffff:192.0.2.1), with a zone (fe80::1%eth0) or a prefix length (2001:db8::/32); inside
// brackets with a port ([2001:db8::1]:8080) the span is the address, brackets and port excluded.
// The regex only proposes (each quantifier is bounded, so it stays linear); node:net isIPv6 decides.
const ipv6Pattern =
  /(?<![\p{L}\p{N}_:.])(?:[0-9A-Fa-f]{1,4}|:)?(?::[0-9A-Fa-f]{0,4}){2,7}(?:(?<=:)\d{1,3}(?:\.\d{1,3}){3})?(?:%[\p{L}\p{N}_.\-]+|\/\d{1,3})?(?![\p{L}\p{N}_:]|\.\d)/gu;

// Loopback (::1) and unspecified (::) are the same on every machine, in whatever form they are
// written (0:0:0:0:0:0:0:1): they identify no one, so they are left alone, as 127.0.0.0/8 and
// 0.0.0.0 are for IPv4. BlockList compares addresses, not strings, so every spelling matches.
const ipv6SaysNothing = new BlockList();
ipv6SaysNothing.addAddress('::1', 'ipv6');
ipv6SaysNothing.addAddress('::', 'ipv6');

/** The IPv6 verdict: false for no address or loopback/unspecified, 0.3 for example ranges. */
function judgeIpv6(value: string): boolean | number {
  const [address = '', prefixLength] = value.split(/[%/]/);
  if (!isIPv6(address)) return false;
  if (value.includes('/') && Number(prefixLength) > 128) return false;
  if (ipv6SaysNothing.check(address, 'ipv6')) return false;
  // An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 address inside it.
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)?.[1];
  if (mapped) return saysNothingAboutAnyone(mapped) ? 0.3 : true;
  return isDocumentationAddress(address) ? 0.3 : true;
}

/**
 * A dotted quad right after "version", "release", "build" or "v" is probably a version number
 * (Windows 10.0.19041.1, a release 1.2.3.4), and after "section" a section of a standard
 * (ECMA-262 7.6.1.1). It is still a syntactically valid address, so it is kept with a score
 * below the usual threshold: the analyzer drops it by default, a lower threshold keeps it.
 */
const versionContext = createContextMatcher(
  ['version', 'versions', 'ver', 'release', 'build', 'v', 'firmware', 'patch', 'section', 'sections', 'chapter', 'clause', 'oid', '§'],
  {
    before: 16,
    after: 0,
  },
);

/**
 * Loopback (127.x), "any" (0.0.0.0), broadcast and netmasks (255.x) are the same on every
 * machine: they identify no one, so they stay below the threshold. Private ranges (10.x,
 * 192.168.x) do map someone's network and keep their score.
 */
export function saysNothingAboutAnyone(address: string): boolean {
  return address.startsWith('127.') || address === '0.0.0.0' || address.startsWith('255.') || isDocumentationAddress(address);
}

/** RFC 5737 and RFC 3849: ranges reserved for examples in documentation, like example.com. */
export function isDocumentationAddress(address: string): boolean {
  const lower = address.toLowerCase();
  return (
    lower.startsWith('192.0.2.') ||
    lower.startsWith('198.51.100.') ||
    lower.startsWith('203.0.113.') ||
    /^2001:0?db8(?::|$)/.test(lower)
  );
}

export const ipAddressRecognizer = createPatternRecognizer({
  name: 'ip-address',
  contextWords: ['ip', 'address', 'host', 'server', 'ipv4', 'ipv6', 'gateway', 'dns', 'subnet'],
  rules: [
    {
      type: 'IP_ADDRESS',
      pattern: ipv4Pattern,
      score: 0.9,
      validate: ({ value, text, start, end }) => {
        const address = value.split('/')[0] ?? '';
        if (!isIPv4(address)) return false;
        // Leading zeros (010.001.002.003) read as octal to some tools and mostly mark other data.
        if (address.split('.').some((octet) => octet.length > 1 && octet.startsWith('0'))) return 0.4;
        if (versionContext(text, start, end)) return 0.3;
        if (saysNothingAboutAnyone(address)) return 0.3;
        return true;
      },
    },
    {
      type: 'IP_ADDRESS',
      pattern: ipv6Pattern,
      score: 0.9,
      validate: ({ value }) => judgeIpv6(value),
    },
  ],
});
