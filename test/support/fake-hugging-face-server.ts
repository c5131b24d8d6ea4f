/**
 * Serves fake Hugging Face repositories on 127.0.0.1 (port 0) the way huggingface.co does:
 * `/<owner>/<name>/resolve/main/<path>`, ONNX files through a 302 to a CDN path (as LFS files
 * are), Range requests, and faults on demand. Point BATON_HF_BASE_URL (or baseUrl) at `origin`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback, writeChunk, type RecordedRequest } from './http-test-server.js';

/** What the server does with the next requests; tests change it between pulls. */
export interface FakeHuggingFaceBehavior {
  /** The repository path (e.g. `onnx/model_quantized.onnx`) the faults below apply to. */
  faultyFile?: string;
  /** Destroy the socket once this many body bytes of that file are sent (a dropped connection). */
  dropAfterBytes?: number;
  /** Stop sending, the connection left open, once this many body bytes of that file are sent. */
  stallAfterBytes?: number;
}

export type { RecordedRequest };

export interface FakeHuggingFaceServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** Keyed `<owner>/<name>/<path>`; tests may add, replace or delete files between pulls. */
  files: Map<string, Buffer>;
  behavior: FakeHuggingFaceBehavior;
  requests: RecordedRequest[];
  /** Resolves when a response has stalled (see stallAfterBytes). */
  stalled(): Promise<void>;
  close(): Promise<void>;
}

const chunkBytes = 16 * 1024;

export async function startFakeHuggingFaceServer(files: Record<string, Buffer | string>): Promise<FakeHuggingFaceServer> {
  const stored = new Map(Object.entries(files).map(([key, value]) => [key, Buffer.from(value)]));
  const behavior: FakeHuggingFaceBehavior = {};
  const requests: RecordedRequest[] = [];
  let stallListeners: Array<() => void> = [];

  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    requests.push({ method: request.method ?? 'GET', path, range: request.headers.range });
    const resolved = /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(path);
    const cdn = /^\/cdn\/([^/]+\/[^/]+)\/(.+)$/.exec(path);
    const match = resolved ?? cdn;
    const data = match ? stored.get(`${match[1]}/${match[2]}`) : undefined;
    if (!match || !data) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('Entry not found');
      return;
    }
    if (resolved && resolved[2]!.endsWith('.onnx')) {
      response.writeHead(302, { location: `/cdn/${resolved[1]}/${resolved[2]}` });
      response.end();
      return;
    }
    serveFile(request, response, data, match[2]!).catch((error: unknown) => {
      // The client went away mid-response (an abort in a test): nothing to answer any more.
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });

  async function serveFile(request: IncomingMessage, response: ServerResponse, data: Buffer, file: string): Promise<void> {
    const size = data.byteLength;
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    if (range) {
      start = Number(range[1]);
      if (start >= size) {
        response.writeHead(416, { 'content-range': `bytes */${size}` });
        response.end();
        return;
      }
      response.writeHead(206, {
        'content-length': String(size - start),
        'content-range': `bytes ${start}-${size - 1}/${size}`,
        'accept-ranges': 'bytes',
      });
    } else {
      response.writeHead(200, { 'content-length': String(size), 'accept-ranges': 'bytes' });
    }
    const faulty = behavior.faultyFile === file;
    const dropAfter = faulty ? behavior.dropAfterBytes : undefined;
    const stallAfter = faulty ? behavior.stallAfterBytes : undefined;
    let sent = 0;
    for (let position = start; position < size; ) {
      const limit = dropAfter ?? stallAfter;
      const length = Math.min(chunkBytes, size - position, limit === undefined ? Infinity : limit - sent);
      if (length > 0) {
        await writeChunk(response, data.subarray(position, position + length));
        sent += length;
        position += length;
      }
      if (dropAfter !== undefined && sent >= dropAfter) {
        response.socket?.destroy();
        return;
      }
      if (stallAfter !== undefined && sent >= stallAfter) {
        for (const listener of stallListeners) listener();
        stallListeners = [];
        return;
      }
      if (response.destroyed) return;
    }
    response.end();
  }

  return {
    origin: await listenOnLoopback(server),
    files: stored,
    behavior,
    requests,
    stalled: () => new Promise<void>((resolve) => stallListeners.push(resolve)),
    close: () => closeServer(server),
  };
}

/** The four files of a transformers.js token-classification repository; the ONNX bytes are arbitrary. */
export function fakeNerRepositoryFiles(repo: string, onnxBytes = 300_000): Record<string, Buffer> {
  const onnx = Buffer.alloc(onnxBytes);
  for (let index = 0; index < onnxBytes; index += 1) onnx[index] = (index * 31 + 7) % 251;
  const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2));
  return {
    [`${repo}/config.json`]: json({ model_type: 'bert', id2label: { 0: 'O', 1: 'B-PER', 2: 'I-PER' } }),
    [`${repo}/tokenizer.json`]: json({ version: '1.0', model: { type: 'WordPiece', vocab: { '[UNK]': 0, '[CLS]': 1, '[SEP]': 2 } } }),
    [`${repo}/tokenizer_config.json`]: json({ do_lower_case: false, model_max_length: 512 }),
    [`${repo}/onnx/model_quantized.onnx`]: onnx,
  };
}
