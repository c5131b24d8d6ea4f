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
  // The linter's own command line needs an old commander it does not declare: its runner is
  // called directly, and its findings come back as JSON on stdout.
  const runner = join(dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist', 'runner.js');
  const options = {
    input: stage,
    customScan: [],
    excludeFromScan: ['availablesecurityfixesglobalcheck'],
    isRelative: true,
    isVerbose: false,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  };
  const script = `require(${JSON.stringify(runner)})(${JSON.stringify(options)}, false)
    .then((result) => process.stdout.write('\\nFINDINGS ' + JSON.stringify(result.issues.map((issue) => ({ check: issue.id, file: issue.file, severity: issue.severity.name, confidence: issue.confidence.name, sample: issue.sample, location: issue.location })))))
    .catch((error) => { console.error(error); process.exit(1); })`;
  const run = spawnSync(process.execPath, ['--require', join(root, 'build', 'loopback-only-network.cjs'), '--eval', script], { encoding: 'utf8' });
  const line = run.stdout.split('\n').find((candidate) => candidate.startsWith('FINDINGS '));
  if (run.status !== 0 || !line) throw new Error(`The Electron security linter failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  const findings = JSON.parse(line.slice('FINDINGS '.length));
  const serious = findings.filter((finding) => !['LOW', 'INFORMATIONAL'].includes(finding.severity));
  const unreviewed = serious.filter((finding) => !reviewed.some((entry) => entry.check === finding.check && entry.file === finding.file && entry.sample === finding.sample));
  for (const finding of unreviewed) console.error(`${finding.severity} ${finding.confidence} ${finding.check} ${finding.file}:${finding.location.line}:${finding.location.column}  ${finding.sample}`);
  if (unreviewed.length > 0) {
    console.error(`electron security: ${unreviewed.length} finding(s) above low that nobody reviewed (see https://github.com/doyensec/electronegativity/wiki).`);
    process.exitCode = 1;
  } else {
    console.log(`electron security: ${findings.length} finding(s), ${findings.length - serious.length} low, ${serious.length} above low and reviewed`);
  }
} finally {
  rmSync(stage, { recursive: true, force: true });
}
