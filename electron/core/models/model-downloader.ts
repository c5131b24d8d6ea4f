import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, statfs, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { BatonError, isBatonError } from '../../shared/errors.js';
import type { CatalogEntry } from './model-catalog.js';
import { TransferRateMeter } from './transfer-rate-meter.js';

export interface DownloadProgress {
  /** Bytes in the file so far, including those kept from an earlier, interrupted run. */
  receivedBytes: number;
  /** The size of the whole file, or null when neither the caller nor the server says. */
  totalBytes: number | null;
  /** Over the last few seconds; 0 until there is something to measure. */
  bytesPerSecond: number;
}

export interface DownloadFileOptions {
  url: string;
  destinationPath: string;
  /** The exact size; without it the length the server reports is checked. */
  expectedBytes?: number;
  /** Lower- or upper-case hex. */
  sha256?: string;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** Least milliseconds between two progress calls (default 100, so at most 10 a second); the last call always comes. */
  progressIntervalMs?: number;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  /** Lower-case hex of the whole file. */
  sha256: string;
  /** True when bytes kept from an earlier run were reused. */
  resumed: boolean;
}

export type ModelDownloadOptions = Pick<DownloadFileOptions, 'signal' | 'onProgress' | 'progressIntervalMs'>;

export interface ModelDownloadResult extends DownloadResult {
  /** True when the verified file was already in the models folder, so nothing was downloaded. */
  skipped: boolean;
}

/**
 * Bytes in transit live under this suffix: the local provider lists only *.gguf files, so a half
 * file is never offered as a model, and the next run finds it and resumes.
 */
export const partialSuffix = '.partial';

export function partialPathOf(destinationPath: string): string {
  return destinationPath + partialSuffix;
}

const defaultProgressIntervalMs = 100;
const hashReadChunkBytes = 1024 * 1024;

/** Destinations being written by this process: two writers of one .partial would interleave bytes. */
const activeDestinations = new Set<string>();

/**
 * Downloads `url` to `destinationPath`, resuming a `.partial` left by an earlier run, and renames it
 * into place only once its size and checksum are verified. An interrupted transfer keeps the
 * `.partial` (error 'download-failed', retryable, or 'aborted'); a checksum mismatch deletes it
 * ('checksum-mismatch').
 */
export async function downloadFile(options: DownloadFileOptions): Promise<DownloadResult> {
  const destinationPath = resolve(options.destinationPath);
  if (activeDestinations.has(destinationPath)) {
    throw new BatonError('download-failed', `${destinationPath} is already being downloaded.`, { retryable: true });
  }
  activeDestinations.add(destinationPath);
  try {
    return await runDownload({ ...options, destinationPath });
  } finally {
    activeDestinations.delete(destinationPath);
  }
}

/**
 * Puts a catalog model at `join(modelsDir, entry.fileName)`. A file already there with the right
 * size (and checksum, when the catalog has one) is kept without any network traffic; a file there
 * that does not verify is replaced, atomically, once the new download has verified.
 */
export async function downloadModel(
  entry: CatalogEntry,
  modelsDir: string,
  options: ModelDownloadOptions = {},
): Promise<ModelDownloadResult> {
  const destinationPath = join(modelsDir, entry.fileName);
  const present = await verifiedExistingFile(entry, destinationPath, options.signal);
  if (present) return { ...present, skipped: true };
  const result = await downloadFile({
    url: entry.uri,
    destinationPath,
    expectedBytes: entry.bytesExact ? entry.bytes : undefined,
    sha256: entry.sha256 ?? undefined,
    signal: options.signal,
    onProgress: options.onProgress,
    progressIntervalMs: options.progressIntervalMs,
  });
  return { ...result, skipped: false };
}

async function verifiedExistingFile(
  entry: CatalogEntry,
  destinationPath: string,
  signal: AbortSignal | undefined,
): Promise<DownloadResult | undefined> {
  const bytes = await fileSize(destinationPath);
  if (bytes === null || bytes === 0) return undefined;
  if (entry.bytesExact && bytes !== entry.bytes) return undefined;
  const hash = createHash('sha256');
  await hashFileInto(hash, destinationPath, signal, entry.uri);
  const sha256 = hash.digest('hex');
  if (entry.sha256 !== null && sha256 !== entry.sha256) return undefined;
  return { path: destinationPath, bytes, sha256, resumed: false };
}

interface ResolvedOptions extends DownloadFileOptions {
  destinationPath: string;
}

