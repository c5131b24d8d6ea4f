import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may talk to `baton serve`: only this machine's loopback address, only pages that the host
 * itself served (their Origin), only with the token made at this start. The Host header is checked
 * too, so a site that rebinds its DNS name to 127.0.0.1 cannot read the pages either.
 */
export interface GuardSettings {
  port: number;
  token: string;
}

export type GuardResult = { allowed: true } | { allowed: false; status: 403 | 421; reason: string };

const loopbackAddresses = new Set(['127.0.0.1', '::ffff:127.0.0.1', '::1']);

export function isLoopbackAddress(address: string | undefined): boolean {
  return address !== undefined && loopbackAddresses.has(address);
}

export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** For every HTTP request: the address and the Host header. */
export function checkHttpRequest(request: IncomingMessage, settings: GuardSettings): GuardResult {
  if (!isLoopbackAddress(request.socket.remoteAddress)) {
    return { allowed: false, status: 403, reason: `connections from ${request.socket.remoteAddress ?? 'an unknown address'} are refused` };
  }
  if (!allowedHosts(settings.port).includes(request.headers.host ?? '')) {
    return { allowed: false, status: 421, reason: `the Host "${request.headers.host ?? ''}" is not this server` };
  }
  return { allowed: true };
}

/** For the WebSocket upgrade of the API: also the Origin and the token. */
export function checkApiUpgrade(request: IncomingMessage, settings: GuardSettings): GuardResult {
  const basic = checkHttpRequest(request, settings);
  if (!basic.allowed) return basic;
  const origin = request.headers.origin;
  if (!origin || !allowedOrigins(settings.port).includes(origin)) {
    return { allowed: false, status: 403, reason: `the Origin "${origin ?? '(none)'}" is refused` };
  }
  const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
  if (!tokensMatch(url.searchParams.get('token') ?? '', settings.token)) {
    return { allowed: false, status: 403, reason: 'the token is missing or wrong' };
  }
  return { allowed: true };
}

/** Compared in constant time, so the time a refusal takes says nothing about the token. */
export function tokensMatch(given: string, expected: string): boolean {
  const left = Buffer.from(given);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}
