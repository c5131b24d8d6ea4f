/**
 * Reads the generator's data files (word lists, JSON tables, templates). They live beside the
 * TypeScript sources in training/generate/, while the compiled code runs from dist/, so the
 * folder is found by walking up to the repository root (the folder with package.json).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepositoryRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    const parent = dirname(folder);
    if (parent === folder) throw new Error('cannot find the repository root (no package.json above the generator)');
    folder = parent;
  }
}

export const repositoryRoot: string = findRepositoryRoot();
export const generatorFolder: string = join(repositoryRoot, 'training', 'generate');
/** The gazetteers the model trains with (names and places held out in part); not shipped. */
export const trainingGazetteersFolder: string = join(repositoryRoot, 'training', 'out', 'gazetteers');

/** Lines of a text file under training/generate/, trimmed; blank lines and `#` comments dropped. */
export function readList(relativePath: string): string[] {
  return readFileSync(join(generatorFolder, relativePath), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
}

export function readJson<T>(relativePath: string): T {
  return JSON.parse(readFileSync(join(generatorFolder, relativePath), 'utf8')) as T;
}

/** Names (without extension) of the files with the given extension in a folder, sorted. */
export function listFiles(relativeFolder: string, extension: string): string[] {
  return readdirSync(join(generatorFolder, relativeFolder))
    .filter((name) => name.endsWith(extension))
    .map((name) => name.slice(0, -extension.length))
    .sort();
}
