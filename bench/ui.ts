import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { getLlama, LlamaChat, resolveChatWrapper } from 'node-llama-cpp';
import type { Page } from 'playwright-core';
// The end-to-end tests' way of running `baton serve` and Chromium: the bench measures the same setup.
import { launchBrowser, makeFolders, removeFolders, requireBrowserPrerequisites, startServe } from '../test/e2e/e2e-support.js';
import { convertToChatHistory } from '../electron/core/providers/local-llama/convert-to-chat-history.js';
import { defaultBenchModelPath, median } from './bench-support.js';

// From the compiled bench in dist/bench/.
const rendererAssets = fileURLToPath(new URL('../../renderer/dist/assets/', import.meta.url));
const rendererIndex = fileURLToPath(new URL('../../renderer/dist/index.html', import.meta.url));
const batonBin = fileURLToPath(new URL('../../bin/baton.js', import.meta.url));
const coldStarts = 5;
const firstTokens = 10;
const prompt = 'Once upon a time';

/**
 * The served UI as a person meets it: the renderer's JavaScript (gzip), a cold start of the page
 * to interactive (a fresh browser context each time: nothing cached; p50 of 5), and the time
 * from pressing Enter to the first token of the answer painted, with the tiny local model loaded
 * (p50 of 10), beside the same model's first token through bare node-llama-cpp in this process.
 * Last line: `ui first-token ms p50: X`.
 */
export async function uiBench(): Promise<void> {
  requireBrowserPrerequisites(rendererIndex);
  const scripts = readdirSync(rendererAssets).filter((name) => name.endsWith('.js'));
  const gzipBytes = scripts.reduce((total, name) => total + gzipSync(readFileSync(join(rendererAssets, name))).length, 0);
  console.log(`renderer JavaScript: ${scripts.length} files, ${(gzipBytes / 1024).toFixed(1)} KB gzip`);

  const folders = makeFolders('ui-bench', defaultBenchModelPath);
  const [serve, browser] = await Promise.all([startServe(folders, {}, batonBin), launchBrowser()]);
  try {
    const starts: number[] = [];
    for (let round = 0; round < coldStarts; round += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(serve.url);
      // Interactive: the composer accepts text and the service connection is open.
      await page.locator('[data-testid="composer-input"]').waitFor();
      await page.waitForFunction(() => !document.querySelector('[data-testid="connection-status"]'));
      starts.push(performance.now() - started);
      await context.close();
    }
    console.log(`cold start to interactive: p50 ${median(starts).toFixed(0)} ms (target 1500; ${starts.map((value) => value.toFixed(0)).join(', ')})`);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(serve.url);
    await page.locator('[data-testid="composer-input"]').waitFor();
    // Loads the model once, as a person's first question would.
    await firstTokenPainted(page);
    const painted: number[] = [];
    for (let round = 0; round < firstTokens; round += 1) painted.push(await firstTokenPainted(page));
    await context.close();

    const bare = await bareFirstTokens(firstTokens);
    const uiFirstToken = median(painted);
    console.log(`bare node-llama-cpp first token: p50 ${median(bare).toFixed(1)} ms (same model, 1 thread)`);
    console.log(`send to first token painted: p50 ${uiFirstToken.toFixed(1)} ms (target: at most ${(median(bare) + 100).toFixed(1)}, bare + 100)`);
    console.log(`ui first-token ms p50: ${uiFirstToken.toFixed(1)}`);
  } finally {
    await browser.close();
    await serve.stop();
    removeFolders(folders);
  }
}

/** A new chat, a prompt sent with Enter, and the time until the answer's first text is on screen (measured in the page). */
async function firstTokenPainted(page: Page): Promise<number> {
  await page.click('[data-testid="new-chat"]');
  await page.fill('[data-testid="composer-input"]', prompt);
  const measured = page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const input = document.querySelector<HTMLTextAreaElement>('[data-testid="composer-input"]');
        let sentAt = 0;
        input?.addEventListener('keydown', () => (sentAt = performance.now()), { once: true, capture: true });
        const observer = new MutationObserver(() => {
          const answer = document.querySelector('[data-testid="answer"]');
          if (sentAt > 0 && answer && (answer.textContent ?? '').trim().length > 0) {
            observer.disconnect();
            // The frame that shows it: the next paint after the text is in the page.
            requestAnimationFrame(() => resolve(performance.now() - sentAt));
          }
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      }),
  );
  await page.press('[data-testid="composer-input"]', 'Enter');
  const milliseconds = await measured;
  await page.waitForSelector('[data-testid="assistant-message"][data-status="complete"]', { timeout: 60_000 });
  return milliseconds;
}

/** The same model's first token through node-llama-cpp alone: 1 thread, a fresh sequence each time. */
async function bareFirstTokens(rounds: number): Promise<number[]> {
  const llama = await getLlama({ gpu: false });
  const model = await llama.loadModel({ modelPath: defaultBenchModelPath });
  const context = await model.createContext({ contextSize: 256, threads: 1, sequences: 1 });
  const sequence = context.getSequence();
  const timings: number[] = [];
  try {
    for (let round = 0; round <= rounds; round += 1) {
      await sequence.clearHistory();
      const chat = new LlamaChat({ contextSequence: sequence, chatWrapper: resolveChatWrapper(model) });
      const controller = new AbortController();
      const started = performance.now();
      let first = 0;
      await chat
        .generateResponse(convertToChatHistory([{ role: 'user', content: prompt }]), {
          maxTokens: 32,
          signal: controller.signal,
          stopOnAbortSignal: true,
          onTextChunk: () => {
            if (first === 0) first = performance.now() - started;
            controller.abort();
          },
        })
        .catch(() => undefined);
      chat.dispose({ disposeSequence: false });
      // The first round warms the model up, as the UI's first question does.
      if (round > 0) timings.push(first);
    }
  } finally {
    await context.dispose();
    await model.dispose();
  }
  return timings;
}
