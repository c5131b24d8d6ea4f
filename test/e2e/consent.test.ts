import type { Browser, BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/storage/database.js';
import { startFakeAnthropicServer, type FakeCloudServer } from '../support/fake-anthropic-server.js';
import { browserTestsSkipped, dropFiles, inPage, launchBrowser, makeFolders, openPage, removeFolders, requireBrowserPrerequisites, screenshot, seriousAccessibilityViolations, startServe, type BatonFolders, type ServeProcess } from './e2e-support.js';

/**
 * The consent dialog end to end: `baton serve` with the fake Anthropic server as its cloud, a
 * cloud model named in the UI, and the privacy shield's boundary between them.
 */
const email = 'jane.doe@example.com';
const phone = '+1 415 555 0134';
const cloudModel = 'anthropic:claude-haiku-4-5';

describe.skipIf(browserTestsSkipped)('consent for cloud calls, in the browser', () => {
  let folders: BatonFolders;
  let fake: FakeCloudServer;
  let serve: ServeProcess;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    requireBrowserPrerequisites();
    folders = makeFolders('consent');
    fake = await startFakeAnthropicServer();
    [serve, browser] = await Promise.all([startServe(folders, { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.url }), launchBrowser()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await fake?.close();
    removeFolders(folders);
  });

  async function askCloud(page: Page, text: string): Promise<void> {
    await page.locator(`[data-testid="model-select"] option[value="${cloudModel}"]`).waitFor({ state: 'attached', timeout: 60_000 });
    await page.selectOption('[data-testid="model-select"]', cloudModel);
    await page.fill('[data-testid="composer-input"]', text);
    await page.click('[data-testid="send-button"]');
    await page.locator('[data-testid="consent-dialog"][open]').waitFor({ timeout: 60_000 });
  }

  it('a cloud-routed message opens the dialog with the redacted payload; deny answers locally', async () => {
    const { page, problems } = await openPage(context, serve.url);
    await askCloud(page, `Draft a reply to ${email} and call ${phone} about the invoice.`);
    const payload = await page.locator('[data-testid="consent-payload"]').innerText();
    expect(payload).toContain('about the invoice');
    expect(payload).not.toContain(email);
    expect(payload).not.toContain('555 0134');
    expect(payload).toMatch(/\u27E6EMAIL_\d+\u27E7/);
    expect(await page.locator('[data-testid="consent-provider"]').innerText()).toBe('anthropic');
    expect(await page.locator('[data-testid="consent-model"]').innerText()).toBe(cloudModel);
    expect(await page.locator('[data-testid="consent-cost"]').innerText()).toMatch(/^\$/);
    expect(await page.locator('[data-testid="consent-dialog"]').innerText()).toMatch(/email × 1/i);
    await screenshot(page, 'consent-dialog');
    expect(await seriousAccessibilityViolations(page, 'consent dialog')).toEqual([]);
    // Modal: Tab keeps focus inside the dialog.
    for (let step = 0; step < 12; step += 1) {
      await page.keyboard.press('Tab');
      expect(await inPage<boolean>(page, `document.querySelector('[data-testid="consent-dialog"]').contains(document.activeElement)`)).toBe(true);
    }

    await page.click('[data-testid="consent-deny"]');
    // Focus goes back where it was before the dialog opened.
    await expect.poll(() => inPage<string | null>(page, `document.activeElement?.getAttribute('data-testid') ?? null`)).toBe('composer-input');
    await page.waitForSelector('[data-testid="assistant-message"][data-status="complete"]', { timeout: 60_000 }).catch(async (error: unknown) => {
      await screenshot(page, 'failure-consent-deny');
      throw new Error(`${String(error)}\nbaton serve said:\n${serve.output()}`);
    });
    const answer = page.locator('[data-testid="assistant-message"]').last();
    await answer.locator('[data-testid="run-toggle"]').click();
    await expect.poll(() => answer.locator('[data-testid="subtask-model"]').innerText()).toContain('local:stories260K');
    expect(await answer.innerText()).toMatch(/answering with local:stories260K on this device instead/);
    expect(await answer.locator('[data-testid="run-details"]').innerText()).toContain(`Consent for ${cloudModel}: denied — ran locally`);
    expect(fake.requests).toHaveLength(0);
    await screenshot(page, 'consent-denied-local-answer');
    expect(problems.errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('allow sends only redacted text, attachments included; the answer comes back restored', async () => {
    const { page, problems } = await openPage(context, serve.url);
    await page.waitForSelector('[data-testid="composer-input"]');
    await dropFiles(page, 'drop-zone', [{ name: 'contacts.txt', text: `Client contact: ${email}, phone ${phone}.\n` }]);
    await expect.poll(() => page.locator('[data-testid="pending-attachment"]').count()).toBe(1);
    // The cloud's answer is untrusted Markdown: code is highlighted, markup that could run is removed.
    fake.enqueue({
      kind: 'text',
      text: 'I will write a short reply for you.\n\n```js\nconst greeting = "hello";\n```\n\n<img src="x" onerror="window.pwned = 1"> [link](javascript:window.pwned=2) <script>window.pwned = 3</script>',
      chunks: 6,
    });
    await askCloud(page, 'Summarise the attached contact note.');
    const payload = await page.locator('[data-testid="consent-payload"]').innerText();
    expect(payload).toContain('contacts.txt');
    expect(payload).not.toContain(email);
    expect(payload).not.toContain('555 0134');
    await screenshot(page, 'consent-dialog-attachment');

    await page.click('[data-testid="consent-allow-once"]');
    await page.waitForSelector('[data-testid="assistant-message"][data-status="complete"]', { timeout: 60_000 });
    expect(await page.locator('[data-testid="assistant-message"]').last().locator('[data-testid="answer"]').innerText()).toContain('I will write a short reply for you.');
    const answerHtml = await page.locator('[data-testid="assistant-message"]').last().locator('[data-testid="answer"]').innerHTML();
    expect(answerHtml).toContain('class="hljs-keyword"');
    expect(answerHtml).not.toMatch(/onerror|javascript:|<script/i);
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    expect(fake.requests).toHaveLength(1);
    const sent = JSON.stringify(fake.requests[0]!.body);
    expect(sent).not.toContain(email);
    expect(sent).not.toContain('555 0134');
    expect(sent).toContain('contacts.txt');
    expect(sent).toMatch(/\u27E6EMAIL_\d+\u27E7/);
    await screenshot(page, 'consent-allowed-cloud-answer');
    // DOMPurify parses the hostile answer in an inert document, where Chromium reports (and blocks)
    // the onerror handler before DOMPurify removes it: expected here, and nothing else may fail.
    expect(problems.errors.filter((error) => !error.includes('Executing inline event handler'))).toEqual([]);
    await page.close();
  }, 120_000);

  it('a word selected in the dialog and marked "redact" changes the preview, and the cloud gets exactly that', async () => {
    const { page, problems } = await openPage(context, serve.url);
    const before = fake.requests.length;
    fake.enqueue({ kind: 'text', text: 'Noted: ⟦CUSTOM_1⟧ is on track.' });
    // A lower-case codename: nothing the shield flags on its own.
    await askCloud(page, `Status of project falcon? Reply to ${email}.`);
    const userMessage = page.locator('[data-testid="consent-message"][data-role="user"]').last();
    expect(await userMessage.innerText()).toContain('project falcon?');

    // Select "alco" inside "falcon", as a person dragging over part of the word would.
    await inPage(
      page,
      `(() => {
        const messages = document.querySelectorAll('[data-testid="consent-message"][data-role="user"]');
        const message = messages[messages.length - 1];
        const walker = document.createTreeWalker(message, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent.indexOf('falcon');
          if (at === -1) continue;
          const range = document.createRange();
          range.setStart(node, at + 1);
          range.setEnd(node, at + 5);
          document.getSelection().removeAllRanges();
          document.getSelection().addRange(range);
          return;
        }
        throw new Error('falcon is not in the payload');
      })()`,
    );
    const redactButton = page.locator('[data-testid="consent-redact-selection"]');
    await expect.poll(() => redactButton.innerText()).toBe('Redact “falcon”');
    await redactButton.click();
    await expect.poll(() => page.locator('[data-testid="consent-preview-status"]').getAttribute('data-status')).toBe('ready');
    const previewed = await page.locator('[data-testid="consent-message"]').allInnerTexts();
    expect(previewed.join('\n')).not.toContain('falcon');
    expect(await userMessage.innerText()).toContain('project ⟦CUSTOM_1⟧?');
    expect(await page.locator('[data-testid="consent-redact-term"]').innerText()).toContain('falcon');
    expect(await page.locator('[data-testid="consent-dialog"]').innerText()).toMatch(/custom × 1/i);
    await screenshot(page, 'consent-dialog-redacted-selection');

    await page.click('[data-testid="consent-allow-once"]');
    await page.waitForSelector('[data-testid="assistant-message"][data-status="complete"]', { timeout: 60_000 });
    expect(fake.requests.length).toBe(before + 1);
    const body = fake.requests.at(-1)!.body as { system?: string; messages: Array<{ role: string; content: string }> };
    const sent = [...(body.system === undefined ? [] : [{ role: 'system', content: body.system }]), ...body.messages];
    // Exactly the previewed payload, message by message.
    expect(sent.map((message) => message.content)).toEqual(previewed);
    expect(JSON.stringify(body)).not.toContain('falcon');
    expect(JSON.stringify(body)).not.toContain(email);
    expect(sent.at(-1)!.content).toMatch(/^Status of project ⟦CUSTOM_1⟧\? Reply to ⟦EMAIL_\d+⟧\.$/);
    expect(await page.locator('[data-testid="assistant-message"]').last().locator('[data-testid="answer"]').innerText()).toContain('Noted: falcon is on track.');
    expect(problems.errors).toEqual([]);
    await page.close();
  }, 120_000);
  it('a name sent as it is: the preview shows it and the cloud gets it; the e-mail stays redacted', async () => {
    const { page, problems } = await openPage(context, serve.url);
    const before = fake.requests.length;
    await askCloud(page, `Please ask Maria Garcia about the invoice. Reply to ${email}.`);
    const userMessage = page.locator('[data-testid="consent-message"][data-role="user"]').last();
    expect(await userMessage.innerText()).toMatch(/^Please ask ⟦PERSON_1⟧ about the invoice\. Reply to ⟦EMAIL_\d+⟧\.$/);
    const emailRow = page.locator('[data-testid="consent-placeholder-row"]', { hasText: email });
    expect(await emailRow.innerText()).toContain('always redacted');
    expect(await emailRow.locator('[data-testid="consent-release"]').count()).toBe(0);

    await page.locator('[data-testid="consent-placeholder-row"][data-placeholder="⟦PERSON_1⟧"] [data-testid="consent-release"]').click();
    await expect.poll(() => page.locator('[data-testid="consent-preview-status"]').getAttribute('data-status')).toBe('ready');
    const previewed = await userMessage.innerText();
    expect(previewed).toMatch(/^Please ask Maria Garcia about the invoice\. Reply to ⟦EMAIL_\d+⟧\.$/);
    await screenshot(page, 'consent-dialog-released-name');

    await page.click('[data-testid="consent-allow-once"]');
    await page.waitForSelector('[data-testid="assistant-message"][data-status="complete"]', { timeout: 60_000 });
    expect(fake.requests.length).toBe(before + 1);
    const body = fake.requests.at(-1)!.body as { messages: Array<{ role: string; content: string }> };
    expect(body.messages.at(-1)!.content).toBe(previewed);
    expect(JSON.stringify(body)).not.toContain(email);
    expect(problems.errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('Escape in the quick prompt\'s consent dialog denies: the answer comes from the local model, the cloud gets nothing', async () => {
    // A second serve whose default model is the cloud one: the quick prompt has no model picker.
    const quickFolders = makeFolders('consent-quick');
    const database = openDatabase(join(quickFolders.dataDir, 'baton.sqlite'));
    try {
      database.settings.set('defaultModel', cloudModel);
    } finally {
      database.close();
    }
    const quickServe = await startServe(quickFolders, { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.url });
    try {
      const before = fake.requests.length;
      const { page, problems } = await openPage(context, quickServe.url.replace('/?', '/?view=quick&'));
      await page.fill('[data-testid="quick-input"]', `Draft a reply to ${email} about the invoice.`);
      await page.keyboard.press('Enter');
      await page.locator('[data-testid="consent-dialog"][open]').waitFor({ timeout: 60_000 });
      await page.keyboard.press('Escape');
      await page.locator('[data-testid="consent-dialog"][open]').waitFor({ state: 'detached', timeout: 10_000 });
      await expect.poll(() => page.locator('[data-testid="quick-copy"]').isEnabled(), { timeout: 60_000 }).toBe(true);
      expect((await page.locator('[data-testid="quick-answer"]').innerText()).trim().length).toBeGreaterThan(0);
      expect(fake.requests.length).toBe(before);
      expect(problems.errors).toEqual([]);
      await page.close();
    } finally {
      await quickServe.stop();
      removeFolders(quickFolders);
    }
  }, 180_000);
});
