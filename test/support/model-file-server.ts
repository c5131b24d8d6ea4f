import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback, writeChunk, type RecordedRequest } from './http-test-server.js';

/** What the server does with the next requests; tests change it between downloads. */
export interface ModelFileServerBehavior {
  /** Answer every request with 200 and the whole file, as a server without Range support does. */
  ignoreRange: boolean;
  /** Destroy the socket once this many body bytes of a response are sent (a dropped connection). */
  dropAfterBytes?: number;
  /** Stop sending, with the connection left open, once this many body bytes of a response are sent. */
  stallAfterBytes?: number;
  /** Pause between chunks, so a transfer takes long enough to watch. */
  chunkDelayMs: number;
}

export type { RecordedRequest };

export interface ModelFileServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** The file itself, with Range support. */
  fileUrl: string;
  /** Answers 302 with a Location pointing at fileUrl, like Hugging Face's redirect to its CDN. */
  redirectUrl: string;
  /** Answers 404. */
  missingUrl: string;
  fileBytes: number;
  behavior: ModelFileServerBehavior;
  requests: RecordedRequest[];
  /** Resolves when a response has stalled (see stallAfterBytes). */
  stalled(): Promise<void>;
  close(): Promise<void>;
}

const chunkBytes = 64 * 1024;

/** Serves one model file on 127.0.0.1 (port 0) the way Hugging Face and its CDN do, with faults on demand. */
export async function startModelFileServer(filePath: string): Promise<ModelFileServer> {
  const data = await readFile(filePath);
  const behavior: ModelFileServerBehavior = { ignoreRange: false, chunkDelayMs: 0 };
  const requests: RecordedRequest[] = [];
  let stallListeners: Array<() => void> = [];

  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push({ method: request.method ?? 'GET', path, range: request.headers.range });
    if (path === '/redirect/model.gguf') {
      response.writeHead(302, { location: '/files/model.gguf' });
      response.end();
      return;
    }
    if (path !== '/files/model.gguf') {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
      return;
    }
    serveFile(request, response).catch((error: unknown) => {
      // The client went away mid-response (an abort in a test): nothing to answer any more.
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });

  async function serveFile(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const size = data.byteLength;
    let start = 0;
    let end = size - 1;
    const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
    if (range && !behavior.ignoreRange) {
      start = Number(range[1]);
      if (range[2]) end = Math.min(Number(range[2]), size - 1);
      if (start >= size) {
        response.writeHead(416, { 'content-range': `bytes */${size}` });
        response.end();
        return;
      }
      response.writeHead(206, {
        'content-type': 'application/octet-stream',
        'content-length': String(end - start + 1),
        'content-range': `bytes ${start}-${end}/${size}`,
        'accept-ranges': 'bytes',
      });
    } else {
      response.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(size),
        ...(behavior.ignoreRange ? {} : { 'accept-ranges': 'bytes' }),
      });
    }
    if (request.method === 'HEAD') {
      response.end();
      return;
    }

    let sent = 0;
    let position = start;
    while (position <= end) {
      let length = Math.min(chunkBytes, end + 1 - position);
      const limit = behavior.dropAfterBytes ?? behavior.stallAfterBytes;
      if (limit !== undefined) length = Math.min(length, limit - sent);
      if (length > 0) {
        await writeChunk(response, data.subarray(position, position + length));
        sent += length;
        position += length;
      }
      if (behavior.dropAfterBytes !== undefined && sent >= behavior.dropAfterBytes) {
        response.socket?.destroy();
        return;
      }
      if (behavior.stallAfterBytes !== undefined && sent >= behavior.stallAfterBytes) {
        for (const listener of stallListeners) listener();
        stallListeners = [];
        return;
      }
      if (behavior.chunkDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, behavior.chunkDelayMs));
      if (response.destroyed) return;
    }
    response.end();
  }

  const origin = await listenOnLoopback(server);
  return {
    origin,
    fileUrl: `${origin}/files/model.gguf`,
    redirectUrl: `${origin}/redirect/model.gguf`,
    missingUrl: `${origin}/missing/model.gguf`,
    fileBytes: data.byteLength,
    behavior,
    requests,
    stalled: () => new Promise<void>((resolve) => stallListeners.push(resolve)),
    close: () => closeServer(server),
  };
}