async function runDownload(options: ResolvedOptions): Promise<DownloadResult> {
  const { url, destinationPath, signal } = options;
  const expectedSha256 = options.sha256?.toLowerCase();
  if (expectedSha256 !== undefined && !/^[0-9a-f]{64}$/.test(expectedSha256)) {
    throw new BatonError('invalid-request', `"${options.sha256}" is not a SHA-256 checksum (64 hex digits).`);
  }
  const expectedBytes = options.expectedBytes;
  if (expectedBytes !== undefined && !(Number.isSafeInteger(expectedBytes) && expectedBytes >= 0)) {
    throw new BatonError('invalid-request', `expectedBytes must be a whole number of bytes, not ${expectedBytes}.`);
  }
  throwIfAborted(signal, url, 0);

  await mkdir(dirname(destinationPath), { recursive: true });
  const partialPath = partialPathOf(destinationPath);
  const verify = { url, destinationPath, partialPath, expectedSha256 };

  let partialBytes = (await fileSize(partialPath)) ?? 0;
  if (expectedBytes !== undefined && partialBytes > expectedBytes) {
    // Longer than the file can be: left by another version of the file. Nothing in it is usable.
    await rm(partialPath, { force: true });
    partialBytes = 0;
  }

  // The bytes already on disk are hashed before asking the server, so that the response body is
  // not left waiting (and a CDN idle timeout not tripped) while a multi-gigabyte partial is read.
  let partialHash = partialBytes > 0 ? await hashOfFile(partialPath, signal, url) : undefined;

  if (partialHash && expectedBytes !== undefined && partialBytes === expectedBytes) {
    // An earlier run received everything but stopped before the rename.
    return finishDownload(verify, partialHash, partialBytes, true);
  }

  // At most one restart: after a 416 for a partial that is not complete, or a 206 for the wrong range.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const resumeFrom = partialHash ? partialBytes : 0;
    const response = await request(url, resumeFrom, signal);

    if (response.status === 416 && resumeFrom > 0) {
      await discardBody(response);
      const total = parseUnsatisfiedRangeTotal(response.headers.get('content-range'));
      if (partialHash && total === resumeFrom && (expectedBytes === undefined || expectedBytes === total)) {
        // The server says the range starts at the end of the file: the partial is complete.
        return finishDownload(verify, partialHash, resumeFrom, true);
      }
      await rm(partialPath, { force: true });
      partialHash = undefined;
      partialBytes = 0;
      continue;
    }

    let mode: 'append' | 'restart';
    let serverTotal: number | null;
    const contentLength = parseContentLength(response.headers.get('content-length'));
    if (response.status === 206 && resumeFrom > 0) {
      const range = parseContentRange(response.headers.get('content-range'));
      if (!range || range.start !== resumeFrom) {
        await discardBody(response);
        await rm(partialPath, { force: true });
        partialHash = undefined;
        partialBytes = 0;
        continue;
      }
      mode = 'append';
      serverTotal = range.total ?? (contentLength === null ? null : resumeFrom + contentLength);
    } else if (response.status === 200) {
      // Also the answer of a server that ignores Range: its body is the whole file from byte 0.
      mode = 'restart';
      serverTotal = contentLength;
    } else {
      await discardBody(response);
      throw httpError(url, response);
    }

    if (expectedBytes !== undefined && serverTotal !== null && serverTotal !== expectedBytes) {
      await discardBody(response);
      throw new BatonError(
        'download-failed',
        `The server offers ${serverTotal} bytes for ${url}, but ${expectedBytes} were expected: the file may have changed upstream, or the catalog is out of date.`,
      );
    }
    const totalBytes = expectedBytes ?? serverTotal;
    const startBytes = mode === 'append' ? resumeFrom : 0;
    if (totalBytes !== null) await ensureFreeSpace(dirname(destinationPath), totalBytes - startBytes, response);

    const hash = mode === 'append' && partialHash ? partialHash : createHash('sha256');
    const receivedBytes = await receiveBody(response, {
      url,
      partialPath,
      mode,
      startBytes,
      totalBytes,
      hash,
      signal,
      onProgress: options.onProgress,
      progressIntervalMs: options.progressIntervalMs ?? defaultProgressIntervalMs,
    });

    if (totalBytes !== null && receivedBytes < totalBytes) {
      throw new BatonError(
        'download-failed',
        `The connection closed after ${receivedBytes} of ${totalBytes} bytes of ${url}; run the download again to resume.`,
        { retryable: true },
      );
    }
    return finishDownload(verify, hash, receivedBytes, mode === 'append');
  }
  throw new BatonError('download-failed', `The server would not resume ${url} from a consistent position.`, {
    retryable: true,
  });
}

