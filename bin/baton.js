#!/usr/bin/env node
// The CLI runs the compiled TypeScript in dist/ (built by `npm install` through the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/electron/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('baton: the compiled code is missing. Run `npm install` (or `npm run build`) in the Baton folder first.\n');
  process.exit(1);
}
await import(entry.href);
