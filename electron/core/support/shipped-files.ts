import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatonError } from '../../shared/errors.js';

/**
 * A file or folder shipped under the installation's models/ folder (catalogs, the entity
 * classifier), found by walking up from this file: the same code runs from electron/ in
 * tests, from dist/ for the CLI and from dist-electron/ inside the packaged app.
 */
export function shippedModelsPath(relative: string): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 7; depth += 1) {
    const candidate = join(folder, 'models', relative);
    if (existsSync(candidate)) return candidate;
    folder = dirname(folder);
  }
  throw new BatonError('configuration', `models/${relative} was not found next to the Baton installation.`);
}
