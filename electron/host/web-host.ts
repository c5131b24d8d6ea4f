import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ApiEvent } from '../shared/api.js';
import { clientMessageSchema, maxMessageBytes, type ServerMessage } from '../shared/api-wire.js';
import { BatonError, toBatonError } from '../shared/errors.js';
import type { ApiEndpoint } from './api-endpoint.js';
import { checkApiUpgrade, checkHttpRequest } from './request-guard.js';
import { defaultRendererDir, respondPlain, serveStaticFile } from './static-files.js';

export interface WebHostOptions {
  endpoint: ApiEndpoint;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer; found next to this installation when absent. */
  rendererDir?: string;
  /** Reports refused connections and failures that have no client to tell. */
  log?: (line: string) => void;
}

export interface WebHost {
  port: number;
  /** Made at each start; a page gets it from the URL it was opened with. */
  token: string;
  /** `http://127.0.0.1:PORT/?token=...`: what a person opens. */
  url: string;
  close(): Promise<void>;
}

export const apiPath = '/api';

/** Longer request targets are refused with 414: no page or asset of the app needs one. */
const maxUrlLength = 8 * 1024;

/**
 * What the log keeps of a request target: the path without its query (which holds the access
 * token) and cut to 120 characters, so a hostile URL cannot flood the log.
 */
function loggedPath(url: string | undefined): string {
  const path = (url ?? '').split('?')[0] ?? '';
  return path.length > 120 ? `${path.slice(0, 120)}… (${path.length} characters)` : path;
}

/**
 * The same API as the Electron app, for a browser: the built renderer over HTTP and the API over a
 * WebSocket, on 127.0.0.1 only. Every message is parsed with the contract; a malformed one gets an
 * error reply and the connection stays up.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = randomBytes(24).toString('base64url');
  const rendererDir = options.rendererDir ?? defaultRendererDir();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let port = 0;

  const server: Server = createServer((request, response) => {
    if ((request.url ?? '').length > maxUrlLength) {
      log(`baton serve: refused ${request.method ?? ''} ${loggedPath(request.url)}: the URL is ${request.url?.length} characters long`);
      respondPlain(response, 414, 'URI too long');
      return;
    }
    const verdict = checkHttpRequest(request, { port, token });
    if (!verdict.allowed) {
      log(`baton serve: refused ${request.method ?? ''} ${loggedPath(request.url)}: ${verdict.reason}`);
      respondPlain(response, verdict.status, 'Forbidden');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      respondPlain(response, 405, 'Method not allowed');
      return;
    }
    const pathname = pathnameOf(request.url);
    if (pathname === undefined) {
      respondPlain(response, 400, 'Bad request');
      return;
    }
    serveStaticFile(rendererDir, pathname, response, request.method === 'HEAD').catch((error: unknown) => {
      log(`baton serve: cannot serve ${loggedPath(pathname)}: ${toBatonError(error).message}`);
      if (!response.headersSent) respondPlain(response, 500, 'Internal error');
      else response.destroy();
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A request target such as `//` is no URL: refused like any unknown endpoint, never thrown.
    const pathname = pathnameOf(request.url);
    const verdict = pathname === apiPath ? checkApiUpgrade(request, { port, token }) : ({ allowed: false, status: 403, reason: 'no such endpoint' } as const);
    if (!verdict.allowed) {
      log(`baton serve: refused a WebSocket connection: ${verdict.reason}`);
      socket.end(`HTTP/1.1 ${verdict.status} Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => connect(client, options.endpoint, log));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function connect(client: WebSocket, endpoint: ApiEndpoint, log: (line: string) => void): void {
  const send = (message: ServerMessage) => {
    if (client.readyState === client.OPEN) client.send(JSON.stringify(message));
  };
  const unsubscribe = endpoint.subscribe((event: ApiEvent) => send({ kind: 'event', event }));
  client.on('close', unsubscribe);
  client.on('error', (error) => log(`baton serve: a WebSocket failed: ${error.message}`));
  client.on('message', (data: RawData, isBinary: boolean) => {
    void answer(data, isBinary);
  });

  async function answer(data: RawData, isBinary: boolean): Promise<void> {
    let raw: unknown;
    try {
      if (isBinary) throw new BatonError('invalid-request', 'Messages are JSON text, not binary.');
      raw = JSON.parse(rawText(data));
    } catch (error) {
      const reason = error instanceof SyntaxError ? `The message is not JSON: ${error.message}` : toBatonError(error).message;
      send({ kind: 'response', id: null, ok: false, error: new BatonError('invalid-request', reason).toJSON() });
      return;
    }
    const parsed = clientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const id = typeof (raw as { id?: unknown } | null)?.id === 'number' ? (raw as { id: number }).id : null;
      const error = new BatonError('invalid-request', 'A request is {kind: "request", id: number, method: string, params}.');
      send({ kind: 'response', id, ok: false, error: error.toJSON() });
      return;
    }
    const { id, method, params } = parsed.data;
    try {
      const result = await endpoint.call(method, params);
      send({ kind: 'response', id, ok: true, result });
    } catch (error) {
      send({ kind: 'response', id, ok: false, error: toBatonError(error).toJSON() });
    }
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/** The path of a request target, or undefined when it is not a valid one. */
function pathnameOf(target: string | undefined): string | undefined {
  try {
    return new URL(target ?? '/', 'http://127.0.0.1').pathname;
  } catch {
    // Not a URL: the caller answers 400 or refuses the upgrade.
    return undefined;
  }
}
