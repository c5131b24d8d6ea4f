import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BatonError } from '../../shared/errors.js';

/**
 * The compiled worker script `fileName` beside the module at `moduleUrl`. Tests import modules
 * from their TypeScript sources, where no JavaScript sits beside them; the worker then runs the
 * copy `npm run build` put in dist/. `what` names the worker in the error when neither exists.
 */
export function workerScript(moduleUrl: string, fileName: string, what: string): URL {
  const sibling = new URL(`./${fileName}`, moduleUrl);
  const siblingPath = fileURLToPath(sibling);
  if (existsSync(siblingPath)) return sibling;
  const marker = `${sep}electron${sep}core${sep}`;
  const compiled = siblingPath.replace(marker, `${sep}dist${marker}`);
  if (compiled !== siblingPath && existsSync(compiled)) return pathToFileURL(compiled);
  throw new BatonError('configuration', `${what}'s worker script is missing (${siblingPath}): run \`npm run build\`.`);
}
