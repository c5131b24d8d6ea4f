import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatonError } from '../../electron/shared/errors.js';
import {
  defaultCatalogPath,
  findCatalogEntry,
  findCatalogEntryByFileName,
  loadCatalog,
  type ModelCatalog,
} from '../../electron/core/models/model-catalog.js';

const validEntry = {
  id: 'stories260k',
  name: 'stories260K',
  description: 'A tiny test model.',
  uri: 'http://127.0.0.1:9/files/model.gguf',
  fileName: 'stories260K.gguf',
  bytes: 1_185_376,
  quantization: 'F32',
  parameters: '260K',
  contextLength: 512,
  license: 'mit',
  minRamGiB: 1,
  sha256: '270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d',
};

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'baton-catalog-'));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(folder, { recursive: true, force: true });
});

async function writeCatalog(content: unknown): Promise<string> {
  const path = join(folder, 'catalog.json');
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function thrown(action: () => unknown): BatonError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(BatonError);
    return error as BatonError;
  }
  throw new Error('expected an error');
}

describe('the shipped catalog', () => {
  const catalog = loadCatalog(defaultCatalogPath());

  it('parses, with several sizes of chat model', () => {
    expect(catalog.models.length).toBeGreaterThanOrEqual(6);
    const parameterCounts = new Set(catalog.models.map((entry) => entry.parameters));
    expect(parameterCounts.size).toBeGreaterThanOrEqual(4);
  });

  it('points every entry at the exact file on Hugging Face', () => {
    for (const entry of catalog.models) {
      expect(entry.uri).toMatch(/^https:\/\/huggingface\.co\/[^/]+\/[^/]+\/resolve\/main\//);
      expect(entry.uri.endsWith(`/${entry.fileName}`)).toBe(true);
      expect(entry.id).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
      expect(entry.bytesExact || entry.sha256 === null).toBe(true);
    }
  });
});

describe('loadCatalog', () => {
  it('reads BATON_CATALOG when no path is given', async () => {
    const path = await writeCatalog({ models: [validEntry] });
    vi.stubEnv('BATON_CATALOG', path);
    const catalog = loadCatalog();
    expect(catalog.models.map((entry) => entry.id)).toEqual(['stories260k']);
    expect(catalog.models[0]!.bytesExact).toBe(true);
  });

  it('names the file when it is not JSON', async () => {
    const path = await writeCatalog('{ "models": [ ');
    const error = thrown(() => loadCatalog(path));
    expect(error.code).toBe('configuration');
    expect(error.message).toContain(path);
  });

  it('says which field of which entry is wrong', async () => {
    const path = await writeCatalog({ models: [validEntry, { ...validEntry, id: 'other', fileName: 'other.gguf', sha256: 'abc' }] });
    const error = thrown(() => loadCatalog(path));
    expect(error.code).toBe('configuration');
    expect(error.message).toContain('models[1].sha256');
    expect(error.message).toContain('64 lower-case hex digits');
  });

  it('rejects a file name that could leave the models folder', async () => {
    const path = await writeCatalog({ models: [{ ...validEntry, fileName: '../escape.gguf' }] });
    expect(thrown(() => loadCatalog(path)).message).toContain('fileName');
  });

  it('rejects duplicate ids', async () => {
    const path = await writeCatalog({ models: [validEntry, { ...validEntry, fileName: 'copy.gguf' }] });
    expect(thrown(() => loadCatalog(path)).message).toContain('duplicate id "stories260k"');
  });

  it('names a missing file', () => {
    const path = join(folder, 'absent.json');
    expect(thrown(() => loadCatalog(path)).message).toContain(path);
  });
});

describe('findCatalogEntry', () => {
  const catalog: ModelCatalog = {
    models: [
      { ...validEntry, bytesExact: true },
      { ...validEntry, id: 'second', fileName: 'second.gguf', bytesExact: true },
    ],
  };

  it('finds an entry by id and by file name', () => {
    expect(findCatalogEntry(catalog, 'second').fileName).toBe('second.gguf');
    expect(findCatalogEntryByFileName(catalog, 'stories260K.gguf')?.id).toBe('stories260k');
  });

  it('lists the known ids for an unknown one', () => {
    const error = thrown(() => findCatalogEntry(catalog, 'nope'));
    expect(error.code).toBe('model-not-found');
    expect(error.message).toContain('"nope"');
    expect(error.message).toContain('stories260k, second');
  });
});
