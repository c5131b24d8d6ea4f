import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatonError } from '../../electron/shared/errors.js';
import type { CatalogEntry, ModelCatalog } from '../../electron/core/models/model-catalog.js';
import { LocalModelStore } from '../../electron/core/models/local-model-store.js';

const catalogEntry: CatalogEntry = {
  id: 'qwen2.5-0.5b-instruct-q4_k_m',
  name: 'Qwen2.5 0.5B Instruct (Q4_K_M)',
  description: '',
  uri: 'https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf',
  fileName: 'qwen2.5-0.5b-instruct-q4_k_m.gguf',
  bytes: 491_400_032,
  bytesExact: true,
  quantization: 'Q4_K_M',
  parameters: '0.5B',
  contextLength: 32768,
  license: 'apache-2.0',
  minRamGiB: 2,
  sha256: null,
};
const catalog: ModelCatalog = { models: [catalogEntry] };

let modelsDir: string;
let store: LocalModelStore;
beforeEach(async () => {
  modelsDir = join(await mkdtemp(join(tmpdir(), 'baton-store-')), 'models');
  await mkdir(modelsDir);
  store = new LocalModelStore(modelsDir, catalog);
});
afterEach(async () => {
  await rm(join(modelsDir, '..'), { recursive: true, force: true });
});

describe('LocalModelStore', () => {
  it('lists .gguf files, with catalog ids where the file is a catalog model, and ignores partials', async () => {
    await writeFile(join(modelsDir, 'stories260K.gguf'), Buffer.alloc(10));
    await writeFile(join(modelsDir, 'qwen2.5-0.5b-instruct-q4_k_m.gguf'), Buffer.alloc(20));
    await writeFile(join(modelsDir, 'Llama-3.2-1B-Instruct-Q4_K_M.gguf.partial'), Buffer.alloc(5));
    await writeFile(join(modelsDir, 'notes.txt'), 'not a model');
    await mkdir(join(modelsDir, 'folder.gguf'));

    expect(await store.list()).toEqual([
      {
        id: 'qwen2.5-0.5b-instruct-q4_k_m',
        fileName: 'qwen2.5-0.5b-instruct-q4_k_m.gguf',
        path: join(modelsDir, 'qwen2.5-0.5b-instruct-q4_k_m.gguf'),
        bytes: 20,
        catalogEntry,
      },
      { id: 'stories260K', fileName: 'stories260K.gguf', path: join(modelsDir, 'stories260K.gguf'), bytes: 10 },
    ]);
    expect(await store.listPartialDownloads()).toEqual([
      {
        fileName: 'Llama-3.2-1B-Instruct-Q4_K_M.gguf',
        path: join(modelsDir, 'Llama-3.2-1B-Instruct-Q4_K_M.gguf.partial'),
        bytes: 5,
      },
    ]);
  });

  it('lists nothing when the models folder does not exist yet', async () => {
    expect(await new LocalModelStore(join(modelsDir, 'absent')).list()).toEqual([]);
  });

  it('resolves an id, or a file name, to a path', async () => {
    await writeFile(join(modelsDir, 'qwen2.5-0.5b-instruct-q4_k_m.gguf'), Buffer.alloc(20));
    await writeFile(join(modelsDir, 'stories260K.gguf'), Buffer.alloc(10));
    expect(await store.resolvePath('qwen2.5-0.5b-instruct-q4_k_m')).toBe(join(modelsDir, 'qwen2.5-0.5b-instruct-q4_k_m.gguf'));
    expect(await store.resolvePath('stories260K')).toBe(join(modelsDir, 'stories260K.gguf'));
    expect(await store.resolvePath('stories260K.gguf')).toBe(join(modelsDir, 'stories260K.gguf'));
  });

  it('says what is downloaded when an id is not', async () => {
    await writeFile(join(modelsDir, 'stories260K.gguf'), Buffer.alloc(10));
    const error = await store.resolve('qwen2.5-0.5b-instruct-q4_k_m').catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(BatonError);
    expect((error as BatonError).code).toBe('model-not-found');
    expect((error as BatonError).message).toContain('baton models pull qwen2.5-0.5b-instruct-q4_k_m');
    expect((error as BatonError).message).toContain('Downloaded models: stories260K.');
  });

  it('deletes a model together with any partial download of it', async () => {
    const path = join(modelsDir, 'qwen2.5-0.5b-instruct-q4_k_m.gguf');
    await writeFile(path, Buffer.alloc(20));
    await writeFile(`${path}.partial`, Buffer.alloc(3));
    await store.deleteModel('qwen2.5-0.5b-instruct-q4_k_m');
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.partial`)).toBe(false);
    expect(await store.list()).toEqual([]);
  });

  it('discards the partial of a catalog model that never finished', async () => {
    const partialPath = join(modelsDir, 'qwen2.5-0.5b-instruct-q4_k_m.gguf.partial');
    await writeFile(partialPath, Buffer.alloc(3));
    await store.deleteModel('qwen2.5-0.5b-instruct-q4_k_m');
    expect(existsSync(partialPath)).toBe(false);
  });

  it('refuses to delete what is not there', async () => {
    const error = await store.deleteModel('nothing').catch((reason: unknown) => reason);
    expect((error as BatonError).code).toBe('model-not-found');
  });
});
