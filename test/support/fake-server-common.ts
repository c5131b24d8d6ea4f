import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Shared plumbing of the fake cloud servers (test support, not product code): an HTTP server on
 * 127.0.0.1 that records every request and answers the next scripted behaviour, so tests can run
 * the real vendor SDKs and assert exactly what the cloud would have seen.
 */

/** What the fake does with the next model call. Vendor-neutral; each fake speaks its own wire format. */
export type FakeBehaviour =
  | {
      kind: 'text';
      text: string;
      /** Number of deltas the text is streamed in (split at word boundaries); default one per word. */
      chunks?: number;
      /** The deltas exactly, cut anywhere (inside a placeholder too); they must join to `text`. Wins over `chunks`. */
      deltas?: string[];
      delayMsPerChunk?: number;
      /** 'length' makes the fake report that the answer hit max tokens. */
      finish?: 'stop' | 'length';
      /**
       * Calls of the client's tools after the text (`arguments`: JSON text). Streamed in two
       * pieces each, as the vendors do; the answer then ends for tool use.
       */
      toolCalls?: Array<{ id: string; name: string; arguments: string }>;
    }
  | { kind: 'json'; value: unknown; chunks?: number; delayMsPerChunk?: number }
  | {
      kind: 'error';
      status: number;
      headers?: Record<string, string>;
      message?: string;
      /** Overrides the vendor error type the fake picks for the status. */
      type?: string;
      /** Overrides the error `code` (OpenAI only, e.g. 'insufficient_quota'). */
      code?: string;
    }
  /**
   * Sends the start of a stream and `afterChunks` text deltas, then destroys the socket. With
   * `delayMsPerChunk` it is a slow stream cut mid-way.
   */
  | { kind: 'drop'; afterChunks: number; text?: string; delayMsPerChunk?: number }
  /** Destroys the socket before any byte of an answer: a connection dropped by the network or a proxy. */
  | { kind: 'reset' }
  /**
   * An HTML page where the API answers JSON or server-sent events: a proxy's 502 page, or a
   * captive portal's login page with status 200.
   */
  | { kind: 'html'; status: number }
  /** Sends the start of a stream and `afterChunks` text deltas, then an error inside the stream (after the 200). */
  | { kind: 'stream-error'; afterChunks: number; type: string; message?: string; text?: string }
  /** Waits before answering (headers included), then answers like 'text'. */
  | { kind: 'slow'; delayMs: number; text?: string };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; undefined for a request without a body. */
  body: unknown;
  /** True once the client closed the connection before the answer was complete (an aborted call). */
  closedEarly?: boolean;
}

export interface FakeCloudServer {
  /** http://127.0.0.1:PORT, without a trailing slash. */
  url: string;
  requests: RecordedRequest[];
  /** Scripts the next model calls, in order; when the queue is empty the default text answers. */
  enqueue(...behaviours: FakeBehaviour[]): void;
  close(): Promise<void>;
}

export interface FakeExchange {
  request: IncomingMessage;
  response: ServerResponse;
  recorded: RecordedRequest;
  /** Aborted when the client goes away, so delays stop early and nothing more is written. */
  clientGone: AbortSignal;
  /** Takes the next scripted behaviour, or undefined when the queue is empty. */
  nextBehaviour(): FakeBehaviour | undefined;
}

export interface FakeServerOptions {
  /**
   * What answers a model call when nothing is scripted with enqueue (fault injection); undefined
   * from it means the fake's default text.
   */
  chooseBehaviour?: (recorded: RecordedRequest) => FakeBehaviour | undefined;
  /** The one API key the fake accepts; any other gets the vendor's 401. Unset: every key works. */
  apiKey?: string;
}

export async function startFakeServer(handle: (exchange: FakeExchange) => Promise<void>, options: FakeServerOptions = {}): Promise<FakeCloudServer> {
  const requests: RecordedRequest[] = [];
  const queue: FakeBehaviour[] = [];
  const server: Server = createServer((request, response) => {
    void serve(request, response);
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const clientGone = new AbortController();
    response.on('close', () => clientGone.abort());
    try {
      const rawBody = await readBody(request);
      const recorded: RecordedRequest = {
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        headers: request.headers,
        body: rawBody.length === 0 ? undefined : JSON.parse(rawBody),
      };
      requests.push(recorded);
      response.on('close', () => {
        if (!response.writableFinished) recorded.closedEarly = true;
      });
      await handle({ request, response, recorded, clientGone: clientGone.signal, nextBehaviour: () => queue.shift() ?? options.chooseBehaviour?.(recorded) });
    } catch (error) {
      // A fake that breaks must say so loudly in the test output instead of hanging the client.
      console.error('fake server failed to answer:', error);
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'text/plain' });
      }
      response.end(String(error));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...behaviours) => {
      queue.push(...behaviours);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Resolves after `ms`, or early (without throwing) when the client has gone away. */
export function pause(ms: number, clientGone: AbortSignal): Promise<void> {
  if (ms <= 0 || clientGone.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    clientGone.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      clientGone.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** Writes and waits until the data has been handed to the socket, so a later destroy() cannot swallow it. */
export function writeAndFlush(response: ServerResponse, data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    response.write(data, (error) => (error ? reject(error) : resolve()));
  });
}

/** One server-sent event; `event` is omitted for OpenAI, which only sends `data:` lines. */
export function serverSentEvent(data: unknown, event?: string): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return `${event === undefined ? '' : `event: ${event}\n`}data: ${payload}\n\n`;
}

