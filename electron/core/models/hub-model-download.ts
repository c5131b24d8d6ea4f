/**
 * Installs a model folder in the transformers.js layout (config.json, tokenizer files, onnx/...)
 * from a Hugging Face repository: every file from `<base>/<repo>/resolve/main/<path>` (Hugging
 * Face, or BATON_HF_BASE_URL), each one through the project's downloadFile (resume by HTTP Range,
 * size and checksum checks, progress, AbortSignal). The files land in a staging folder first,
 * which is renamed into place only once every file is complete, so an interrupted pull never
 * leaves a half model that Baton would try to load. The shield's NER models and the embedding
 * models of document search install this way. node-llama-cpp's createModelDownloader is not
 * used: it is made for GGUF files, and model-downloader.ts is what Baton's own pulls already use.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { BatonError, isBatonError } from '../../shared/errors.js';
import type { HubModelFile } from './hub-model-files.js';
import { downloadFile, type DownloadProgress } from './model-downloader.js';
import { TransferRateMeter } from './transfer-rate-meter.js';


/** What to install, and where. */
export interface HubModelInstall {
  id: string;
  /** The Hugging Face repository the files come from. */
  repo: string;
  files: HubModelFile[];
  /** The weights file, whose approximate size `bytes` is, until the server says. */
  onnxFile: string;
  bytes: number;
  /** The model folder, and where its files wait until all are complete. */
  target: string;
  staging: string;
  /** What the model is, in messages: "NER model", "embedding model". */
  noun: string;
}

/** Moves every NER download to another host (a mirror, or a test server on 127.0.0.1). */
export const huggingFaceBaseUrlVariable = 'BATON_HF_BASE_URL';
const defaultHuggingFaceBaseUrl = 'https://huggingface.co';

/** All files together in receivedBytes and totalBytes (an estimate until the last file's size is known), and the current file. */
export interface HubModelDownloadProgress extends DownloadProgress {
  /** The file being downloaded, relative to the model folder. */
  file: string;
  /** 1 for the first file. */
  fileNumber: number;
  fileCount: number;
  /** The current file alone. */
  fileProgress: DownloadProgress;
}

export interface HubModelDownloadOptions {
  /** Default: BATON_HF_BASE_URL, else https://huggingface.co. */
  baseUrl?: string;
  signal?: AbortSignal;
  onProgress?: (progress: HubModelDownloadProgress) => void;
  /** Least milliseconds between two progress calls of one file (default 100). */
  progressIntervalMs?: number;
}

export interface HubModelDownloadResult {
  id: string;
  /** The model folder. */
  path: string;
  files: Array<{ path: string; bytes: number }>;
  bytes: number;
  /** True when files or bytes kept from an earlier, interrupted pull were reused. */
  resumed: boolean;
  /** True when the model was already installed and verified, so nothing was downloaded. */
  skipped: boolean;
}

/** Model folders being installed by this process: two pulls of one model would share a staging folder. */
const activeInstalls = new Set<string>();

/** BATON_HF_BASE_URL when set, else https://huggingface.co; without a trailing slash. */
export function resolveHuggingFaceBaseUrl(environment: NodeJS.ProcessEnv = process.env): string {
  const value = environment[huggingFaceBaseUrlVariable] || defaultHuggingFaceBaseUrl;
  if (!URL.canParse(value) || !['http:', 'https:'].includes(new URL(value).protocol)) {
    throw new BatonError('configuration', `${huggingFaceBaseUrlVariable} must be an http or https URL, not "${value}".`);
  }
  return value.replace(/\/+$/, '');
}

/** `<base>/<repo>/resolve/main/<path>`: where Hugging Face serves a file of a repository. */
export function huggingFaceFileUrl(baseUrl: string, repo: string, path: string): string {
  const encodedPath = path.split('/').map(encodeURIComponent).join('/');
  return `${baseUrl.replace(/\/+$/, '')}/${repo}/resolve/main/${encodedPath}`;
}

/**
 * Downloads every file and installs the model folder at `install.target`. A model already there
 * whose files all verify is kept without any network traffic; an incomplete folder there is
 * replaced once the new files are complete. A failure that a retry may fix (a dropped connection,
 * a cancel) keeps the files received so far for the next pull; any other failure discards them.
 */
