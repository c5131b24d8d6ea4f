import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createConnection } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage } from '../../electron/shared/api-wire.js';
import { startWebHost, type WebHost } from '../../electron/host/web-host.js';
import { ScriptedModel } from '../support/scripted-model.js';
import { startService, type ServiceHarness } from './service-fixture.js';

let harness: ServiceHarness;
let host: WebHost;
let rendererDir: string;
const refusals: string[] = [];

beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'baton-renderer-'));
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Baton</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  harness = await startService({ model: () => new ScriptedModel('scripted:writer', [{ chunks: ['Hi', ' there'] }]) });
  host = await startWebHost({ endpoint: harness.service, rendererDir, log: (line) => refusals.push(line) });
});

afterAll(async () => {
  await host.close();
  await harness.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(path: string, options: { host?: string; localAddress?: string; address?: string } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: options.address ?? '127.0.0.1',
        port: host.port,
        path,
        localAddress: options.localAddress,
        headers: { host: options.host ?? `127.0.0.1:${host.port}` },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

interface Client {
  socket: WebSocket;
  messages: ServerMessage[];
  request(method: string, params?: unknown): Promise<ServerMessage>;
  sendRaw(data: string | Buffer): void;
  next(match: (message: ServerMessage) => boolean): Promise<ServerMessage>;
}

/** Resolves with the open client, or rejects with the HTTP status of a refused upgrade. */
function connect(options: { token?: string | null; origin?: string | null; localAddress?: string } = {}): Promise<Client> {
  const token = options.token === undefined ? host.token : options.token;
  const origin = options.origin === undefined ? `http://127.0.0.1:${host.port}` : options.origin;
  const url = `ws://127.0.0.1:${host.port}/api${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
  const socket = new WebSocket(url, { ...(origin === null ? {} : { origin }), localAddress: options.localAddress });
  const messages: ServerMessage[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as ServerMessage);
    for (const waiter of [...waiters]) waiter();
  });
  let nextId = 1;
  const client: Client = {
    socket,
    messages,
    sendRaw: (data) => socket.send(data),
    next: (match) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (!found) return false;
          waiters.delete(waiter);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const waiter = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching message; got ${JSON.stringify(messages).slice(0, 500)}`));
        }, 10_000);
        if (!check()) waiters.add(waiter);
      }),
    request: (method, params) => {
      const id = nextId++;
      socket.send(JSON.stringify({ kind: 'request', id, method, params }));
      return client.next((message) => message.kind === 'response' && message.id === id);
    },
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`refused with ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

describe('baton serve: who may connect', () => {
  it('listens on 127.0.0.1 only, and the URL carries a fresh random token', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const other = await startWebHost({ endpoint: harness.service, rendererDir, log: () => {} });
    try {
      expect(other.token).not.toBe(host.token);
    } finally {
      await other.close();
    }
    const external = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry && entry.family === 'IPv4' && !entry.internal);
    if (external) {
      // Nothing listens on the machine's network address: a connection from the network cannot reach Baton.
      await expect(get('/', { address: external.address, host: `${external.address}:${host.port}` })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    }
  });

  it('a client with the token and the page origin is served', async () => {
    const client = await connect();
    const reply = await client.request('conversations.list', {});
    expect(reply).toEqual({ kind: 'response', id: 1, ok: true, result: { conversations: [] } });
    client.socket.close();
  });

  it('refuses a connection without the token, or with a wrong one', async () => {
    await expect(connect({ token: null })).rejects.toThrow('refused with 403');
    await expect(connect({ token: 'x'.repeat(32) })).rejects.toThrow('refused with 403');
    await expect(connect({ token: `${host.token}x` })).rejects.toThrow('refused with 403');
    expect(refusals.at(-1)).toContain('the token is missing or wrong');
  });

  it('refuses a connection from another origin, or with no origin', async () => {
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow('refused with 403');
    await expect(connect({ origin: `http://127.0.0.1:${host.port + 1}` })).rejects.toThrow('refused with 403');
    await expect(connect({ origin: null })).rejects.toThrow('refused with 403');
    expect(refusals.at(-1)).toContain('the Origin "(none)" is refused');
  });

  it('refuses a connection from another address (127.0.0.2), for the API and the pages', async () => {
    await expect(connect({ localAddress: '127.0.0.2' })).rejects.toThrow('refused with 403');
    expect(refusals.at(-1)).toContain('connections from 127.0.0.2 are refused');
    expect((await get('/', { localAddress: '127.0.0.2' })).status).toBe(403);
  });

  it('refuses pages asked for under another host name (DNS rebinding)', async () => {
    expect((await get('/', { host: `attacker.example:${host.port}` })).status).toBe(421);
    expect((await get('/', { host: `localhost:${host.port}` })).status).toBe(200);
  });
});

