import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientName } from '../../electron/host/gateway/gateway-server.js';

function withHeaders(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('the client name a gateway run is stored with', () => {
  it('prefers x-baton-client, then the User-Agent, and says so when there is neither', () => {
    expect(clientName(withHeaders({ 'x-baton-client': 'notebook', 'user-agent': 'OpenAI/JS 6.49.0' }))).toBe('notebook');
    expect(clientName(withHeaders({ 'x-baton-client': '   ', 'user-agent': 'OpenAI/JS 6.49.0' }))).toBe('OpenAI/JS 6.49.0');
    expect(clientName(withHeaders({}))).toBe('unknown client');
  });

  it('keeps printable characters only, and at most 80 of them', () => {
    expect(clientName(withHeaders({ 'user-agent': 'curl/8.5.0\u0007\u001b[31m' }))).toBe('curl/8.5.0[31m');
    expect(clientName(withHeaders({ 'user-agent': 'x'.repeat(200) }))).toBe('x'.repeat(80));
    expect(clientName(withHeaders({ 'user-agent': '\u0000\u0001' }))).toBe('unknown client');
  });
});
