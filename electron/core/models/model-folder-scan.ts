import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';

/** A folder where another app keeps its models, or one the person named. */
export interface ModelFolder {
  /** Which app's folder: 'LM Studio', 'Jan', 'GPT4All', 'Ollama', or 'folder' for one the person named. */
  source: string;
  path: string;
}

/** A GGUF model file found on this machine. */
export interface FoundModelFile {
  path: string;
  /** A file name for it in Baton: its own, or for Ollama's blobs the model's name and tag. */
  name: string;
  bytes: number;
  source: string;
}

/** The default model folders of LM Studio, Jan, GPT4All and Ollama on this platform (they may not exist). */
export function knownModelFolders(home = homedir(), platform = process.platform, environment: NodeJS.ProcessEnv = process.env): ModelFolder[] {
  const appData = environment['APPDATA'] ?? join(home, 'AppData', 'Roaming');
  const localAppData = environment['LOCALAPPDATA'] ?? join(home, 'AppData', 'Local');
  const folders: ModelFolder[] = [
    { source: 'LM Studio', path: join(home, '.lmstudio', 'models') },
    { source: 'LM Studio', path: join(home, '.cache', 'lm-studio', 'models') },
    { source: 'Jan', path: join(home, 'jan', 'models') },
    { source: 'Ollama', path: join(home, '.ollama', 'models') },
  ];
  if (platform === 'darwin') {
    folders.push({ source: 'Jan', path: join(home, 'Library', 'Application Support', 'Jan', 'data', 'models') });
    folders.push({ source: 'GPT4All', path: join(home, 'Library', 'Application Support', 'nomic.ai', 'GPT4All') });
  } else if (platform === 'win32') {
    folders.push({ source: 'Jan', path: join(appData, 'Jan', 'data', 'models') });
    folders.push({ source: 'GPT4All', path: join(localAppData, 'nomic.ai', 'GPT4All') });
  } else {
    folders.push({ source: 'Jan', path: join(home, '.local', 'share', 'Jan', 'data', 'models') });
    folders.push({ source: 'GPT4All', path: join(home, '.local', 'share', 'nomic.ai', 'GPT4All') });
    // Ollama installed as a Linux service keeps its models under its own user.
    folders.push({ source: 'Ollama', path: '/usr/share/ollama/.ollama/models' });
  }
  return folders;
}

const maxDepth = 6;
const maxFiles = 500;

/**
 * The GGUF models in these folders: `*.gguf` files (vision projectors left out: they are not
 * chat models) down to a few levels, and Ollama's models through its manifests (its blobs have
 * no file extension). Folders that do not exist or cannot be read are skipped.
 */
export async function scanModelFolders(folders: readonly ModelFolder[]): Promise<FoundModelFile[]> {
  const found = new Map<string, FoundModelFile>();
  for (const folder of folders) {
    const files = folder.source === 'Ollama' ? await ollamaModels(folder.path) : await ggufFiles(folder.path, folder.source);
    for (const file of files) if (!found.has(file.path) && found.size < maxFiles) found.set(file.path, file);
  }
  return [...found.values()];
}

async function ggufFiles(root: string, source: string): Promise<FoundModelFile[]> {
  const files: FoundModelFile[] = [];
  const walk = async (folder: string, depth: number): Promise<void> => {
    for (const entry of await entriesOf(folder)) {
      if (files.length >= maxFiles || entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory() && depth < maxDepth) await walk(path, depth + 1);
      else if (entry.isFile() && /\.gguf$/i.test(entry.name) && !/^mmproj/i.test(entry.name)) {
        const bytes = await sizeOf(path);
        if (bytes !== undefined) files.push({ path, name: entry.name, bytes, source });
      }
    }
  };
  await walk(root, 0);
  return files;
}

/** Ollama's manifests name each model's weights layer, a blob in `blobs/sha256-…`. */
async function ollamaModels(root: string): Promise<FoundModelFile[]> {
  const models: FoundModelFile[] = [];
  const manifests = join(root, 'manifests');
  const walk = async (folder: string, depth: number, names: string[]): Promise<void> => {
    for (const entry of await entriesOf(folder)) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && depth < 4) await walk(path, depth + 1, [...names, entry.name]);
      else if (entry.isFile()) {
        const blob = await weightsBlob(path, root);
        // registry/namespace/model/tag: the model and tag name it; the default namespace is left out.
        const [, namespace, model] = names;
        const name = `${namespace && namespace !== 'library' ? `${namespace}-` : ''}${model ?? basename(folder)}-${entry.name}.gguf`;
        const bytes = blob ? await sizeOf(blob) : undefined;
        if (blob && bytes !== undefined) models.push({ path: blob, name, bytes, source: 'Ollama' });
      }
    }
  };
  await walk(manifests, 0, []);
  return models;
}

async function weightsBlob(manifestPath: string, root: string): Promise<string | undefined> {
  try {
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { layers?: Array<{ mediaType?: string; digest?: string }> };
    const digest = manifest.layers?.find((layer) => layer.mediaType === 'application/vnd.ollama.image.model')?.digest;
    return digest && /^sha256:[0-9a-f]{64}$/.test(digest) ? join(root, 'blobs', digest.replace(':', '-')) : undefined;
  } catch {
    return undefined;
  }
}

/** A folder's entries; none when it does not exist or cannot be read. */
async function entriesOf(folder: string): Promise<Dirent[]> {
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch {
    return [];
  }
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}