describe('baton serve: pages', () => {
  it('serves the renderer with a strict CSP, and index.html for the app views', async () => {
    const page = await get('/?token=abc');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Baton</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const asset = await get('/assets/app.js');
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await get('/settings')).body).toContain('<title>Baton</title>');
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('answers request targets that are no URL (//) without falling over', async () => {
    expect((await get('//')).status).toBe(400);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = createConnection({ host: '127.0.0.1', port: host.port }, () => {
        socket.write(
          `GET // HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
            'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
        );
      });
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 403 Forbidden');
    // Still serving.
    expect((await get('/')).status).toBe(200);
  });

  it('a 15 KB URL gets 414, and the log keeps only a shortened path without the query', async () => {
    const longPath = `/${'a'.repeat(15 * 1024)}?token=${host.token}`;
    const before = refusals.length;
    const answer = await get(longPath);
    expect(answer.status).toBe(414);
    const logged = refusals.slice(before);
    expect(logged).toEqual([`baton serve: refused GET /${'a'.repeat(119)}… (15361 characters): the URL is ${longPath.length} characters long`]);
    expect(logged.join('\n')).not.toContain(host.token);
    expect((await get('/')).status).toBe(200);
  });

  it('never serves files outside the renderer folder', async () => {
    // The URL parser folds dot segments: these ask for /etc/passwd inside the folder, which is an app view.
    expect((await get('/../../etc/passwd')).body).toBe('<!doctype html><title>Baton</title>');
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).body).toBe('<!doctype html><title>Baton</title>');
    // Encoded slashes survive the parser; the decoded path leaves the folder and is refused.
    expect((await get('/assets/..%2f..%2f..%2fetc%2fpasswd')).status).toBe(403);
    expect((await get('/..%5c..%5cetc%5cpasswd')).status).not.toBe(200);
    expect((await get('/%E0%A4%A')).status).toBe(400);
  });
});

describe('baton serve: messages', () => {
  it('a malformed message gets an error reply, and the connection stays up', async () => {
    const client = await connect();
    client.sendRaw('this is not json');
    expect(await client.next((message) => message.kind === 'response' && message.id === null)).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringContaining('not JSON') },
    });
    client.sendRaw(JSON.stringify({ kind: 'request', id: 'seven', method: 'chat.send' }));
    client.sendRaw(JSON.stringify({ id: 8, method: 'chat.send' }));
    expect(await client.next((message) => message.kind === 'response' && message.id === 8)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    client.sendRaw(Buffer.from([0, 1, 2]));
    expect(await client.request('chat.send', { text: ['not', 'a', 'string'] })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await client.request('no.such.method', {})).toMatchObject({ ok: false, error: { message: 'There is no API method "no.such.method".' } });
    expect(await client.request('conversations.list', {})).toMatchObject({ ok: true });
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    client.socket.close();
  });

  it('a run started over the socket streams its events to the client', async () => {
    const client = await connect();
    const reply = await client.request('chat.send', { text: 'Hello' });
    expect(reply).toMatchObject({ ok: true, result: { runId: expect.any(String), conversationId: expect.any(String) } });
    const finished = await client.next((message) => message.kind === 'event' && message.event.type === 'run-event' && message.event.event.type === 'run-finished');
    expect(finished).toMatchObject({ event: { event: { answer: 'Hi there' } } });
    const deltas = client.messages.filter((message) => message.kind === 'event' && message.event.type === 'run-event' && message.event.event.type === 'answer-delta');
    expect(deltas).toHaveLength(2);
    client.socket.close();
  });
});
