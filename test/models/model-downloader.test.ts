import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BatonError } from '../../electron/shared/errors.js';
import type { CatalogEntry } from '../../electron/core/models/model-catalog.js';
import {
  downloadFile,
  downloadModel,
  partialPathOf,
  type DownloadProgress,
} from '../../electron/core/models/model-downloader.js';
import { storiesModelPath } from '../support/local-model-fixture.js';
import { startModelFileServer, type ModelFileServer } from '../support/model-file-server.js';

const storiesBytes = 1_185_376;
const storiesSha256 = '270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d';

let server: ModelFileServer;
let folder: string;
let destinationPath: string;

beforeAll(async () => {
  server = await startModelFileServer(storiesModelPath);
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'baton-download-'));
  destinationPath = join(folder, 'stories260K.gguf');
  Object.assign(server.behavior, { ignoreRange: false, chunkDelayMs: 0, dropAfterBytes: undefined, stallAfterBytes: undefined });
  server.requests.length = 0;
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<BatonError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(BatonError);
  return error as BatonError;
}

async function sizeOf(path: string): Promise<number> {
  return (await stat(path)).size;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('downloadFile', () => {
  it('downloads the whole file, verifies it and reports monotonic progress', async () => {
    server.behavior.chunkDelayMs = 5;
    const progress: DownloadProgress[] = [];
    const result = await downloadFile({
      url: server.fileUrl,
      destinationPath,
      expectedBytes: storiesBytes,
      sha256: storiesSha256,
      onProgress: (update) => progress.push(update),
      progressIntervalMs: 20,
    });

    expect(result).toEqual({ path: destinationPath, bytes: storiesBytes, sha256: storiesSha256, resumed: false });
    expect(await sizeOf(destinationPath)).toBe(storiesBytes);
    expect(await readdir(folder)).toEqual(['stories260K.gguf']);

    expect(progress.length).toBeGreaterThan(2);
    for (let index = 1; index < progress.length; index += 1) {
      expect(progress[index]!.receivedBytes).toBeGreaterThanOrEqual(progress[index - 1]!.receivedBytes);
    }
    expect(progress.every((update) => update.totalBytes === storiesBytes)).toBe(true);
    expect(progress.at(-1)!.receivedBytes).toBe(storiesBytes);
    expect(progress.some((update) => update.bytesPerSecond > 0)).toBe(true);
    expect(server.requests).toEqual([{ method: 'GET', path: '/files/model.gguf', range: undefined }]);
  });

  it('throttles progress to the interval, with the final update always delivered', async () => {
    const progress: DownloadProgress[] = [];
    await downloadFile({ url: server.fileUrl, destinationPath, onProgress: (update) => progress.push(update), progressIntervalMs: 60_000 });
    // The first (at 0 bytes) and the last: everything between falls inside one interval.
    expect(progress.map((update) => update.receivedBytes)).toEqual([0, storiesBytes]);
  });

  it("checks the server's length when no size is given", async () => {
    const result = await downloadFile({ url: server.fileUrl, destinationPath });
    expect(result.bytes).toBe(storiesBytes);
    expect(result.sha256).toBe(storiesSha256);
  });

  it('keeps only a .partial when the connection drops, then resumes from it with a Range request', async () => {
    server.behavior.dropAfterBytes = 300_000;
    const failure = await rejection(
      downloadFile({ url: server.fileUrl, destinationPath, expectedBytes: storiesBytes, sha256: storiesSha256 }),
    );
    expect(failure.code).toBe('download-failed');
    expect(failure.retryable).toBe(true);
    expect(existsSync(destinationPath)).toBe(false);
    expect(await readdir(folder)).toEqual(['stories260K.gguf.partial']);
    const partialBytes = await sizeOf(partialPathOf(destinationPath));
    expect(partialBytes).toBeGreaterThan(0);
    expect(partialBytes).toBeLessThanOrEqual(300_000);

    server.behavior.dropAfterBytes = undefined;
    const progress: DownloadProgress[] = [];
    const result = await downloadFile({
      url: server.fileUrl,
      destinationPath,
      expectedBytes: storiesBytes,
      sha256: storiesSha256,
      onProgress: (update) => progress.push(update),
    });
    expect(server.requests.at(-1)).toEqual({ method: 'GET', path: '/files/model.gguf', range: `bytes=${partialBytes}-` });
    expect(result).toEqual({ path: destinationPath, bytes: storiesBytes, sha256: storiesSha256, resumed: true });
    expect(progress[0]!.receivedBytes).toBe(partialBytes);
    expect(await readdir(folder)).toEqual(['stories260K.gguf']);
  });

  it('starts over cleanly when the server ignores Range and sends the whole file', async () => {
    // Not a prefix of the file: appending to it would fail the checksum.
    await writeFile(partialPathOf(destinationPath), Buffer.alloc(100_000, 0xab));
    server.behavior.ignoreRange = true;
    const result = await downloadFile({ url: server.fileUrl, destinationPath, expectedBytes: storiesBytes, sha256: storiesSha256 });
    expect(server.requests).toEqual([{ method: 'GET', path: '/files/model.gguf', range: 'bytes=100000-' }]);
    expect(result).toEqual({ path: destinationPath, bytes: storiesBytes, sha256: storiesSha256, resumed: false });
    expect(await readdir(folder)).toEqual(['stories260K.gguf']);
  });

  it('deletes the download and leaves no file on a checksum mismatch', async () => {
    const wrong = 'f'.repeat(64);
    const failure = await rejection(downloadFile({ url: server.fileUrl, destinationPath, expectedBytes: storiesBytes, sha256: wrong }));
    expect(failure.code).toBe('checksum-mismatch');
    expect(failure.message).toContain(`expected SHA-256 ${wrong}`);
    expect(failure.message).toContain(`got ${storiesSha256}`);
    expect(await readdir(folder)).toEqual([]);
  });

  it('keeps the .partial and leaves no final file when aborted, and stops promptly', async () => {
    server.behavior.stallAfterBytes = 200_000;
    const controller = new AbortController();
    const stalled = server.stalled();
    const download = downloadFile({ url: server.fileUrl, destinationPath, sha256: storiesSha256, signal: controller.signal });
    await stalled;
    const partialPath = partialPathOf(destinationPath);
    await waitFor(async () => existsSync(partialPath) && (await sizeOf(partialPath)) === 200_000);

    const abortedAt = performance.now();
    controller.abort();
    const failure = await rejection(download);
    expect(performance.now() - abortedAt).toBeLessThan(1_000);
    expect(failure.code).toBe('aborted');
    expect(existsSync(destinationPath)).toBe(false);
    expect(await sizeOf(partialPath)).toBe(200_000);

    server.behavior.stallAfterBytes = undefined;
    const result = await downloadFile({ url: server.fileUrl, destinationPath, sha256: storiesSha256 });
    expect(server.requests.at(-1)?.range).toBe('bytes=200000-');
    expect(result.resumed).toBe(true);
    expect(result.sha256).toBe(storiesSha256);
  });

  it('refuses to start when the signal is already aborted', async () => {
    const failure = await rejection(downloadFile({ url: server.fileUrl, destinationPath, signal: AbortSignal.abort() }));
    expect(failure.code).toBe('aborted');
    expect(server.requests).toEqual([]);
  });

  it('follows a redirect to the file', async () => {
    const result = await downloadFile({ url: server.redirectUrl, destinationPath, expectedBytes: storiesBytes, sha256: storiesSha256 });
    expect(result.sha256).toBe(storiesSha256);
    expect(server.requests.map((request) => request.path)).toEqual(['/redirect/model.gguf', '/files/model.gguf']);
  });

  it('keeps the Range header across a redirect when resuming', async () => {
    server.behavior.dropAfterBytes = 500_000;
    await rejection(downloadFile({ url: server.redirectUrl, destinationPath }));
    const partialBytes = await sizeOf(partialPathOf(destinationPath));
    server.behavior.dropAfterBytes = undefined;
    const result = await downloadFile({ url: server.redirectUrl, destinationPath, sha256: storiesSha256 });
    expect(server.requests.slice(-2)).toEqual([
      { method: 'GET', path: '/redirect/model.gguf', range: `bytes=${partialBytes}-` },
      { method: 'GET', path: '/files/model.gguf', range: `bytes=${partialBytes}-` },
    ]);
    expect(result.resumed).toBe(true);
  });

  it('finishes a complete .partial the server answers 416 for', async () => {
    await copyFile(storiesModelPath, partialPathOf(destinationPath));
    const result = await downloadFile({ url: server.fileUrl, destinationPath, sha256: storiesSha256 });
    expect(server.requests).toEqual([{ method: 'GET', path: '/files/model.gguf', range: `bytes=${storiesBytes}-` }]);
    expect(result).toEqual({ path: destinationPath, bytes: storiesBytes, sha256: storiesSha256, resumed: true });
    expect(await readdir(folder)).toEqual(['stories260K.gguf']);
  });

  it('finishes a complete .partial of the expected size without asking the server', async () => {
    await copyFile(storiesModelPath, partialPathOf(destinationPath));
    const result = await downloadFile({ url: server.fileUrl, destinationPath, expectedBytes: storiesBytes, sha256: storiesSha256 });
    expect(result.resumed).toBe(true);
    expect(server.requests).toEqual([]);
  });

  it('fails without downloading when the server offers a different size than expected', async () => {
    const failure = await rejection(downloadFile({ url: server.fileUrl, destinationPath, expectedBytes: storiesBytes + 1 }));
    expect(failure.code).toBe('download-failed');
    expect(failure.message).toContain(`${storiesBytes + 1} were expected`);
    expect(existsSync(destinationPath)).toBe(false);
  });

  it('reports an HTTP error status as a non-retryable failure', async () => {
    const failure = await rejection(downloadFile({ url: server.missingUrl, destinationPath }));
    expect(failure.code).toBe('download-failed');
    expect(failure.retryable).toBe(false);
    expect(failure.message).toContain('404');
    expect(await readdir(folder)).toEqual([]);
  });

  it('reports a refused connection as a retryable failure', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const failure = await rejection(downloadFile({ url: `http://127.0.0.1:${closedPort}/model.gguf`, destinationPath }));
    expect(failure.code).toBe('download-failed');
    expect(failure.retryable).toBe(true);
  });

  it('rejects a second download of the same file while the first runs', async () => {
    server.behavior.stallAfterBytes = 100_000;
    const controller = new AbortController();
    const stalled = server.stalled();
    const first = downloadFile({ url: server.fileUrl, destinationPath, signal: controller.signal });
    await stalled;
    const second = await rejection(downloadFile({ url: server.fileUrl, destinationPath }));
    expect(second.message).toContain('already being downloaded');
    controller.abort();
    expect((await rejection(first)).code).toBe('aborted');
  });
});

