import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { startFakeAnthropicServer } from '../support/fake-anthropic-server.js';
import { launchBrowser, makeFolders, openPage, removeFolders, requireBrowserPrerequisites, startServe } from './e2e-support.js';

/**
 * The README's pictures, made by `npm run screenshots` (BATON_SCREENSHOTS=1): the chat with an
 * answer and its run view, and the consent dialog with the payload a cloud model would get. The
 * same setup as the end-to-end tests: `baton serve`, Debian's Chromium, the tiny local model and
 * the fake Anthropic server. Not part of `npm test`, so a test run never changes a tracked file.
 */
const outputFolder = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const cloudModel = 'anthropic:claude-haiku-4-5';

describe.skipIf(process.env.BATON_SCREENSHOTS !== '1')('the README screenshots', () => {
  it('are made', async () => {
    requireBrowserPrerequisites();
    const folders = makeFolders('screenshots');
    const fake = await startFakeAnthropicServer();
    const [serve, browser] = await Promise.all([startServe(folders, { ANTHROPIC_API_KEY: 'screenshots-key', ANTHROPIC_BASE_URL: fake.url }), launchBrowser()]);
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
      const { page } = await openPage(context, serve.url);
      // The local model answers the first question: with a cloud key set, Automatic might ask to use the cloud.
      await page.locator('[data-testid="model-select"] option[value="local:stories260K"]').waitFor({ state: 'attached', timeout: 60_000 });
      await page.selectOption('[data-testid="model-select"]', 'local:stories260K');
      await page.fill('[data-testid="composer-input"]', 'Once upon a time there was a little boat');
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid="assistant-message"][data-status="complete"]', { timeout: 60_000 });
      await page.screenshot({ path: join(outputFolder, 'chat.png') });
      await page.locator('[data-testid="run-toggle"]').first().click();
      await page.locator('[data-testid="run-details"]').waitFor();
      await page.screenshot({ path: join(outputFolder, 'run-view.png') });

      await page.click('[data-testid="new-chat"]');
      await page.locator(`[data-testid="model-select"] option[value="${cloudModel}"]`).waitFor({ state: 'attached', timeout: 60_000 });
      await page.selectOption('[data-testid="model-select"]', cloudModel);
      await page.fill('[data-testid="composer-input"]', 'Draft a friendly reply to jane.doe@example.com and ask Jane Doe to call +1 415 555 0134 about the invoice.');
      await page.click('[data-testid="send-button"]');
      await page.locator('[data-testid="consent-dialog"][open]').waitFor({ timeout: 60_000 });
      await page.screenshot({ path: join(outputFolder, 'consent-dialog.png') });
      await page.click('[data-testid="consent-deny"]');
      await context.close();
    } finally {
      await browser.close();
      await serve.stop();
      await fake.close();
      removeFolders(folders);
    }
  }, 180_000);
});
