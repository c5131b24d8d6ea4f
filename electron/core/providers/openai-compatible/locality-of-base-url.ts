import { isIP } from 'node:net';
import type { Locality } from '../../../shared/language-model.js';

const privateSuffixes = ['.localhost', '.local', '.lan', '.home.arpa', '.internal', '.localdomain'];

/**
 * Where an OpenAI-compatible server runs, judged from its base URL: loopback, private and
 * link-local addresses and local host names are 'private-network'; anything else (a hosted vLLM,
 * an OpenAI-compatible cloud gateway) is treated as 'cloud', so it gets the cloud's privacy rules
 * instead of slipping past consent because it was configured as "compatible".
 */
export function localityOfBaseUrl(baseUrl: string): Exclude<Locality, 'on-device'> {
  let hostname: string;
  try {
    hostname = new URL(baseUrl).hostname.toLowerCase();
  } catch (error) {
    // The settings schema validates URLs, so this is a programming error; the safe answer is 'cloud'.
    console.warn(`Cannot parse the compatible server URL ${baseUrl}: ${(error as Error).message}`);
    return 'cloud';
  }
  const address = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  const family = isIP(address);
  if (family === 4) return isPrivateIPv4(address) ? 'private-network' : 'cloud';
  if (family === 6) return isPrivateIPv6(address) ? 'private-network' : 'cloud';
  // A single-label name (gpu-box) or a local suffix can only be resolved inside a private network.
  if (hostname === 'localhost' || !hostname.includes('.')) return 'private-network';
  return privateSuffixes.some((suffix) => hostname.endsWith(suffix)) ? 'private-network' : 'cloud';
}

function isPrivateIPv4(address: string): boolean {
  const [a = -1, b = -1] = address.split('.').map(Number);
  return (
    a === 127 || // loopback
    a === 10 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) || // link-local
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT, used by Tailscale and similar VPNs
    a === 0
  );
}

function isPrivateIPv6(address: string): boolean {
  if (address === '::1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped?.[1]) return isPrivateIPv4(mapped[1]);
  // fc00::/7 unique local, fe80::/10 link-local.
  return /^f[cd][0-9a-f]{0,2}:/.test(address) || /^fe[89ab][0-9a-f]?:/.test(address);
}
