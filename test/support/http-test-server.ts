/**
 * Pieces shared by the test servers that serve downloads on 127.0.0.1 (model-file-server.ts,
 * fake-hugging-face-server.ts): what they record of each request, chunked writes, listening on
 * a free port and closing with connections still open.
 */
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  range: string | undefined;
}

/** Resolves once the chunk is handed to the kernel, so a following destroy() does not drop it. */
export function writeChunk(response: ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    response.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

/** Listens on 127.0.0.1 with a port of the system's choosing; returns `http://127.0.0.1:PORT`. */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    // Keep-alive and stalled connections would hold close() open forever.
    server.closeAllConnections();
    server.close((error) => (error ? reject(error) : resolve()));
  });
}
