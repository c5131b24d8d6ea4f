/**
 * `npm run check:electron-security`: the Electron security linter (@doyensec/electronegativity)
 * over the desktop shell's own code (electron/main, electron/preload) and the page it loads
 * (renderer/index.html, where the Content-Security-Policy is). It fails on any finding above
 * "low" that is not in the reviewed list below. The linter fetches translations and Electron's
 * release list on every run; it runs with the network beyond this machine switched off
 * (loopback-only-network.cjs), and the release check, which needs that list, is left out.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/**
 * Findings read and accepted, by check, file and the code the linter quotes: when that code
 * changes, the finding is new and fails again until it is reviewed again.
 */
const reviewed = [
  {
    check: 'PRELOAD_JS_CHECK',
    file: 'main/windows.ts',
    sample: 'preload: preloadPath,',
    why: 'the preload (electron/preload/preload.cts) exposes one invoke function limited to the API contract\'s method list and one event listener, nothing of Electron or Node',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/web-contents-guard.ts',
    sample: 'if (/^https?:\\/\\//i.test(url)) void shell.openExternal(url);',
    why: 'only http and https links a page tries to open in a new window go to the system browser; every other scheme (file:, smb:, custom handlers) is refused',
  },
];

const electronVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).optionalDependencies.electron.replace(/^[^\d]*/, '');
const stage = mkdtempSync(join(tmpdir(), 'baton-electron-security-'));
try {
  cpSync(join(root, 'electron', 'main'), join(stage, 'main'), { recursive: true });
  cpSync(join(root, 'electron', 'preload'), join(stage, 'preload'), { recursive: true });
  cpSync(join(root, 'renderer', 'index.html'), join(stage, 'index.html'));
  const report = join(stage, 'findings.csv');
  const linter = join(dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist', 'index.js');
  const run = spawnSync(
    process.execPath,
    ['--require', join(root, 'build', 'loopback-only-network.cjs'), linter, '-i', stage, '-e', electronVersion, '-r', '-x', 'AvailableSecurityFixesGlobalCheck', '-o', report, '-v', 'false'],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`The Electron security linter failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  const findings = parseCsv(readFileSync(report, 'utf8')).slice(1).map(([check, severity, confidence, file, location, sample]) => ({ check, severity, confidence, file, location, sample }));
  const serious = findings.filter((finding) => !['LOW', 'INFORMATIONAL'].includes(finding.severity));
  const unreviewed = serious.filter((finding) => !reviewed.some((entry) => entry.check === finding.check && entry.file === finding.file && entry.sample === finding.sample));
  for (const finding of unreviewed) console.error(`${finding.severity} ${finding.confidence} ${finding.check} ${finding.file}:${finding.location}  ${finding.sample}`);
  if (unreviewed.length > 0) {
    console.error(`electron security: ${unreviewed.length} finding(s) above low that nobody reviewed (see https://github.com/doyensec/electronegativity/wiki).`);
    process.exitCode = 1;
  } else {
    console.log(`electron security: ${findings.length} finding(s), ${findings.length - serious.length} low, ${serious.length} above low and reviewed`);
  }
} finally {
  rmSync(stage, { recursive: true, force: true });
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') (field += '"'), (index += 1);
      else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') row.push(field.trim()), (field = '');
    else if (character === '\n') row.push(field.trim()), rows.push(row), (row = []), (field = '');
    else if (character !== '\r') field += character;
  }
  if (field.length > 0 || row.length > 0) row.push(field.trim()), rows.push(row);
  return rows;
}