export async function downloadHubModel(install: HubModelInstall, options: HubModelDownloadOptions = {}): Promise<HubModelDownloadResult> {
  const key = resolve(install.target);
  if (activeInstalls.has(key)) {
    throw new BatonError('download-failed', `The ${install.noun} ${install.id} is already being downloaded.`, { retryable: true });
  }
  activeInstalls.add(key);
  try {
    return await installModel(install, options);
  } finally {
    activeInstalls.delete(key);
  }
}

async function installModel(install: HubModelInstall, options: HubModelDownloadOptions): Promise<HubModelDownloadResult> {
  const files = downloadOrder(install.files);
  const installed = await verifiedFolder(install.target, files, options.signal);
  if (installed) return result(install, installed, { resumed: false, skipped: true });

  const baseUrl = options.baseUrl ?? resolveHuggingFaceBaseUrl();
  try {
    const downloaded = await downloadFiles(install, files, baseUrl, options);
    await moveIntoPlace(install.staging, install.target);
    return result(install, downloaded.files, { resumed: downloaded.resumed, skipped: false });
  } catch (error) {
    throw await installError(error, install);
  }
}

/** The small files first, so that a wrong repository fails in a second, not after the weights. */
function downloadOrder(files: readonly HubModelFile[]): HubModelFile[] {
  const isWeights = (file: HubModelFile) => file.path.endsWith('.onnx');
  return [...files.filter((file) => !isWeights(file)), ...files.filter(isWeights)];
}

async function downloadFiles(
  install: HubModelInstall,
  files: HubModelFile[],
  baseUrl: string,
  options: HubModelDownloadOptions,
): Promise<{ files: Array<{ path: string; bytes: number }>; resumed: boolean }> {
  // The best size known for each file: exact once done or once the server says, else the
  // catalog's figure (the ONNX file's approximate size), else 0 for a small file not yet asked for.
  const sizes = files.map((file) => file.bytes ?? (file.path === install.onnxFile ? install.bytes : 0));
  const meter = new TransferRateMeter();
  const completed: Array<{ path: string; bytes: number }> = [];
  let resumed = false;
  for (const [index, file] of files.entries()) {
    const destinationPath = join(install.staging, file.path);
    const kept = await verifiedFileSize(destinationPath, file, options.signal);
    if (kept !== undefined) {
      sizes[index] = kept;
      completed.push({ path: file.path, bytes: kept });
      resumed = true;
      continue;
    }
    // A file there that does not verify (a changed catalog, a damaged disk) is fetched again.
    await rm(destinationPath, { force: true });
    const completedBytes = sum(sizes.slice(0, index));
    const url = huggingFaceFileUrl(baseUrl, install.repo, file.path);
    const download = await downloadFile({
      url,
      destinationPath,
      expectedBytes: file.bytes,
      sha256: file.sha256,
      signal: options.signal,
      progressIntervalMs: options.progressIntervalMs,
      onProgress: (fileProgress) => {
        if (fileProgress.totalBytes !== null) sizes[index] = fileProgress.totalBytes;
        const receivedBytes = completedBytes + fileProgress.receivedBytes;
        meter.record(receivedBytes);
        options.onProgress?.({
          receivedBytes,
          totalBytes: Math.max(receivedBytes, sum(sizes)),
          bytesPerSecond: meter.bytesPerSecond(),
          file: file.path,
          fileNumber: index + 1,
          fileCount: files.length,
          fileProgress,
        });
      },
    });
    await assertValidJson(destinationPath, file, url);
    sizes[index] = download.bytes;
    completed.push({ path: file.path, bytes: download.bytes });
    resumed ||= download.resumed;
  }
  return { files: completed, resumed };
}

/** The files when every one is there and verifies (size, checksum, JSON); else undefined. */
async function verifiedFolder(
  folder: string,
  files: HubModelFile[],
  signal: AbortSignal | undefined,
): Promise<Array<{ path: string; bytes: number }> | undefined> {
  const verified: Array<{ path: string; bytes: number }> = [];
  for (const file of files) {
    const bytes = await verifiedFileSize(join(folder, file.path), file, signal);
    if (bytes === undefined) return undefined;
    verified.push({ path: file.path, bytes });
  }
  return verified;
}