describe('downloadModel', () => {
  const entry = (overrides: Partial<CatalogEntry> = {}): CatalogEntry => ({
    id: 'stories260k',
    name: 'stories260K',
    description: 'A tiny test model.',
    uri: server.fileUrl,
    fileName: 'stories260K.gguf',
    bytes: storiesBytes,
    bytesExact: true,
    quantization: 'F32',
    parameters: '260K',
    contextLength: 512,
    license: 'mit',
    minRamGiB: 1,
    sha256: storiesSha256,
    ...overrides,
  });

  it('puts the file under its catalog file name, then skips a verified copy without any request', async () => {
    const modelsDir = join(folder, 'models');
    const first = await downloadModel(entry(), modelsDir);
    expect(first).toMatchObject({ path: join(modelsDir, 'stories260K.gguf'), bytes: storiesBytes, skipped: false });
    const requestsAfterFirst = server.requests.length;

    const second = await downloadModel(entry(), modelsDir);
    expect(second).toMatchObject({ path: join(modelsDir, 'stories260K.gguf'), sha256: storiesSha256, skipped: true });
    expect(server.requests.length).toBe(requestsAfterFirst);
  });

  it('replaces a file of the right name that does not verify', async () => {
    const modelsDir = join(folder, 'models');
    await downloadModel(entry(), modelsDir);
    await writeFile(join(modelsDir, 'stories260K.gguf'), Buffer.alloc(storiesBytes, 1));
    const result = await downloadModel(entry(), modelsDir);
    expect(result.skipped).toBe(false);
    expect(result.sha256).toBe(storiesSha256);
  });

  it("trusts the server's length for an entry whose size is approximate", async () => {
    const result = await downloadModel(entry({ bytes: 1_000_000, bytesExact: false, sha256: null }), join(folder, 'models'));
    expect(result.bytes).toBe(storiesBytes);
    expect(result.sha256).toBe(storiesSha256);
  });
});