interface ReceiveOptions {
  url: string;
  partialPath: string;
  mode: 'append' | 'restart';
  startBytes: number;
  totalBytes: number | null;
  hash: Hash;
  signal: AbortSignal | undefined;
  onProgress: ((progress: DownloadProgress) => void) | undefined;
  progressIntervalMs: number;
}

/** Streams the body into the partial file; returns the file's size when the body ends. */
async function receiveBody(response: Response, options: ReceiveOptions): Promise<number> {
  const { totalBytes, hash } = options;
  if (!response.body) throw new BatonError('download-failed', `The server sent no body for ${options.url}.`, { retryable: true });
  const handle = await openPartial(options.partialPath, options.mode === 'append' ? 'a' : 'w');
  const progress = createProgressReporter(options.onProgress, totalBytes, options.progressIntervalMs);
  let receivedBytes = options.startBytes;
  progress.update(receivedBytes, false);
  try {
    for await (const chunk of response.body) {
      if (totalBytes !== null && receivedBytes + chunk.byteLength > totalBytes) {
        throw new BatonError('download-failed', `The server sent more than the ${totalBytes} bytes expected for ${options.url}.`);
      }
      hash.update(chunk);
      await writeAll(handle, chunk, options.partialPath);
      receivedBytes += chunk.byteLength;
      progress.update(receivedBytes, false);
    }
    await handle.sync();
  } catch (error) {
    // Whatever arrived stays in the partial, flushed, so that a crash right after an interruption
    // does not leave a partial whose tail was never written (resuming would then skip those bytes).
    await closeAfterFailure(handle);
    throw transferError(error, options.signal, options.url, receivedBytes);
  }
  await handle.close();
  progress.update(receivedBytes, true);
  return receivedBytes;
}

interface VerifyTarget {
  url: string;
  destinationPath: string;
  partialPath: string;
  expectedSha256: string | undefined;
}