/** The file's size when it is there and matches what the catalog says of it; else undefined. */
async function verifiedFileSize(path: string, file: HubModelFile, signal: AbortSignal | undefined): Promise<number | undefined> {
  const bytes = await fileSize(path);
  if (bytes === undefined) return undefined;
  if (file.bytes !== undefined && bytes !== file.bytes) return undefined;
  if (file.sha256 !== undefined && (await sha256OfFile(path, signal)) !== file.sha256) return undefined;
  if (isJson(file) && (await jsonProblem(path)) !== undefined) return undefined;
  return bytes;
}

/**
 * A JSON file that does not parse arrived cut short (a server that closed the connection without
 * announcing a length) or is not what the catalog expects: deleted, so the next pull fetches it again.
 */
async function assertValidJson(path: string, file: HubModelFile, url: string): Promise<void> {
  if (!isJson(file)) return;
  const problem = await jsonProblem(path);
  if (problem === undefined) return;
  await rm(path, { force: true });
  throw new BatonError(
    'download-failed',
    `${file.path} from ${url} is not valid JSON (${problem}): it arrived cut short or is not the file the catalog expects. It was deleted; pull again to fetch it anew.`,
    { retryable: true },
  );
}

function isJson(file: HubModelFile): boolean {
  return file.path.endsWith('.json');
}

async function jsonProblem(path: string): Promise<string | undefined> {
  try {
    JSON.parse(await readFile(path, 'utf8'));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Renames the complete staging folder to the target, moving an incomplete target out of the way first. */
async function moveIntoPlace(staging: string, target: string): Promise<void> {
  const replaced = `${staging}.replaced`;
  const targetExists = (await stat(target).catch(ignoreMissing)) !== undefined;
  try {
    if (targetExists) {
      await rm(replaced, { recursive: true, force: true });
      await rename(target, replaced);
    }
    try {
      await rename(staging, target);
    } catch (error) {
      if (targetExists) await rename(replaced, target);
      throw error;
    }
    await rm(replaced, { recursive: true, force: true });
  } catch (error) {
    // Retryable, so the complete download is kept: on Windows a scanner holding a file is a common cause.
    throw new BatonError('storage', `Cannot move ${staging} to ${target}: ${(error as Error).message}`, { cause: error, retryable: true });
  }
  await removeIfEmpty(dirname(staging));
}

/** Names the model in the message; discards the staging folder unless a retry can resume from it. */
async function installError(error: unknown, install: HubModelInstall): Promise<BatonError> {
  const { staging } = install;
  const cause = isBatonError(error)
    ? error
    : new BatonError('storage', error instanceof Error ? error.message : String(error), { cause: error });
  if (!cause.retryable && cause.code !== 'aborted') {
    await rm(staging, { recursive: true, force: true });
    await removeIfEmpty(dirname(staging));
  }
  return new BatonError(cause.code, `Cannot install the ${install.noun} ${install.id}: ${cause.message}`, { retryable: cause.retryable, cause: error });
}

function result(install: HubModelInstall, files: Array<{ path: string; bytes: number }>, flags: { resumed: boolean; skipped: boolean }): HubModelDownloadResult {
  return { id: install.id, path: install.target, files, bytes: sum(files.map((file) => file.bytes)), ...flags };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

async function fileSize(path: string): Promise<number | undefined> {
  const stats = await stat(path).catch(ignoreMissing);
  return stats?.isFile() ? stats.size : undefined;
}

async function sha256OfFile(path: string, signal: AbortSignal | undefined): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path, { signal })) hash.update(chunk as Buffer);
  } catch (error) {
    if (signal?.aborted) throw new BatonError('aborted', `Checking ${path} was cancelled.`, { cause: error });
    throw new BatonError('storage', `Cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  return hash.digest('hex');
}

/** The `.partial` parent once its last pull is done; another pull still in it keeps it. */
async function removeIfEmpty(folder: string): Promise<void> {
  try {
    await rmdir(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') throw error;
  }
}

function ignoreMissing(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  throw new BatonError('storage', (error as Error).message, { cause: error });
}
