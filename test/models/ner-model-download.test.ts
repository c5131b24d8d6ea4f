/**
 * `downloadNerModel` against a fake Hugging Face repository on 127.0.0.1: what lands in
 * `<dataDir>/ner/<id>/`, resume by Range, cancel, and failures that leave no installed folder.
 * The ONNX file is arbitrary bytes and is never loaded.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findInstalledNerModel } from '../../electron/core/privacy/ner/installed-ner-model.js';
import {
  loadNerCatalog,
  nerCatalogEntrySchema,
  nerModelFiles,
  type NerCatalogEntry,
} from '../../electron/core/privacy/ner/ner-catalog.js';
import { huggingFaceFileUrl, resolveHuggingFaceBaseUrl, type HubModelDownloadProgress } from '../../electron/core/models/hub-model-download.js';
import { downloadNerModel, nerModelStagingFolder } from '../../electron/core/privacy/ner/ner-model-download.js';
import { BatonError } from '../../electron/shared/errors.js';
import { fakeNerRepositoryFiles, startFakeHuggingFaceServer, type FakeHuggingFaceServer } from '../support/fake-hugging-face-server.js';

const catalog = loadNerCatalog();
const entry = catalog.find((candidate) => candidate.id === 'bert-base-multilingual-cased-ner-hrl')!;
const repositoryFiles = fakeNerRepositoryFiles(entry.repo);
const onnxPath = 'onnx/model_quantized.onnx';
const listedFiles = ['config.json', 'onnx/model_quantized.onnx', 'tokenizer.json', 'tokenizer_config.json'];

let server: FakeHuggingFaceServer;
let dataDir: string;
let modelFolder: string;

beforeAll(async () => {
  server = await startFakeHuggingFaceServer(repositoryFiles);
});
afterAll(() => server.close());
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'baton-ner-download-'));
  modelFolder = join(dataDir, 'ner', entry.id);
  server.files.clear();
  for (const [key, value] of Object.entries(repositoryFiles)) server.files.set(key, value);
  for (const key of Object.keys(server.behavior) as Array<keyof typeof server.behavior>) delete server.behavior[key];
  server.requests.length = 0;
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

function pull(options: Parameters<typeof downloadNerModel>[2] = {}, model: NerCatalogEntry = entry) {
  return downloadNerModel(model, dataDir, { baseUrl: server.origin, ...options });
}

async function rejection(promise: Promise<unknown>): Promise<BatonError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(BatonError);
  return error as BatonError;
}

/** Every file under a folder, relative and sorted. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((found) => found.isFile())
    .map((found) => join(found.parentPath, found.name).slice(folder.length + 1))
    .sort();
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function served(path: string): Buffer {
  return repositoryFiles[`${entry.repo}/${path}`]!;
}

async function expectNothingInstalled(): Promise<void> {
  expect(existsSync(modelFolder)).toBe(false);
  expect(findInstalledNerModel({ dataDir, catalog })).toBeUndefined();
}

describe('downloadNerModel', () => {
  it('writes exactly the listed files into <dataDir>/ner/<id>/, where findInstalledNerModel finds them', async () => {
    const progress: HubModelDownloadProgress[] = [];
    const result = await pull({ onProgress: (update) => progress.push(update), progressIntervalMs: 0 });

    expect(await filesUnder(modelFolder)).toEqual(listedFiles);
    for (const path of listedFiles) expect(await readFile(join(modelFolder, path))).toEqual(served(path));
    // Nothing else is left in ner/: the staging folder is gone.
    expect(await readdir(join(dataDir, 'ner'))).toEqual([entry.id]);
    expect(findInstalledNerModel({ dataDir, catalog })).toEqual({ path: modelFolder, dtype: 'q8' });

    const totalBytes = listedFiles.reduce((sum, path) => sum + served(path).byteLength, 0);
    expect(result).toMatchObject({ id: entry.id, path: modelFolder, bytes: totalBytes, resumed: false, skipped: false });
    expect(result.files.map((file) => file.path).sort()).toEqual(listedFiles);

    // The small files first, the weights last, each from resolve/main (the ONNX file through the CDN redirect).
    const base = `/${entry.repo}/resolve/main`;
    expect(server.requests.map((request) => request.path)).toEqual([
      `${base}/config.json`,
      `${base}/tokenizer.json`,
      `${base}/tokenizer_config.json`,
      `${base}/${onnxPath}`,
      `/cdn/${entry.repo}/${onnxPath}`,
    ]);

    // Progress per file and in total: the total only grows, and ends exact.
    expect([...new Set(progress.map((update) => update.fileNumber))]).toEqual([1, 2, 3, 4]);
    expect(progress.every((update) => update.fileCount === 4)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ file: onnxPath, receivedBytes: totalBytes, totalBytes });
    expect(progress.at(-1)!.fileProgress).toMatchObject({ receivedBytes: served(onnxPath).byteLength, totalBytes: served(onnxPath).byteLength });
    for (let index = 1; index < progress.length; index += 1) {
      expect(progress[index]!.receivedBytes).toBeGreaterThanOrEqual(progress[index - 1]!.receivedBytes);
    }
    expect(progress.every((update) => update.totalBytes !== null && update.totalBytes >= update.receivedBytes)).toBe(true);
  });

  it('keeps an installed model without any request', async () => {
    await pull();
    const requestsAfterFirst = server.requests.length;
    const again = await pull();
    expect(again).toMatchObject({ path: modelFolder, skipped: true });
    expect(server.requests.length).toBe(requestsAfterFirst);
  });

  it('resumes an interrupted pull with a Range request, without fetching the finished files again', async () => {
    Object.assign(server.behavior, { faultyFile: onnxPath, dropAfterBytes: 100_000 });
    const failure = await rejection(pull());
    expect(failure.code).toBe('download-failed');
    expect(failure.retryable).toBe(true);
    expect(failure.message).toContain(`Cannot install the NER model ${entry.id}`);
    await expectNothingInstalled();
    // What arrived waits in the hidden staging folder, which is never taken for a model.
    const staging = nerModelStagingFolder(dataDir, entry.id);
    expect(await filesUnder(staging)).toEqual(['config.json', 'onnx/model_quantized.onnx.partial', 'tokenizer.json', 'tokenizer_config.json']);
    const partialBytes = (await stat(join(staging, `${onnxPath}.partial`))).size;
    expect(partialBytes).toBeGreaterThan(0);
    expect(partialBytes).toBeLessThanOrEqual(100_000);

    Object.assign(server.behavior, { dropAfterBytes: undefined });
    server.requests.length = 0;
    const result = await pull();
    expect(server.requests).toEqual([
      { method: 'GET', path: `/${entry.repo}/resolve/main/${onnxPath}`, range: `bytes=${partialBytes}-` },
      { method: 'GET', path: `/cdn/${entry.repo}/${onnxPath}`, range: `bytes=${partialBytes}-` },
    ]);
    expect(result.resumed).toBe(true);
    expect(await readFile(join(modelFolder, onnxPath))).toEqual(served(onnxPath));
    expect(await filesUnder(modelFolder)).toEqual(listedFiles);
    expect(await readdir(join(dataDir, 'ner'))).toEqual([entry.id]);
  });

  it('stops on abort, installs nothing, and the next pull resumes', async () => {
    Object.assign(server.behavior, { faultyFile: onnxPath, stallAfterBytes: 50_000 });
    const controller = new AbortController();
    const stalled = server.stalled();
    const download = pull({ signal: controller.signal });
    await stalled;
    const partialPath = join(nerModelStagingFolder(dataDir, entry.id), `${onnxPath}.partial`);
    await waitFor(async () => existsSync(partialPath) && (await stat(partialPath)).size === 50_000);
    controller.abort();
    const failure = await rejection(download);
    expect(failure.code).toBe('aborted');
    await expectNothingInstalled();

    Object.assign(server.behavior, { stallAfterBytes: undefined });
    const result = await pull();
    expect(server.requests.at(-1)?.range).toBe('bytes=50000-');
    expect(result.resumed).toBe(true);
    expect(await readFile(join(modelFolder, onnxPath))).toEqual(served(onnxPath));
  });

  it('fails with the status and the file on a 404, and leaves no folder behind', async () => {
    server.files.delete(`${entry.repo}/tokenizer_config.json`);
    const failure = await rejection(pull());
    expect(failure.code).toBe('download-failed');
    expect(failure.retryable).toBe(false);
    expect(failure.message).toContain(`Cannot install the NER model ${entry.id}`);
    expect(failure.message).toContain('404');
    expect(failure.message).toContain('tokenizer_config.json');
    await expectNothingInstalled();
    // A failure a retry cannot fix discards the staging folder too.
    expect(await readdir(join(dataDir, 'ner'))).toEqual([]);
    // The weights were never asked for.
    expect(server.requests.some((request) => request.path.endsWith('.onnx'))).toBe(false);
  });

  it('fails on a truncated JSON file, deletes it and installs nothing', async () => {
    const tokenizer = served('tokenizer.json');
    server.files.set(`${entry.repo}/tokenizer.json`, tokenizer.subarray(0, tokenizer.byteLength - 20));
    const failure = await rejection(pull());
    expect(failure.code).toBe('download-failed');
    expect(failure.message).toContain('tokenizer.json');
    expect(failure.message).toContain('not valid JSON');
    await expectNothingInstalled();
    expect(existsSync(join(nerModelStagingFolder(dataDir, entry.id), 'tokenizer.json'))).toBe(false);

    server.files.set(`${entry.repo}/tokenizer.json`, tokenizer);
    await pull();
    expect(await readFile(join(modelFolder, 'tokenizer.json'))).toEqual(tokenizer);
  });

  it('fails on weights shorter than the catalog says, and on a checksum mismatch, installing nothing', async () => {
    const onnxBytes = served(onnxPath).byteLength;
    const withFiles = (onnx: { bytes?: number; sha256?: string }): NerCatalogEntry =>
      nerCatalogEntrySchema.parse({ ...entry, files: [...nerModelFiles(entry).filter((file) => file.path !== onnxPath), { path: onnxPath, ...onnx }] });

    const short = await rejection(pull({}, withFiles({ bytes: onnxBytes + 1000 })));
    expect(short.code).toBe('download-failed');
    expect(short.message).toContain(`${onnxBytes + 1000} were expected`);
    await expectNothingInstalled();

    const mismatch = await rejection(pull({}, withFiles({ sha256: 'a'.repeat(64) })));
    expect(mismatch.code).toBe('checksum-mismatch');
    await expectNothingInstalled();
    expect(await readdir(join(dataDir, 'ner'))).toEqual([]);
  });

  it('replaces an incomplete folder of the same id once the new files are complete', async () => {
    await mkdir(modelFolder, { recursive: true });
    await writeFile(join(modelFolder, 'config.json'), '{}');
    const result = await pull();
    expect(result.skipped).toBe(false);
    expect(await filesUnder(modelFolder)).toEqual(listedFiles);
    expect(await readFile(join(modelFolder, 'config.json'))).toEqual(served('config.json'));
    expect(await readdir(join(dataDir, 'ner'))).toEqual([entry.id]);
  });

  it('refuses a second pull of the same model while the first runs', async () => {
    Object.assign(server.behavior, { faultyFile: onnxPath, stallAfterBytes: 10_000 });
    const controller = new AbortController();
    const stalled = server.stalled();
    const first = pull({ signal: controller.signal });
    await stalled;
    const second = await rejection(pull());
    expect(second.message).toContain('already being downloaded');
    controller.abort();
    expect((await rejection(first)).code).toBe('aborted');
  });
});

describe('NER download configuration', () => {
  it('takes the base URL from BATON_HF_BASE_URL, else huggingface.co, and refuses anything but http(s)', () => {
    expect(resolveHuggingFaceBaseUrl({})).toBe('https://huggingface.co');
    expect(resolveHuggingFaceBaseUrl({ BATON_HF_BASE_URL: 'http://127.0.0.1:8080/' })).toBe('http://127.0.0.1:8080');
    expect(() => resolveHuggingFaceBaseUrl({ BATON_HF_BASE_URL: 'file:///tmp' })).toThrow(/BATON_HF_BASE_URL/);
    expect(huggingFaceFileUrl('https://huggingface.co', entry.repo, onnxPath)).toBe(
      'https://huggingface.co/Xenova/bert-base-multilingual-cased-ner-hrl/resolve/main/onnx/model_quantized.onnx',
    );
  });

  it('downloads the transformers.js layout by default, and checks a files list for what the shield needs', () => {
    expect(nerModelFiles(entry).map((file) => file.path)).toEqual(['config.json', 'tokenizer.json', 'tokenizer_config.json', onnxPath]);
    expect(nerCatalogEntrySchema.safeParse({ ...entry, files: [{ path: 'tokenizer.json' }, { path: onnxPath }] }).success).toBe(false);
    expect(nerCatalogEntrySchema.safeParse({ ...entry, files: [{ path: '../config.json' }] }).success).toBe(false);
    const listed = { ...entry, files: [{ path: 'config.json' }, { path: 'tokenizer.json', bytes: 10 }, { path: onnxPath, sha256: 'b'.repeat(64) }] };
    expect(nerModelFiles(nerCatalogEntrySchema.parse(listed))).toEqual(listed.files);
  });

  it('never takes a hidden folder under ner/ for a model', async () => {
    for (const folder of ['.partial/some-model', '.hidden']) {
      for (const path of ['config.json', 'tokenizer.json', onnxPath]) {
        await mkdir(join(dataDir, 'ner', folder, 'onnx'), { recursive: true });
        await writeFile(join(dataDir, 'ner', folder, path), '{}');
      }
    }
    expect(findInstalledNerModel({ dataDir, catalog })).toBeUndefined();
  });
});
