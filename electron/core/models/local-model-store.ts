import { link, mkdir, readdir, readlink, rm, stat, symlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { BatonError } from '../../shared/errors.js';
import { findCatalogEntryByFileName, type CatalogEntry, type ModelCatalog } from './model-catalog.js';
import { checkGgufFile } from './gguf-file-check.js';
import { partialSuffix } from './model-downloader.js';

/** A GGUF file in the models folder. */
export interface LocalModel {
  /** The catalog id when the file is a catalog model, else the file name without `.gguf`. */
  id: string;
  fileName: string;
  path: string;
  bytes: number;
  catalogEntry?: CatalogEntry;
}

/** A download that stopped before it finished: the bytes that the next run resumes from. */
export interface PartialDownload {
  /** The name the file will have once complete. */
  fileName: string;
  path: string;
  bytes: number;
  catalogEntry?: CatalogEntry;
}

const ggufPattern = /\.gguf$/i;

/**
 * The downloaded models: every `*.gguf` in the models folder, whether it came from the catalog or
 * the person copied it there. Partial downloads (`*.gguf.partial`) are never listed as models.
 */
export class LocalModelStore {
  constructor(
    readonly modelsDir: string,
    private readonly catalog: ModelCatalog = { models: [] },
  ) {}

  async list(): Promise<LocalModel[]> {
    const models: LocalModel[] = [];
    for (const file of await this.files()) {
      if (!ggufPattern.test(file.name)) continue;
      const catalogEntry = findCatalogEntryByFileName(this.catalog, file.name);
      models.push({
        id: catalogEntry?.id ?? file.name.replace(ggufPattern, ''),
        fileName: file.name,
        path: file.path,
        bytes: file.bytes,
        ...(catalogEntry ? { catalogEntry } : {}),
      });
    }
    return models.sort((left, right) => left.id.localeCompare(right.id));
  }

  async listPartialDownloads(): Promise<PartialDownload[]> {
    const partials: PartialDownload[] = [];
    for (const file of await this.files()) {
      if (!file.name.endsWith(partialSuffix)) continue;
      const fileName = file.name.slice(0, -partialSuffix.length);
      const catalogEntry = findCatalogEntryByFileName(this.catalog, fileName);
      partials.push({ fileName, path: file.path, bytes: file.bytes, ...(catalogEntry ? { catalogEntry } : {}) });
    }
    return partials.sort((left, right) => left.fileName.localeCompare(right.fileName));
  }

  /** The downloaded model with this id (also accepted: its file name, with or without `.gguf`). */
  async find(id: string): Promise<LocalModel | undefined> {
    const models = await this.list();
    return (
      models.find((model) => model.id === id) ??
      models.find((model) => model.fileName === id || model.fileName.replace(ggufPattern, '') === id)
    );
  }

  /** Like find, but a 'model-not-found' error that lists what is downloaded when there is no such model. */
  async resolve(id: string): Promise<LocalModel> {
    const model = await this.find(id);
    if (model) return model;
    const downloaded = (await this.list()).map((candidate) => candidate.id);
    const known = downloaded.length > 0 ? `Downloaded models: ${downloaded.join(', ')}.` : 'No models are downloaded yet.';
    const hint = this.catalog.models.some((entry) => entry.id === id) ? ` Download it first: baton models pull ${id}.` : '';
    throw new BatonError('model-not-found', `The model "${id}" is not in ${this.modelsDir}.${hint} ${known}`);
  }

  async resolvePath(id: string): Promise<string> {
    return (await this.resolve(id)).path;
  }

  /**
   * Offers a GGUF file already on this machine (imported, or found in another app's folder) as a
   * local model, used where it is: a link to it goes in the models folder, so nothing is copied
   * and deleting the model in Baton removes the link, never the file. The file is checked first
   * (checkGgufFile). `name`: the model's file name in Baton, for files named otherwise (Ollama's
   * blobs); default the file's own name.
   */
  async addExisting(path: string, name?: string): Promise<LocalModel> {
    const target = resolve(path);
    await checkGgufFile(target);
    const fileName = `${(name ?? basename(target)).replace(ggufPattern, '').replace(/[^\w.-]+/g, '-')}.gguf`;
    const linkPath = join(this.modelsDir, fileName);
    await mkdir(this.modelsDir, { recursive: true });
    const existing = (await this.list()).find((model) => model.fileName === fileName);
    if (existing) {
      if ((await linkTarget(linkPath)) === target || existing.path === target) return existing;
      throw new BatonError('invalid-request', `A model file named ${fileName} is already in ${this.modelsDir}: rename one of them first.`);
    }
    try {
      await symlink(target, linkPath);
    } catch (error) {
      // Windows allows symbolic links only to administrators and in developer mode; a hard link
      // works there when the file is on the same drive.
      try {
        await link(target, linkPath);
      } catch {
        throw new BatonError('storage', `Cannot add ${target}: ${(error as Error).message}. Copy the file into ${this.modelsDir} instead.`, { cause: error });
      }
    }
    const added = (await this.list()).find((model) => model.fileName === fileName);
    if (!added) throw new BatonError('storage', `${target} was linked into ${this.modelsDir} but cannot be listed there.`);
    return added;
  }

  /** The files that models in the folder link to (imported or found elsewhere), resolved. */
  async linkedFiles(): Promise<Set<string>> {
    const targets = new Set<string>();
    for (const file of await this.files()) {
      const target = await linkTarget(file.path);
      if (target) targets.add(target);
    }
    return targets;
  }

  /**
   * Deletes a downloaded model, and any partial download of the same file. A catalog id whose
   * download never finished is accepted too, so that its partial can be discarded.
   */
  async deleteModel(id: string): Promise<void> {
    const model = await this.find(id);
    const fileName = model?.fileName ?? this.catalog.models.find((entry) => entry.id === id)?.fileName;
    const partial = fileName ? (await this.listPartialDownloads()).find((candidate) => candidate.fileName === fileName) : undefined;
    if (!model && !partial) await this.resolve(id);
    for (const path of [model?.path, partial?.path]) {
      if (!path) continue;
      try {
        await rm(path, { force: true });
      } catch (error) {
        throw new BatonError('storage', `Cannot delete ${path}: ${(error as Error).message}`, { cause: error });
      }
    }
  }

  /** Regular files in the models folder (symbolic links to files count); none when it does not exist yet. */
  private async files(): Promise<Array<{ name: string; path: string; bytes: number }>> {
    let names: string[];
    try {
      names = await readdir(this.modelsDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new BatonError('storage', `Cannot list ${this.modelsDir}: ${(error as Error).message}`, { cause: error });
    }
    const files: Array<{ name: string; path: string; bytes: number }> = [];
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const path = join(this.modelsDir, name);
      try {
        const stats = await stat(path);
        if (stats.isFile()) files.push({ name, path, bytes: stats.size });
      } catch (error) {
        // A file deleted while listing, or a symbolic link whose target is gone: not a model.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return files;
  }
}

/** Where a symbolic link points, resolved; undefined for a plain file. */
async function linkTarget(path: string): Promise<string | undefined> {
  try {
    return resolve(join(path, '..'), await readlink(path));
  } catch {
    return undefined;
  }
}
