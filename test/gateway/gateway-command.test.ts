import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** `baton gateway` as a person starts it: the compiled CLI (npm test builds it first). */
const batonBin = fileURLToPath(new URL('../../bin/baton.js', import.meta.url));
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'baton-gateway-cli-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function environment(name: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', BATON_KEYCHAIN: 'off', BATON_DATA_DIR: join(root, name, 'data'), BATON_MODELS_DIR: join(root, name, 'models'), ...extra };
}

function runToEnd(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [batonBin, ...args], { env, timeout: 30_000 }, (error, _stdout, stderr) => {
      resolve({ code: error && typeof error.code === 'number' ? error.code : error ? 1 : 0, stderr });
    });
  });
}

/** Starts the gateway, reads its first line, then stops it with Ctrl+C as a person would. */
function firstLine(args: string[], env: NodeJS.ProcessEnv): Promise<{ line: string; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [batonBin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('\n')) child.kill('SIGINT');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (stdout.includes('\n') ? resolve({ line: stdout.split('\n')[0]!, code, stderr }) : reject(new Error(`no line; stderr: ${stderr}`))));
  });
}

describe('baton gateway', () => {
  it('prints one line with its address and the token, BATON_GATEWAY_TOKEN when set, and stops on Ctrl+C', async () => {
    const started = await firstLine(['gateway', '--port', '0', '--consent', 'deny'], environment('start', { BATON_GATEWAY_TOKEN: 'my-own-gateway-token' }));
    expect(started.line).toMatch(/^gateway http:\/\/127\.0\.0\.1:\d+ token my-own-gateway-token$/);
    expect(started.code).toBe(0);
  }, 60_000);

  it('keeps the token it made for the next start', async () => {
    const first = await firstLine(['gateway', '--port', '0', '--consent', 'deny'], environment('kept'));
    const second = await firstLine(['gateway', '--port', '0', '--consent', 'deny'], environment('kept'));
    const token = / token (baton-[\w-]{32})$/.exec(first.line)?.[1];
    expect(token).toBeDefined();
    expect(second.line.endsWith(` token ${token}`)).toBe(true);
  }, 60_000);

  it('refuses to start headless with --consent ask (the default), and names a port in use', async () => {
    const asked = await runToEnd(['gateway', '--port', '0'], environment('ask'));
    expect(asked.code).not.toBe(0);
    expect(asked.stderr).toContain('`baton gateway` cannot ask for consent: there is no window to ask in. Use --consent allow-once');

    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const busy = await runToEnd(['gateway', '--port', String(port), '--consent', 'deny'], environment('busy'));
      expect(busy.code).not.toBe(0);
      expect(busy.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use: choose another with --port.`);
    } finally {
      taken.close();
    }
  }, 60_000);

  it('listens beyond this machine only with --allow-network, and warns when it does', async () => {
    const refused = await runToEnd(['gateway', '--port', '0', '--consent', 'deny', '--host', '0.0.0.0'], environment('network'));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('"0.0.0.0" would let other machines reach the gateway. It listens on this machine only (127.0.0.1 or localhost) unless you accept that with --allow-network.');

    const open = await firstLine(['gateway', '--port', '0', '--consent', 'deny', '--host', '0.0.0.0', '--allow-network'], environment('network'));
    expect(open.line).toMatch(/^gateway http:\/\/0\.0\.0\.0:\d+ token baton-[\w-]{32}$/);
    expect(open.stderr).toContain('Warning: the gateway listens on 0.0.0.0, so other machines on your network can reach it.');
  }, 60_000);
});