export function startEventStream(response: ServerResponse, extraHeaders: Record<string, string> = {}): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...extraHeaders,
  });
  response.flushHeaders();
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** Output tokens of the fakes: one per whitespace-separated word. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => word.length > 0).length;
}

/** Input tokens of the fakes: one per started group of four characters of prompt text. */
export function fakeTokenCount(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Splits text into `count` deltas at word boundaries (whitespace stays with the word before it),
 * so that joining the deltas gives the text back exactly.
 */
/** The tool calls a behaviour makes, each with its arguments cut in two (where a streamed call is cut). */
export function toolCallsOf(behaviour: FakeBehaviour): Array<{ id: string; name: string; arguments: string; pieces: [string, string] }> {
  if (behaviour.kind !== 'text') return [];
  return (behaviour.toolCalls ?? []).map((call) => {
    const middle = Math.floor(call.arguments.length / 2);
    return { ...call, pieces: [call.arguments.slice(0, middle), call.arguments.slice(middle)] };
  });
}

/** The deltas a behaviour streams its text in: its own `deltas` when it sets them, else cut at words. */
export function deltasOf(behaviour: FakeBehaviour, text: string): string[] {
  if (behaviour.kind === 'text' && behaviour.deltas) {
    if (behaviour.deltas.join('') !== text) throw new Error('A fake behaviour\'s deltas must join to its text.');
    return behaviour.deltas;
  }
  return splitIntoChunks(text, behaviour.kind === 'text' || behaviour.kind === 'json' ? behaviour.chunks : undefined);
}

export function splitIntoChunks(text: string, count?: number): string[] {
  const words = text.match(/\s*\S+\s*/g) ?? (text.length > 0 ? [text] : []);
  const wanted = Math.max(1, Math.min(count ?? words.length, words.length));
  const chunks: string[] = [];
  const perChunk = Math.ceil(words.length / wanted);
  for (let start = 0; start < words.length; start += perChunk) {
    chunks.push(words.slice(start, start + perChunk).join(''));
  }
  return chunks;
}

/** The text a 'text', 'json', 'drop' or 'slow' behaviour answers with. */
export function answerTextOf(behaviour: FakeBehaviour, defaultText: string): string {
  switch (behaviour.kind) {
    case 'text':
      return behaviour.text;
    case 'json':
      return JSON.stringify(behaviour.value);
    case 'drop':
    case 'stream-error':
    case 'slow':
      return behaviour.text ?? defaultText;
    case 'error':
    case 'reset':
    case 'html':
      return '';
  }
}

/**
 * Answers the behaviours that look the same whatever the vendor (a dropped connection, an HTML
 * page); true when it did, so the vendor's fake does nothing more.
 */
export function answerVendorNeutral(exchange: FakeExchange, behaviour: FakeBehaviour): boolean {
  const { response } = exchange;
  if (behaviour.kind === 'reset') {
    response.socket?.destroy();
    return true;
  }
  if (behaviour.kind === 'html') {
    const page = htmlPage(behaviour.status);
    response.writeHead(behaviour.status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) });
    response.end(page);
    return true;
  }
  return false;
}

/** A page like the ones proxies and captive portals send: a 502 from a gateway, a login page with 200. */
function htmlPage(status: number): string {
  const title = status === 200 ? 'Sign in to the network' : `${status} Bad Gateway`;
  return `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1><p>The upstream server did not answer.</p><hr><center>nginx</center></body></html>\n`;
}

/** A deterministic id with the vendor's prefix, numbered per server. */
export function idMaker(prefix: string): () => string {
  let next = 1;
  return () => `${prefix}${String(next++).padStart(24, '0')}`;
}

/** A URL on 127.0.0.1 where nothing listens: a port that was just free and was closed again. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return `http://127.0.0.1:${port}`;
}
