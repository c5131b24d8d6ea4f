import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { checkHttpRequest, type GuardResult } from '../request-guard.js';

/** The addresses that are this machine only; any other needs the person's explicit yes (`network`). */
export const loopbackHosts: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '::1']);

export interface GatewayGuardSettings {
  port: number;
  token: string;
  /** Listening beyond this machine, as the person chose after a warning. */
  network: boolean;
}

/**
 * Who may reach the gateway. On loopback (the default): this machine only, and a Host header that
 * names this server, as for `baton serve`. On the network: any address, and a Host that is an IP
 * address or localhost with this port: a DNS name is refused, since a site that rebinds its name
 * to this machine would send its own (the token is asked for in both cases).
 */
export function checkGatewayRequest(request: IncomingMessage, settings: GatewayGuardSettings): GuardResult {
  if (!settings.network) return checkHttpRequest(request, settings);
  const host = request.headers.host ?? '';
  const match = /^(?:\[([0-9a-f:.]+)\]|([^:]+)):(\d+)$/i.exec(host);
  const hostname = match?.[1] ?? match?.[2] ?? '';
  const addressed = hostname === 'localhost' || isIP(hostname) !== 0;
  if (!match || !addressed || Number(match[3]) !== settings.port) {
    return { allowed: false, status: 421, reason: `the Host "${host}" is not this server's address` };
  }
  return { allowed: true };
}
