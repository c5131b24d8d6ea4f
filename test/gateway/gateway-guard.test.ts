import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkGatewayRequest } from '../../electron/host/gateway/gateway-guard.js';

function request(remoteAddress: string, host: string): IncomingMessage {
  return { socket: { remoteAddress }, headers: { host } } as unknown as IncomingMessage;
}

const onLoopback = { port: 4141, token: 't', network: false };
const onNetwork = { port: 4141, token: 't', network: true };

describe('who may reach the gateway', () => {
  it('on loopback: this machine, naming this server', () => {
    expect(checkGatewayRequest(request('127.0.0.1', '127.0.0.1:4141'), onLoopback)).toEqual({ allowed: true });
    expect(checkGatewayRequest(request('192.168.1.20', '192.168.1.5:4141'), onLoopback)).toMatchObject({ allowed: false, status: 403 });
    expect(checkGatewayRequest(request('127.0.0.1', 'rebound.example:4141'), onLoopback)).toMatchObject({ allowed: false, status: 421 });
  });

  it('on the network: any address, if the Host is an IP address or localhost with this port (no DNS name: rebinding)', () => {
    expect(checkGatewayRequest(request('192.168.1.20', '192.168.1.5:4141'), onNetwork)).toEqual({ allowed: true });
    expect(checkGatewayRequest(request('fe80::2', '[fe80::1]:4141'), onNetwork)).toEqual({ allowed: true });
    expect(checkGatewayRequest(request('127.0.0.1', 'localhost:4141'), onNetwork)).toEqual({ allowed: true });
    expect(checkGatewayRequest(request('192.168.1.20', 'rebound.example:4141'), onNetwork)).toEqual({
      allowed: false,
      status: 421,
      reason: 'the Host "rebound.example:4141" is not this server\'s address',
    });
    expect(checkGatewayRequest(request('192.168.1.20', '192.168.1.5:8080'), onNetwork)).toMatchObject({ allowed: false, status: 421 });
    expect(checkGatewayRequest(request('192.168.1.20', '192.168.1.5'), onNetwork)).toMatchObject({ allowed: false, status: 421 });
  });
});
