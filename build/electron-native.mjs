#!/usr/bin/env node
// Before `electron .` (npm start): better-sqlite3-multiple-ciphers built for Electron's ABI, in a copy of its own.
//
// better-sqlite3-multiple-ciphers (better-sqlite3 with SQLCipher encryption) is a native module
// compiled against one ABI. node_modules/better-sqlite3-multiple-ciphers stays
// built for plain Node, so the CLI and `npm test` keep working. The Electron app runs from
// dist-electron/ (tsconfig.electron.json), and Node's module resolution looks in
// dist-electron/node_modules before the project's node_modules: that is where this script puts a
// copy of it rebuilt with @electron/rebuild for the installed Electron version. Other native
// modules (node-llama-cpp, onnxruntime-node, @napi-rs/keyring) use Node-API, which Electron loads
// as they are. The copy is rebuilt only when Electron's or the module's version changes (a stamp file says).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const target = join(root, 'dist-electron');
const sqliteModule = 'better-sqlite3-multiple-ciphers';
const copy = join(target, 'node_modules', sqliteModule);
const stampPath = join(target, 'node_modules', '.electron-native.json');

function versionOf(name) {
  try {
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    return undefined;
  }
}

const electronVersion = versionOf('electron');
if (!electronVersion || !existsSync(join(root, 'node_modules', 'electron', 'dist'))) {
  process.stderr.write(
    'Electron is not installed here (it is an optional dependency: its binary is downloaded by `npm install`).\n' +
      'Run `npm install electron` on a machine with network access, then `npm start` again.\n' +
      'Without Electron, `npx baton serve` opens the same UI in a browser.\n',
  );
  process.exit(1);
}
const sqliteVersion = versionOf(sqliteModule);
const stamp = { electron: electronVersion, [sqliteModule]: sqliteVersion, platform: process.platform, arch: process.arch };

// dist-electron holds ES modules: its package.json must say so (it also lists the native copy for @electron/rebuild).
mkdirSync(target, { recursive: true });
writeFileSync(
  join(target, 'package.json'),
  `${JSON.stringify({ name: 'baton-electron', private: true, type: 'module', dependencies: { [sqliteModule]: sqliteVersion } }, null, 2)}\n`,
);

const current = existsSync(stampPath) ? readFileSync(stampPath, 'utf8') : '';
if (current === JSON.stringify(stamp) && existsSync(join(copy, 'build', 'Release', 'better_sqlite3.node'))) {
  process.exit(0);
}

process.stderr.write(`Building ${sqliteModule} ${sqliteVersion} for Electron ${electronVersion} (once)...\n`);
rmSync(copy, { recursive: true, force: true });
cpSync(join(root, 'node_modules', sqliteModule), copy, {
  recursive: true,
  filter: (source) => !source.includes(`${join(sqliteModule, 'build')}`),
});
const { rebuild } = await import('@electron/rebuild');
await rebuild({ buildPath: target, electronVersion, onlyModules: [sqliteModule], force: true });
writeFileSync(stampPath, JSON.stringify(stamp));
process.stderr.write(`${sqliteModule} is ready for Electron.\n`);
