import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { openDatabase } from '../../electron/core/storage/database.js';
import { storiesModelPath } from '../support/local-model-fixture.js';

/**
 * End-to-end support: `baton serve` as a person runs it (a child process of bin/baton.js, the
 * compiled code and the built renderer, both made by `npm test` before vitest runs), Debian's
 * Chromium driven by playwright-core, and the real stories260K model in a temporary models folder.
 */
// Paths from this file's place in the source tree; compiled code elsewhere (the UI bench) passes its own.
const batonBin = fileURLToPath(new URL('../../bin/baton.js', import.meta.url));
const rendererIndex = fileURLToPath(new URL('../../renderer/dist/index.html', import.meta.url));
export const screenshotsDir = fileURLToPath(new URL('./screenshots/', import.meta.url));
export const chromiumPath = '/usr/bin/chromium';

/**
 * Skipping the browser tests is a choice someone makes (BATON_SKIP_E2E=1), never the silent result
 * of a missing browser or renderer: in CI a missing Chromium must fail, not pass with nothing run.
 */
export const browserTestsSkipped = process.env.BATON_SKIP_E2E === '1';

/** Throws, naming the fix, when Chromium or the built renderer is missing. */
export function requireBrowserPrerequisites(renderer = rendererIndex): void {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is not at ${chromiumPath}: install it (apt-get install chromium; .ci/run does), or set BATON_SKIP_E2E=1 to skip the browser tests`);
  }
  if (!existsSync(renderer)) {
    throw new Error('The renderer is not built (renderer/dist/index.html is missing): run `npm run build` (npm test does it first)');
  }
}

export interface BatonFolders {
  root: string;
  dataDir: string;
  modelsDir: string;
}

/** Fresh data and models folders with stories260K, and settings for a 2-core machine (1 thread, no GPU probing). */
export function makeFolders(name: string, modelPath = storiesModelPath): BatonFolders {
  const root = mkdtempSync(join(tmpdir(), `baton-e2e-${name}-`));
  const dataDir = join(root, 'data');
  const modelsDir = join(root, 'models');
  mkdirSync(modelsDir, { recursive: true });
  copyFileSync(modelPath, join(modelsDir, 'stories260K.gguf'));
  const database = openDatabase(join(dataDir, 'baton.sqlite'));
  try {
    database.settings.set('localThreads', 1);
    database.settings.set('localGpu', false);
    database.settings.set('localSequences', 2);
    database.settings.set('localMaxContextSize', 256);
  } finally {
    database.close();
  }
  return { root, dataDir, modelsDir };
}

export function removeFolders(folders: BatonFolders | undefined): void {
  if (folders) rmSync(folders.root, { recursive: true, force: true });
}

export interface ServeProcess {
  url: string;
  port: number;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `baton serve --port 0` and resolves with the URL it prints (token included). */
export function startServe(folders: BatonFolders, environment: Record<string, string> = {}, bin = batonBin): Promise<ServeProcess> {
  const child: ChildProcess = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      // The database key in a key file beside the data folder, never the developer's keychain.
      BATON_KEYCHAIN: 'off',
      BATON_DATA_DIR: folders.dataDir,
      BATON_MODELS_DIR: folders.modelsDir,
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`baton serve printed no URL within 30 s:\n${output}`));
    }, 30_000);
    const onData = (chunk: string) => {
      output += chunk;
      const match = /Baton is running at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=[\w-]+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1]!,
        port: Number(match[2]),
        output: () => output,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(killer);
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: string) => (output += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`baton serve exited with ${code}:\n${output}`));
    });
  });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface PageProblems {
  /** Console errors and uncaught exceptions, CSP violations among them. */
  errors: string[];
  /** Every WebSocket message the page received, in order (recorded from before the page loads). */
  frames: string[];
}

/** A page whose console errors and exceptions are collected, so a test can assert there were none. */
export async function openPage(context: BrowserContext, url: string): Promise<{ page: Page; problems: PageProblems }> {
  const page = await context.newPage();
  const problems: PageProblems = { errors: [], frames: [] };
  page.on('websocket', (socket) => socket.on('framereceived', (frame) => problems.frames.push(String(frame.payload))));
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const where = message.location();
      problems.errors.push(where.url ? `${message.text()} (at ${where.url}:${where.lineNumber})` : message.text());
    }
  });
  page.on('pageerror', (error) => problems.errors.push(error.message));
  await page.goto(url);
  return { page, problems };
}

/** Code run in the page (the browser's globals are not in this project's Node typings). */
export function inPage<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}

/** The data-testid of the focused element. */
export function focusedTestId(page: Page): Promise<string | null> {
  return inPage(page, `document.activeElement?.getAttribute('data-testid') ?? null`);
}

/** Drops files (text, or bytes in base64) on the element with this data-testid, as a drag from the file manager would. */
export function dropFiles(page: Page, testId: string, files: Array<{ name: string; text?: string; base64?: string; type?: string }>): Promise<void> {
  return inPage(
    page,
    `(() => {
      const zone = document.querySelector('[data-testid="${testId}"]');
      const transfer = new DataTransfer();
      for (const file of ${JSON.stringify(files)}) {
        const content = file.base64 === undefined ? file.text : Uint8Array.from(atob(file.base64), (character) => character.charCodeAt(0));
        transfer.items.add(new File([content], file.name, { type: file.type ?? 'text/plain' }));
      }
      zone.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    })()`,
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotsDir, { recursive: true });
  await page.screenshot({ path: join(screenshotsDir, `${name}.png`) });
}

const axeScriptPath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * axe-core's serious and critical violations on the page as it is now, one line each (`where`
 * names the view in the lines). axe goes in through the DevTools protocol: the app's
 * Content-Security-Policy rightly refuses an injected script tag.
 */
export async function seriousAccessibilityViolations(page: Page, where: string): Promise<string[]> {
  if (!(await inPage<boolean>(page, "typeof axe !== 'undefined'"))) await inPage(page, readFileSync(axeScriptPath, 'utf8'));
  const found = await inPage<Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>>(
    page,
    "axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) })))",
  );
  return found
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${where}: ${violation.id} (${violation.impact}) at ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`);
}