async function finishDownload(target: VerifyTarget, hash: Hash, bytes: number, resumed: boolean): Promise<DownloadResult> {
  const sha256 = hash.digest('hex');
  if (target.expectedSha256 !== undefined && sha256 !== target.expectedSha256) {
    await rm(target.partialPath, { force: true });
    throw new BatonError(
      'checksum-mismatch',
      `The download of ${target.url} does not match its checksum: expected SHA-256 ${target.expectedSha256}, got ${sha256} (${bytes} bytes). The partial file was deleted; the next attempt starts from the beginning.`,
    );
  }
  try {
    await rename(target.partialPath, target.destinationPath);
  } catch (error) {
    throw new BatonError('storage', `Cannot move ${target.partialPath} to ${target.destinationPath}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  await syncFolder(dirname(target.destinationPath));
  return { path: target.destinationPath, bytes, sha256, resumed };
}

async function request(url: string, resumeFrom: number, signal: AbortSignal | undefined): Promise<Response> {
  // identity: a compressed body would make the byte counts and ranges refer to different things.
  const headers: Record<string, string> = { 'accept-encoding': 'identity' };
  if (resumeFrom > 0) headers.range = `bytes=${resumeFrom}-`;
  try {
    return await fetch(url, { headers, redirect: 'follow', signal });
  } catch (error) {
    throw transferError(error, signal, url, resumeFrom);
  }
}

function httpError(url: string, response: Response): BatonError {
  const status = response.status;
  const retryable = status === 408 || status === 429 || status >= 500;
  const hint =
    status === 401 || status === 403
      ? ' The model may need an account, or its license accepted, on Hugging Face.'
      : status === 404
        ? ' The catalog entry may be out of date.'
        : '';
  return new BatonError('download-failed', `The server answered ${status} ${response.statusText} for ${url}.${hint}`, {
    retryable,
  });
}

function transferError(error: unknown, signal: AbortSignal | undefined, url: string, receivedBytes: number): BatonError {
  if (signal?.aborted) {
    const kept = receivedBytes > 0 ? ` after ${receivedBytes} bytes; they are kept to resume` : '';
    return new BatonError('aborted', `The download of ${url} was cancelled${kept}.`, { cause: error });
  }
  if (isBatonError(error)) return error;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const message = error instanceof Error ? error.message : String(error);
  const progress = receivedBytes > 0 ? ` after ${receivedBytes} bytes` : '';
  const advice = receivedBytes > 0 ? 'run it again to resume' : 'check the connection and try again';
  return new BatonError('download-failed', `The download of ${url} failed${progress} (${message}${cause}); ${advice}.`, {
    retryable: true,
    cause: error,
  });
}

function throwIfAborted(signal: AbortSignal | undefined, url: string, receivedBytes: number): void {
  if (signal?.aborted) throw transferError(signal.reason, signal, url, receivedBytes);
}

interface ProgressReporter {
  update(receivedBytes: number, final: boolean): void;
}

function createProgressReporter(
  onProgress: ((progress: DownloadProgress) => void) | undefined,
  totalBytes: number | null,
  intervalMs: number,
): ProgressReporter {
  const meter = new TransferRateMeter();
  let lastCallAt = Number.NEGATIVE_INFINITY;
  return {
    update(receivedBytes, final) {
      meter.record(receivedBytes);
      if (!onProgress) return;
      const now = performance.now();
      if (!final && now - lastCallAt < intervalMs) return;
      lastCallAt = now;
      onProgress({ receivedBytes, totalBytes, bytesPerSecond: meter.bytesPerSecond() });
    },
  };
}

async function hashOfFile(path: string, signal: AbortSignal | undefined, url: string): Promise<Hash> {
  const hash = createHash('sha256');
  await hashFileInto(hash, path, signal, url);
  return hash;
}

/** Feeds a file on disk into `hash`, checking the signal between chunks (a partial can be gigabytes). */
async function hashFileInto(hash: Hash, path: string, signal: AbortSignal | undefined, url: string): Promise<void> {
  const stream = createReadStream(path, { highWaterMark: hashReadChunkBytes });
  try {
    for await (const chunk of stream) {
      throwIfAborted(signal, url, 0);
      hash.update(chunk as Buffer);
    }
  } catch (error) {
    if (isBatonError(error)) throw error;
    throw new BatonError('storage', `Cannot read ${path}: ${(error as Error).message}`, { cause: error });
  } finally {
    stream.destroy();
  }
}

async function openPartial(path: string, flags: 'a' | 'w'): Promise<FileHandle> {
  try {
    return await open(path, flags);
  } catch (error) {
    throw new BatonError('storage', `Cannot write ${path}: ${(error as Error).message}`, { cause: error });
  }
}

async function writeAll(handle: FileHandle, chunk: Uint8Array, path: string): Promise<void> {
  let offset = 0;
  try {
    while (offset < chunk.byteLength) {
      const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
      offset += bytesWritten;
    }
  } catch (error) {
    throw new BatonError('storage', `Cannot write ${path}: ${(error as Error).message}`, { cause: error });
  }
}

async function closeAfterFailure(handle: FileHandle): Promise<void> {
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync of the folder makes the rename itself durable; Windows cannot open a folder for that. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some filesystems (network mounts, FUSE) refuse fsync on a folder. The file itself is
    // already synced and renamed, so only the crash guarantee of the rename is lost.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EPERM' && code !== 'EISDIR') throw error;
  } finally {
    await handle.close();
  }
}

async function ensureFreeSpace(folder: string, neededBytes: number, response: Response): Promise<void> {
  if (neededBytes <= 0) return;
  let freeBytes: number;
  try {
    const stats = await statfs(folder);
    freeBytes = Number(stats.bavail) * Number(stats.bsize);
  } catch (error) {
    // Not every filesystem can report free space; a full disk then shows up as a write error instead.
    if ((error as NodeJS.ErrnoException).code !== undefined) return;
    throw error;
  }
  if (freeBytes < neededBytes) {
    await discardBody(response);
    throw new BatonError(
      'storage',
      `Not enough free disk space in ${folder}: the download needs ${formatMegabytes(neededBytes)} more, ${formatMegabytes(freeBytes)} are free.`,
    );
  }
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** Cancelling a body that will not be read frees its connection. */
async function discardBody(response: Response): Promise<void> {
  if (!response.body || response.body.locked) return;
  try {
    await response.body.cancel();
  } catch (error) {
    // A body whose connection already failed rejects cancel() with that failure: there is nothing
    // left to free, and the caller is about to report (or recover from) the reason that matters.
    if (!(error instanceof Error)) throw error;
  }
}

async function fileSize(path: string): Promise<number | null> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats.size : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new BatonError('storage', `Cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function parseContentLength(header: string | null): number | null {
  if (header === null || !/^\d+$/.test(header.trim())) return null;
  return Number(header.trim());
}

/** `bytes START-END/TOTAL`, TOTAL possibly `*`. */
function parseContentRange(header: string | null): { start: number; end: number; total: number | null } | undefined {
  const match = header ? /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(header.trim()) : null;
  if (!match) return undefined;
  return { start: Number(match[1]), end: Number(match[2]), total: match[3] === '*' ? null : Number(match[3]) };
}

/** `bytes * /TOTAL` (without the space), sent with a 416. */
function parseUnsatisfiedRangeTotal(header: string | null): number | null {
  const match = header ? /^bytes\s+\*\/(\d+)$/i.exec(header.trim()) : null;
  return match ? Number(match[1]) : null;
}
