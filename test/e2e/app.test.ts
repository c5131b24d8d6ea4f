import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../documents/document-files.js';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEmbeddingCatalog } from '../../electron/core/documents/embedding/embedding-catalog.js';
import { loadNerCatalog } from '../../electron/core/privacy/ner/ner-catalog.js';
import { openDatabase } from '../../electron/core/storage/database.js';
import { fakeNerRepositoryFiles, startFakeHuggingFaceServer } from '../support/fake-hugging-face-server.js';
import { startFakeOpenAIServer } from '../support/fake-openai-server.js';
import { storiesModelPath } from '../support/local-model-fixture.js';
import { startModelFileServer } from '../support/model-file-server.js';
import { browserTestsSkipped, dropFiles, focusedTestId, inPage, launchBrowser, makeFolders, openPage, removeFolders, requireBrowserPrerequisites, screenshot, seriousAccessibilityViolations, startServe, type BatonFolders, type ServeProcess } from './e2e-support.js';

const tinyEmbedFolder = fileURLToPath(new URL('../../../shared/models/tiny-bow-embed/', import.meta.url));

/** A first message gets a complete answer from this local model (a first run's last step). */
async function expectFirstLocalAnswer(page: Page, modelId: string): Promise<void> {
  await page.fill('[data-testid="composer-input"]', 'Once upon a time');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="assistant-message"][data-status="complete"]', { timeout: 60_000 });
  expect(await page.locator('[data-testid="assistant-message"] .chip').first().innerText()).toBe(modelId);
}

/**
 * The UI in Debian's Chromium against `baton serve` and the real local model (stories260K).
 * Needs /usr/bin/chromium (.ci/run installs it) and the built renderer (`npm test` builds it); a
 * missing one fails the tests with its fix, and BATON_SKIP_E2E=1 skips them on purpose.
 */
describe.skipIf(browserTestsSkipped)('the Baton UI in a browser', () => {
  let folders: BatonFolders;
  let serve: ServeProcess;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    requireBrowserPrerequisites();
    folders = makeFolders('app');
    [serve, browser] = await Promise.all([startServe(folders), launchBrowser()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${serve.port}` });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    removeFolders(folders);
  });

  it('a prompt gets a streamed answer from the local model, with its run view', async () => {
    const { page, problems } = await openPage(context, serve.url);
    // The token is taken out of the address bar once read.
    await page.waitForSelector('[data-testid="composer-input"]');
    expect(page.url()).not.toContain('token=');

    const frames = problems.frames;
    await page.fill('[data-testid="composer-input"]', 'Once upon a time');
    await page.keyboard.press('Enter');
    const answer = page.locator('[data-testid="assistant-message"]').last();
    await answer.locator('[data-testid="answer"]').filter({ hasText: /\w+/ }).waitFor({ timeout: 60_000 });
    await page.waitForSelector('[data-testid="assistant-message"][data-status="complete"]', { timeout: 60_000 });

    // Streamed: many answer-delta events arrived before the run finished.
    const deltas = frames.filter((frame) => frame.includes('"answer-delta"')).length;
    expect(deltas).toBeGreaterThan(3);
    expect(frames.findIndex((frame) => frame.includes('"answer-delta"'))).toBeLessThan(frames.findIndex((frame) => frame.includes('"run-finished"')));
    expect((await answer.locator('[data-testid="answer"]').innerText()).trim().length).toBeGreaterThan(10);
    await expect.poll(() => answer.locator('[data-testid="run-summary"]').innerText()).toMatch(/tokens · .+ · \$0/);

    await answer.locator('[data-testid="run-toggle"]').click();
    const subtask = answer.locator('[data-testid="subtask"]').first();
    await expect.poll(() => subtask.locator('[data-testid="subtask-model"]').innerText()).toContain('local:stories260K');
    expect(await subtask.innerText()).toContain('Why: local:stories260K (on-device, nothing leaves this machine)');

    // Thumbs down reaches the outcome of the run's subtask: what routing learns from.
    await answer.locator('[data-testid="rate-down"]').click();
    await expect.poll(() => answer.locator('[data-testid="rate-down"]').getAttribute('aria-pressed')).toBe('true');
    const database = openDatabase(join(folders.dataDir, 'baton.sqlite'));
    try {
      const outcomes = database.outcomes.list();
      expect(outcomes.length).toBeGreaterThan(0);
      expect(outcomes.map((outcome) => outcome.userFeedback)).toEqual(outcomes.map(() => -1));
    } finally {
      database.close();
    }
    // A thumbs up on the subtask in the run view overrides it for that subtask.
    await subtask.locator('[data-testid="subtask-rate-up"]').click();
    await expect.poll(() => subtask.locator('[data-testid="subtask-rate-up"]').getAttribute('aria-pressed')).toBe('true');
    const rated = openDatabase(join(folders.dataDir, 'baton.sqlite'));
    try {
      expect(rated.outcomes.list().map((outcome) => outcome.userFeedback)).toEqual([1]);
    } finally {
      rated.close();
    }

    // The conversation is listed, and found by search.
    await page.fill('[data-testid="conversation-search"]', 'upon a');
    await expect.poll(() => page.locator('nav[aria-label="Conversations"] li').count()).toBe(1);
    await screenshot(page, 'streamed-answer');
    expect(problems.errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('titles show names and numbers masked until the person reveals them', async () => {
    const { page, problems } = await openPage(context, serve.url);
    await page.waitForSelector('[data-testid="composer-input"]');
    await page.click('[data-testid="new-chat"]');
    await page.fill('[data-testid="composer-input"]', 'Email ann@example.com about the lease');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="assistant-message"][data-status="complete"]', { timeout: 60_000 });
    const titles = page.locator('[data-testid="conversation-title"]');
    await expect.poll(() => titles.allInnerTexts(), { timeout: 10_000 }).toContain('Email [email] about the lease');
    await expect.poll(() => page.locator('header h1').innerText()).toBe('Email [email] about the lease');
    expect(await page.locator('nav[aria-label="Conversations"]').innerText()).not.toContain('ann@example.com');
    await screenshot(page, 'titles-masked');

    await page.click('[data-testid="reveal-titles"]');
    expect(await titles.allInnerTexts()).toContain('Email ann@example.com about the lease');
    expect(await page.locator('header h1').innerText()).toBe('Email ann@example.com about the lease');
    // Masked again at the next start of the window.
    await page.reload();
    await expect.poll(() => titles.allInnerTexts()).toContain('Email [email] about the lease');

    // Pinned, the older conversation stays at the top, after a reload too.
    expect((await titles.allInnerTexts())[0]).toBe('Email [email] about the lease');
    const older = page.locator('nav[aria-label="Conversations"] li').filter({ hasText: 'Once upon a time' });
    await older.hover();
    await older.locator('[data-testid="pin-conversation"]').click();
    await expect.poll(async () => (await titles.allInnerTexts())[0]).toBe('Once upon a time');
    await page.reload();
    await expect.poll(async () => (await titles.allInnerTexts())[0]).toBe('Once upon a time');
    expect(await page.locator('nav[aria-label="Conversations"] li').first().locator('[data-testid="conversation-pinned"]').count()).toBe(1);
    await page.locator('nav[aria-label="Conversations"] li').first().hover();
    await page.locator('nav[aria-label="Conversations"] li').first().locator('[data-testid="pin-conversation"]').click();
    await expect.poll(async () => (await titles.allInnerTexts())[0]).toBe('Email [email] about the lease');
    expect(problems.errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('the model chosen for a conversation comes back with it; a new chat starts on automatic', async () => {
    const { page, problems } = await openPage(context, serve.url);
    await page.waitForSelector('[data-testid="composer-input"]');
    await page.click('[data-testid="new-chat"]');
    await page.selectOption('[data-testid="model-select"]', 'local:stories260K');
    await page.fill('[data-testid="composer-input"]', 'A story about a kite');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="assistant-message"][data-status="complete"]', { timeout: 60_000 });
    await page.click('[data-testid="new-chat"]');
    expect(await page.inputValue('[data-testid="model-select"]')).toBe('');
    await page.locator('nav[aria-label="Conversations"] li button.conversation').filter({ hasText: 'A story about a kite' }).click();
    await expect.poll(() => page.inputValue('[data-testid="model-select"]')).toBe('local:stories260K');
    expect(problems.errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('regenerating keeps the old answer as an earlier version; editing a question keeps the old one and its answer', async () => {
    const { page, problems } = await openPage(context, serve.url);
    await page.waitForSelector('[data-testid="composer-input"]');
    await page.click('[data-testid="new-chat"]');
    await page.fill('[data-testid="composer-input"]', 'Once upon a time there was a cat');
    await page.keyboard.press('Enter');
    const answers = page.locator('[data-testid="assistant-message"]');
    const questions = page.locator('[data-testid="user-message"]');
    await page.waitForSelector('[data-testid="assistant-message"][data-status="complete"]', { timeout: 60_000 });
    // Offered once the conversation reloaded with the stored messages.
    await page.locator('[data-testid="edit-message"]').waitFor({ timeout: 30_000 });
    const firstAnswer = await answers.locator('[data-testid="answer"]').innerText();

    await page.click('[data-testid="regenerate"]');
    await answers.locator('[data-testid="earlier-versions"]').waitFor({ timeout: 60_000 });
    await page.waitForSelector('[data-testid="assistant-message"][data-status="complete"]', { timeout: 60_000 });
    expect(await answers.count()).toBe(1);
    expect(await answers.locator('[data-testid="earlier-versions"] summary').innerText()).toBe('1 earlier version');
    await answers.locator('[data-testid="earlier-versions"] summary').click();
    // The earlier version is shown as plain text, the answer as Markdown: the same words.
    const words = (text: string) => text.replace(/\s+/g, ' ').trim();
    // Polled: the conversation reloads once the new answer is stored, and the list is drawn again.
    await expect.poll(async () => words(await answers.locator('[data-testid="earlier-message"] p').innerText())).toBe(words(firstAnswer));

    await page.locator('[data-testid="edit-message"]').waitFor({ timeout: 30_000 });
    await page.click('[data-testid="edit-message"]');
    await page.fill('[data-testid="edit-text"]', 'Once upon a time there was a dog');
    await page.click('[data-testid="edit-send"]');
    await questions.locator('[data-testid="earlier-versions"]').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('[data-testid="assistant-message"][data-status="complete"]').count(), { timeout: 60_000 }).toBe(1);
    expect(await questions.count()).toBe(1);
    expect(await questions.locator('.bubble').innerText()).toBe('Once upon a time there was a dog');
    expect(await questions.locator('[data-testid="earlier-versions"] summary').innerText()).toBe('2 earlier versions');
    await questions.locator('[data-testid="earlier-versions"] summary').click();
    expect((await questions.locator('[data-testid="earlier-message"] p').allInnerTexts())[0]).toBe('Once upon a time there was a cat');
    // The same after the conversation is read again from the service.
    await page.reload();
    await page.locator('nav[aria-label="Conversations"] li button.conversation').filter({ hasText: 'Once upon a time there was a cat' }).click();
    await expect.poll(() => questions.locator('.bubble').allInnerTexts()).toEqual(['Once upon a time there was a dog']);
    expect(await questions.locator('[data-testid="earlier-versions"] summary').innerText()).toBe('2 earlier versions');
    expect(problems.errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('a dropped text file is attached to the message', async () => {
    const { page, problems } = await openPage(context, serve.url);
    await page.waitForSelector('[data-testid="composer-input"]');
    // A drop event with a DataTransfer that holds a file, as when a file is dragged onto the window.
    await dropFiles(page, 'drop-zone', [{ name: 'minutes.txt', text: 'Minutes of Monday.\nThe bakery opens at nine.\n' }]);
    await expect.poll(() => page.locator('[data-testid="pending-attachment"]').allInnerTexts()).toEqual([expect.stringContaining('minutes.txt')]);
    // And through the file picker: a binary file is refused, a text file attached.
    await page.setInputFiles('[data-testid="file-input"]', [
      { name: 'recipe.md', mimeType: 'text/markdown', buffer: Buffer.from('# Bread\nFlour, water, salt.') },
      { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 0xff, 0xfe]) },
    ]);
    await expect.poll(() => page.locator('[data-testid="pending-attachment"]').count()).toBe(2);
    await screenshot(page, 'attachment-pending');

    await page.fill('[data-testid="composer-input"]', 'When does the bakery open?');
    await page.click('[data-testid="send-button"]');
    await page.waitForSelector('[data-testid="assistant-message"][data-status="complete"]', { timeout: 60_000 });
    const user = page.locator('[data-testid="user-message"]').last();
    expect(await user.locator('[data-testid="message-attachment"] summary').allInnerTexts()).toEqual([
      expect.stringContaining('minutes.txt'),
      expect.stringContaining('recipe.md'),
    ]);
    // The stored message holds the files: reopening the conversation shows them again.
    await page.reload();
    await page.locator('nav[aria-label="Conversations"] li button.conversation').filter({ hasText: 'When does the bakery open?' }).click();
    await page.locator('[data-testid="message-attachment"]').first().waitFor();
    await page.locator('[data-testid="message-attachment"] summary').first().click();
    expect(await page.locator('[data-testid="message-attachment"]').first().innerText()).toContain('The bakery opens at nine.');
    await screenshot(page, 'attachment-sent');
    expect(problems.errors.filter((error) => !error.includes('Not attached'))).toEqual([]);
    await page.close();
  }, 120_000);

  it('a dropped PDF becomes a document of the conversation: listed with its pages, kept, and removed with its index; the conversation is renamed', async () => {
    const { page, problems } = await openPage(context, serve.url);
    await page.waitForSelector('[data-testid="composer-input"]');
    await page.click('[data-testid="new-chat"]');
    const pdf = await makePdf([['Quarterly report', 'Revenue grew by twelve percent.'], ['Outlook', 'The board expects steady growth.']]);
    await dropFiles(page, 'drop-zone', [{ name: 'report.pdf', base64: Buffer.from(pdf).toString('base64'), type: 'application/pdf' }]);
    const item = page.locator('[data-testid="document-item"]');
    await expect.poll(() => item.allInnerTexts(), { timeout: 60_000 }).toEqual([expect.stringContaining('report.pdf')]);
    expect(await item.locator('[data-testid="document-facts"]').innerText()).toMatch(/^2 pages · .+ · indexed, \d+ passages?$/);
    expect(await page.locator('[data-testid="pending-attachment"]').count()).toBe(0);
    // Indexed: no "reading and indexing…" entry is left beside it.
    await expect.poll(() => page.locator('[data-testid="document-pending"]').count()).toBe(0);
    await screenshot(page, 'document-added');

    // A question is answered from the passages, which are listed under the answer and open on a click.
    // The tiny test model cites nothing, so the list is of the passages it was given.
    await page.fill('[data-testid="composer-input"]', 'How much did revenue grow?');
    await page.click('[data-testid="send-button"]');
    await page.waitForSelector('[data-testid="assistant-message"][data-status="complete"]', { timeout: 60_000 });
    const sources = page.locator('[data-testid="sources"]');
    await sources.waitFor({ timeout: 30_000 });
    expect(await sources.locator('h3').innerText()).toBe('The answer cites no passage; it was given these');
    const source = sources.locator('[data-testid="source"]').first();
    expect(await source.innerText()).toContain('report.pdf');
    expect(await sources.locator('[data-testid="source-passage"]').count()).toBe(0);
    await source.click();
    expect(await source.getAttribute('aria-expanded')).toBe('true');
    expect(await sources.locator('[data-testid="source-passage"]').innerText()).toContain('Revenue grew by twelve percent.');
    await screenshot(page, 'document-answer-sources');

    // The whole document, part by part: a turn of the conversation, answered by the local model.
    await page.click('[data-testid="documents-summarize"]');
    await expect.poll(() => page.locator('[data-testid="assistant-message"][data-status="complete"]').count(), { timeout: 60_000 }).toBe(2);
    expect(await page.locator('[data-testid="user-message"]').last().innerText()).toMatch(/^Summarize (the documents\.|"report\.pdf"\.)$/);

    // The document belongs to the conversation the drop started: reopening it lists it again.
    await page.reload();
    await page.locator('nav[aria-label="Conversations"] li button.conversation').filter({ hasText: 'report.pdf' }).click();
    await expect.poll(() => page.locator('[data-testid="document-item"]').count(), { timeout: 30_000 }).toBe(1);
    await page.click('[data-testid="document-remove"]');
    await expect.poll(() => page.locator('[data-testid="document-item"]').count()).toBe(0);
    // Renamed in place; the new title is stored.
    const entry = page.locator('nav[aria-label="Conversations"] li').filter({ hasText: 'report.pdf' });
    await entry.hover();
    await entry.locator('[data-testid="rename-conversation"]').click();
    await page.fill('[data-testid="rename-input"]', '  Quarterly report review ');
    await page.keyboard.press('Enter');
    await page.reload();
    const renamed = page.locator('nav[aria-label="Conversations"] li button.conversation').filter({ hasText: 'Quarterly report review' });
    await renamed.waitFor();
    expect(await page.locator('nav[aria-label="Conversations"] li button.conversation').filter({ hasText: 'report.pdf' }).count()).toBe(0);
    await renamed.click();
    await page.waitForTimeout(500);
    expect(await page.locator('[data-testid="document-item"]').count()).toBe(0);
    expect(problems.errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('the quick-prompt page answers, copies and opens the conversation in the main view', async () => {
    const quickUrl = serve.url.replace('/?', '/?view=quick&');
    const { page, problems } = await openPage(context, quickUrl);
    await page.setViewportSize({ width: 640, height: 380 });
    const input = page.locator('[data-testid="quick-input"]');
    await input.waitFor();
    await expect.poll(() => focusedTestId(page)).toBe('quick-input');
    await input.fill('Lily had a ball');
    await page.keyboard.press('Enter');
    const answer = page.locator('[data-testid="quick-answer"] .markdown');
    await answer.filter({ hasText: /\w+/ }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('[data-testid="quick-copy"]').isEnabled(), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => page.locator('button[aria-label="Ask"]').count(), { timeout: 60_000 }).toBe(1);
    const text = (await answer.innerText()).trim();
    await page.click('[data-testid="quick-copy"]');
    expect((await inPage<string>(page, 'navigator.clipboard.readText()')).trim().slice(0, 20)).toBe(text.slice(0, 20));
    await screenshot(page, 'quick-prompt');

    await page.click('[data-testid="quick-open-main"]');
    await page.waitForSelector('[data-testid="composer-input"]');
    await expect.poll(() => page.locator('[data-testid="user-message"]').allInnerTexts()).toEqual([expect.stringContaining('Lily had a ball')]);
    expect(problems.errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('the dark theme and keyboard use: Ctrl+K searches, Escape closes the privacy menu', async () => {
    const { page, problems } = await openPage(context, serve.url);
    await page.waitForSelector('[data-testid="composer-input"]');
    await page.click('[data-testid="theme-toggle"]');
    await page.click('[data-testid="theme-toggle"]');
    expect(await inPage(page, 'document.documentElement.dataset.theme')).toBe('dark');
    await page.keyboard.press('Control+k');
    expect(await focusedTestId(page)).toBe('conversation-search');
    await page.click('[data-testid="privacy-mode"]');
    await page.locator('[role="menu"]').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[role="menu"]').count()).toBe(0);
    await page.click('[data-testid="nav-stats"]');
    await page.locator('table.matrix').waitFor();
    await screenshot(page, 'stats-dark');
    await page.click('[data-testid="nav-models"]');
    await page.locator('[data-testid="downloaded-model"]').first().waitFor();
    // One truth on one line: this machine has no GPU, or the setting keeps it off.
    expect(await page.locator('[data-testid="runtime-backend"]').innerText()).toMatch(/^CPU — (no supported GPU \(CUDA, Vulkan or Metal\) was found on this machine|the GPU is turned off in Settings)$/);
    await screenshot(page, 'models-dark');
    expect(problems.errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('fits 360, 768 and 1440 pixel windows with no horizontal scroll; below 720 the sidebar is a drawer', async () => {
    // A conversation whose question is one word wider than any small window: it must wrap.
    {
      const { page } = await openPage(context, serve.url);
      await page.waitForSelector('[data-testid="composer-input"]');
      await page.click('[data-testid="new-chat"]');
      await page.fill('[data-testid="composer-input"]', `A story about ${'w'.repeat(80)}`);
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid="assistant-message"][data-status="complete"]', { timeout: 60_000 });
      await page.close();
    }
    for (const width of [360, 768, 1440]) {
      const sized = await browser.newContext({ viewport: { width, height: 800 } });
      const { page, problems } = await openPage(sized, serve.url);
      await page.waitForSelector('[data-testid="composer-input"]');
      const narrow = width < 720;
      const sidebar = page.locator('aside.sidebar');
      expect(await sidebar.isVisible()).toBe(!narrow);
      expect(await page.locator('[data-testid="menu-button"]').isVisible()).toBe(narrow);
      const overflow = () =>
        inPage(page, `(() => {
          const content = document.querySelector('.content');
          return [document.documentElement.scrollWidth - window.innerWidth, content ? content.scrollWidth - content.clientWidth : 0];
        })()`);
      for (const view of ['stats', 'models', 'settings', 'chat']) {
        if (narrow) {
          await page.click('[data-testid="menu-button"]');
          await sidebar.waitFor({ state: 'visible' });
        }
        await page.click(`[data-testid="nav-${view}"]`);
        // Choosing a view closes the drawer.
        if (narrow) await sidebar.waitFor({ state: 'hidden' });
        await page.waitForTimeout(300);
        await screenshot(page, `layout-${width}-${view}`);
        expect({ width, view, overflow: await overflow() }).toEqual({ width, view, overflow: [0, 0] });
      }
      if (narrow) {
        // A conversation opened from the drawer closes it; Escape closes it too.
        await page.click('[data-testid="menu-button"]');
        await page.locator('nav[aria-label="Conversations"] li button.conversation').first().click();
        await sidebar.waitFor({ state: 'hidden' });
        await page.locator('[data-testid="assistant-message"]').first().waitFor();
        expect(await overflow()).toEqual([0, 0]);
        await page.click('[data-testid="menu-button"]');
        await sidebar.waitFor({ state: 'visible' });
        await page.keyboard.press('Escape');
        await sidebar.waitFor({ state: 'hidden' });
      }
      expect(problems.errors).toEqual([]);
      await sized.close();
    }
  }, 180_000);

  it('keyboard alone reaches every control of each view, each with a visible focus ring', async () => {
    const { page, problems } = await openPage(context, serve.url);
    // No transitions: each look is read at once, not part-way through a fade.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.waitForSelector('[data-testid="composer-input"]');
    await page.click('[data-testid="new-chat"]');
    await page.fill('[data-testid="composer-input"]', 'A story about a kite');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="assistant-message"][data-status="complete"]', { timeout: 60_000 });
    // The element Tab reached: a name for it, and whether its focus shows. Focus "shows" when the
    // outline, ring or border of the element or of a close ancestor (a search box, the composer)
    // differs from how they look once focus has left; the element is focused again afterwards.
    const focusedNow = `(() => {
      const element = document.activeElement;
      if (!element || element === document.body) return null;
      const chain = [element, element.parentElement, element.parentElement?.parentElement, element.parentElement?.parentElement?.parentElement].filter(Boolean);
      const look = () => chain.map((node) => { const style = getComputedStyle(node); return [style.outlineStyle, style.outlineWidth, style.boxShadow, style.borderColor].join(' '); }).join('|');
      const focused = look();
      element.blur();
      const unfocused = look();
      element.focus();
      const seen = element.dataset.tabSeen === '1';
      element.dataset.tabSeen = '1';
      const name = element.getAttribute('data-testid') ?? element.getAttribute('aria-label') ?? (element.textContent.trim().slice(0, 40) || element.tagName);
      return { name, shows: focused !== unfocused, seen };
    })()`;
    const problemsFound: string[] = [];
    for (const view of ['chat', 'models', 'settings', 'stats']) {
      await page.click(`[data-testid="nav-${view}"]`);
      await page.waitForTimeout(300);
      await inPage(page, "document.querySelectorAll('[data-tab-seen]').forEach((element) => delete element.dataset.tabSeen); document.activeElement?.blur()");
      const reached: string[] = [];
      for (let step = 0; step < 120; step += 1) {
        await page.keyboard.press('Tab');
        const focused = await inPage<{ name: string; shows: boolean; seen: boolean } | null>(page, focusedNow);
        if (!focused) continue;
        // Round once: back at the first control reached.
        if (focused.seen) break;
        reached.push(focused.name);
        if (!focused.shows) problemsFound.push(`${view}: "${focused.name}" has no visible focus`);
      }
      const expected = ['new-chat', `nav-${view}`, 'theme-toggle', ...(view === 'chat' ? ['composer-input', 'model-select', 'answer-length'] : [])];
      for (const name of expected) if (!reached.includes(name)) problemsFound.push(`${view}: Tab never reaches "${name}" (reached: ${reached.join(', ')})`);
    }
    expect(problemsFound).toEqual([]);
    expect(problems.errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('has no serious or critical accessibility violation (axe-core) on any view, in the light and the dark theme', async () => {
    const { page, problems } = await openPage(context, serve.url);
    await page.waitForSelector('[data-testid="composer-input"]');
    // A conversation with an answer on screen, so its controls are checked too.
    await page.click('[data-testid="new-chat"]');
    await page.fill('[data-testid="composer-input"]', 'A story about a lamp');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="assistant-message"][data-status="complete"]', { timeout: 60_000 });
    const violations: string[] = [];
    for (const theme of ['light', 'dark']) {
      while ((await inPage<string>(page, 'document.documentElement.dataset.theme')) !== theme) await page.click('[data-testid="theme-toggle"]');
      for (const view of ['chat', 'models', 'settings', 'stats']) {
        await page.click(`[data-testid="nav-${view}"]`);
        await page.waitForTimeout(400);
        violations.push(...(await seriousAccessibilityViolations(page, `${theme} ${view}`)));
      }
    }
    expect(violations).toEqual([]);
    expect(problems.errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('the Stats view exports what routing learned, forgets it after a confirmation, and imports it back', async () => {
    const { page, problems } = await openPage(context, serve.url);
    await page.waitForSelector('[data-testid="composer-input"]');
    await page.fill('[data-testid="composer-input"]', 'A story about a boat');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="assistant-message"][data-status="complete"]', { timeout: 60_000 });
    const stored = () => {
      const database = openDatabase(join(folders.dataDir, 'baton.sqlite'));
      try {
        return database.outcomes.list().length;
      } finally {
        database.close();
      }
    };
    const learned = stored();
    expect(learned).toBeGreaterThan(0);

    await page.click('[data-testid="nav-stats"]');
    const panel = page.locator('[data-testid="learned-routing"]');
    await panel.locator('[data-testid="threshold"]').waitFor();
    expect(await panel.locator('[data-testid="threshold"]').innerText()).toMatch(/^A cloud model is chosen over one on this device when its chance of a good answer is .+ points higher for each \$0\.001 it costs more/);
    const [download] = await Promise.all([page.waitForEvent('download'), panel.locator('[data-testid="learning-export"]').click()]);
    const exported = readFileSync((await download.path())!, 'utf8');
    expect(JSON.parse(exported)).toMatchObject({ format: 'baton-learned-routing', outcomes: expect.any(Array) });
    expect((JSON.parse(exported) as { outcomes: unknown[] }).outcomes).toHaveLength(learned);

    await panel.locator('[data-testid="learning-reset"]').click();
    await panel.locator('[data-testid="learning-reset-confirm"]').click();
    await expect.poll(stored).toBe(0);
    await panel.locator('[data-testid="learning-import-file"]').setInputFiles({ name: 'learned.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    await expect.poll(stored).toBe(learned);
    expect(problems.errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe.skipIf(browserTestsSkipped)('settings in the browser', () => {
  let folders: BatonFolders;
  let browser: Browser;

  beforeAll(async () => {
    requireBrowserPrerequisites();
    folders = makeFolders('settings');
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    removeFolders(folders);
  });

  it('survive a restart of baton serve; API keys are shown as set, never shown', async () => {
    let serve = await startServe(folders);
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const { page, problems } = await openPage(context, serve.url);
      await page.click('[data-testid="nav-settings"]');
      const retries = page.locator('[data-testid="field-cloudMaxRetries"] input');
      await retries.waitFor();
      await retries.fill('5');
      await page.fill('#secret-anthropicApiKey', 'sk-ant-e2e-secret');
      await page.click('[data-testid="dates-all-dates"]');
      await page.fill('[data-testid="phone-region-input"]', 'es');
      await page.click('[data-testid="phone-region-add"]');
      await page.click('[data-testid="settings-save"]');
      await expect.poll(() => page.locator('[data-testid="secret-status-anthropicApiKey"]').innerText()).toBe('set');
      await page.click('[data-testid="settings-offline"]');
      await expect.poll(() => page.locator('[data-testid="offline-toggle"]').innerText()).toContain('Offline');
      await screenshot(page, 'settings-saved');
      expect(problems.errors).toEqual([]);
      await context.close();
      await serve.stop();

      serve = await startServe(folders);
      const second = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const reopened = await openPage(second, serve.url);
      await reopened.page.click('[data-testid="nav-settings"]');
      const again = reopened.page.locator('[data-testid="field-cloudMaxRetries"] input');
      await again.waitFor();
      expect(await again.inputValue()).toBe('5');
      expect(await reopened.page.isChecked('[data-testid="dates-all-dates"]')).toBe(true);
      expect(await reopened.page.locator('[data-testid="phone-region"]').allInnerTexts()).toContainEqual(expect.stringContaining('(ES)'));
      expect(await reopened.page.locator('[data-testid="secret-status-anthropicApiKey"]').innerText()).toBe('set');
      expect(await reopened.page.inputValue('#secret-anthropicApiKey')).toBe('');
      expect(await reopened.page.content()).not.toContain('sk-ant-e2e-secret');
      expect(await reopened.page.locator('[data-testid="offline-toggle"]').innerText()).toContain('Offline');
      await screenshot(reopened.page, 'settings-after-restart');
      // Offline, with a cloud key set: the model picker offers local models only, and says why.
      await reopened.page.click('[data-testid="nav-chat"]');
      const options = reopened.page.locator('[data-testid="model-select"] option');
      // The list waits for the models (llama.cpp's module loads at the first listing): up to 30 s on a busy machine.
      await expect.poll(() => options.allInnerTexts(), { timeout: 30_000 }).toContain('Cloud models hidden: Baton is offline');
      const offered = (await options.allInnerTexts()).filter((text) => !text.startsWith('Cloud models hidden'));
      expect(offered).toEqual(['Automatic', 'local:stories260K · local']);
      expect(reopened.problems.errors).toEqual([]);
      await second.close();
    } finally {
      await serve.stop();
    }
  }, 150_000);

  it('tests a typed cloud key before it is saved, and says whether the provider took it', async () => {
    const openai = await startFakeOpenAIServer({ apiKey: 'sk-e2e-right' });
    const keyFolders = makeFolders('test-connection');
    const database = openDatabase(join(keyFolders.dataDir, 'baton.sqlite'));
    database.settings.set('openaiBaseUrl', `${openai.url}/v1`);
    database.close();
    const serve = await startServe(keyFolders);
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const { page, problems } = await openPage(context, serve.url);
      await page.click('[data-testid="nav-settings"]');
      await page.fill('#secret-openaiApiKey', 'sk-e2e-wrong');
      await page.click('[data-testid="test-connection-openai"]');
      const result = page.locator('[data-testid="connection-result-openai"]');
      await expect.poll(() => result.innerText()).toMatch(/^✗ .*key/i);
      await page.fill('#secret-openaiApiKey', 'sk-e2e-right');
      await page.click('[data-testid="test-connection-openai"]');
      await expect.poll(() => result.innerText()).toBe('✓ the key works: OpenAI lists 2 models');
      // Tried, not saved.
      expect(await page.locator('[data-testid="secret-status-openaiApiKey"]').innerText()).toBe('not set');
      expect(openai.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/models', 'GET /v1/models']);
      expect(problems.errors).toEqual([]);
      await context.close();
    } finally {
      await serve.stop();
      await openai.close();
      removeFolders(keyFolders);
    }
  }, 120_000);

  it('refuses what a settings field cannot hold with a reason beside it, and picks the default model from a list', async () => {
    const serve = await startServe(folders);
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const { page, problems } = await openPage(context, serve.url);
      await page.click('[data-testid="nav-settings"]');
      const budget = page.locator('[data-testid="field-dailyBudgetUsd"] input');
      await budget.waitFor();
      // "1e" is no number: refused, not saved as an empty value (which would mean the default).
      await budget.fill('');
      await budget.pressSequentially('1e');
      expect(await page.locator('[data-testid="problem-dailyBudgetUsd"]').innerText()).toBe('Enter a number.');
      const retries = page.locator('[data-testid="field-cloudMaxRetries"] input');
      await retries.fill('11');
      expect(await page.locator('[data-testid="problem-cloudMaxRetries"]').innerText()).toBe('Enter a number from 0 to 10.');
      await retries.fill('2.5');
      expect(await page.locator('[data-testid="problem-cloudMaxRetries"]').innerText()).toBe('Enter a whole number.');
      expect(await page.locator('[data-testid="settings-invalid"]').innerText()).toBe('2 fields need a valid value before saving: Daily budget USD, Cloud max retries.');
      expect(await page.locator('[data-testid="settings-save"]').isDisabled()).toBe(true);
      await budget.fill('2.5');
      await retries.fill('3');
      await expect.poll(() => page.locator('[data-testid="settings-save"]').isEnabled()).toBe(true);
      expect(await page.locator('[data-testid="problem-dailyBudgetUsd"]').count()).toBe(0);

      const picker = page.locator('[data-testid="field-defaultModel"] select');
      // The models that can run now (the list arrives on its own; a cloud key may be set by an earlier test).
      // The first listing waits up to 5 s for llama.cpp to load, longer on a loaded machine.
      await expect.poll(() => picker.locator('option').allInnerTexts(), { timeout: 30_000 }).toContain('local:stories260K');
      expect((await picker.locator('option').allInnerTexts())[0]).toBe('Automatic (Baton chooses)');
      await picker.selectOption('local:stories260K');
      await page.click('[data-testid="settings-save"]');
      await expect.poll(() => page.locator('[data-testid="settings-save"]').isDisabled()).toBe(true);
      await page.reload();
      await page.click('[data-testid="nav-settings"]');
      await expect.poll(() => page.locator('[data-testid="field-defaultModel"] select').inputValue()).toBe('local:stories260K');
      expect(await page.locator('[data-testid="field-dailyBudgetUsd"] input').inputValue()).toBe('2.5');
      expect(problems.errors).toEqual([]);
      await context.close();
    } finally {
      await serve.stop();
    }
  }, 120_000);

  it('deletes all data after a confirmation that says what goes and what stays, beside how the data is kept', async () => {
    const serve = await startServe(folders);
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const { page, problems } = await openPage(context, serve.url);
      await page.click('[data-testid="nav-settings"]');
      // Beside it, how the data is kept: encrypted, with the key in a file here (no keychain in tests).
      const atRest = await page.locator('[data-testid="data-at-rest"]').innerText();
      expect(atRest).toContain('stored encrypted (SQLCipher, AES-256)');
      expect(atRest).toContain(`in the file ${folders.dataDir}-database.key`);
      // By keyboard: the question takes focus on its safe answer, and Cancel gives it back.
      await page.focus('[data-testid="delete-all-data-start"]');
      await page.keyboard.press('Enter');
      await expect.poll(() => focusedTestId(page)).toBe('delete-all-data-cancel');
      await page.keyboard.press('Enter');
      await expect.poll(() => focusedTestId(page)).toBe('delete-all-data-start');
      await page.click('[data-testid="delete-all-data-start"]');
      const section = page.locator('[data-testid="delete-all-data"]');
      const text = await section.innerText();
      for (const removed of ['conversation', 'answers', 'privacy vault', 'consent decisions', 'routing']) expect(text).toContain(removed);
      expect(text).toContain('settings and downloaded models stay');
      await page.click('[data-testid="delete-all-data-confirm"]');
      await expect
        .poll(() => page.locator('[data-testid="delete-all-data-result"]').innerText())
        .toMatch(/^Deleted \d+ conversations? and everything derived from them\. Your settings and downloaded models are kept\.$/);
      expect(problems.errors).toEqual([]);
      await context.close();
    } finally {
      await serve.stop();
    }
  }, 150_000);

  it('edits the always-redact and never-redact lists, and shows the entity detectors', async () => {
    const serve = await startServe(folders);
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const { page, problems } = await openPage(context, serve.url);
      await page.click('[data-testid="nav-settings"]');
      await page.locator('[data-testid="terms-input-denyList"]').waitFor();
      expect(await page.locator('[data-testid="entity-detector-entity-classifier"]').innerText()).toMatch(
        /^Entity classifier \(built in\)\s*— finds person, location, organization, street address\s*\S*models\/entity-classifier/,
      );
      expect(await page.locator('[data-testid="terms-allowList"]').innerText()).toContain('never releases cards, IBANs, keys, e-mail addresses or other pattern values');

      await page.fill('[data-testid="terms-input-denyList"]', 'Falcon');
      await page.press('[data-testid="terms-input-denyList"]', 'Enter');
      await page.fill('[data-testid="terms-input-denyList"]', 'Osprey');
      await page.click('[data-testid="terms-add-denyList"]');
      await page.fill('[data-testid="terms-input-allowList"]', 'Acme');
      await page.click('[data-testid="terms-add-allowList"]');
      await page.locator('[data-testid="terms-denyList"] [aria-label="Remove Osprey"]').click();
      await page.click('[data-testid="settings-save"]');
      await expect.poll(() => page.locator('[data-testid="settings-save"]').isDisabled()).toBe(true);
      await screenshot(page, 'settings-term-lists');

      await page.reload();
      await page.click('[data-testid="nav-settings"]');
      await page.locator('[data-testid="terms-denyList"] [data-testid="term"]').first().waitFor();
      expect(await page.locator('[data-testid="terms-denyList"] [data-testid="term"]').allInnerTexts()).toEqual(['Falcon']);
      expect(await page.locator('[data-testid="terms-allowList"] [data-testid="term"]').allInnerTexts()).toEqual(['Acme']);
      expect(problems.errors).toEqual([]);
      await context.close();
    } finally {
      await serve.stop();
    }
  }, 120_000);

  it('installs a NER model for the shield from Settings, with progress and cancel; the detectors list it', async () => {
    // Its own folders: the installed model (fake ONNX bytes that never load) must not reach the other tests.
    const nerFolders = makeFolders('settings-ner');
    const entry = loadNerCatalog().find((candidate) => candidate.id === 'bert-base-multilingual-cased-ner-hrl')!;
    const huggingFace = await startFakeHuggingFaceServer(fakeNerRepositoryFiles(entry.repo));
    huggingFace.behavior.faultyFile = entry.onnxFile;
    huggingFace.behavior.stallAfterBytes = 64 * 1024;
    const serve = await startServe(nerFolders, { BATON_HF_BASE_URL: huggingFace.origin });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const { page, problems } = await openPage(context, serve.url);
      await page.click('[data-testid="nav-settings"]');
      const model = page.locator('[data-testid="ner-model"]', { hasText: entry.name });
      await model.waitFor();
      expect(await model.innerText()).toContain('ar, de, en, es, fr, it, lv, nl, pt, zh');
      expect(await page.locator('[data-testid="entity-detector-ner-model"]').count()).toBe(0);

      await page.click(`[aria-label="Install ${entry.name}"]`);
      await huggingFace.stalled();
      const progress = model.getByRole('progressbar', { name: `Installing ${entry.name}` });
      // How far it shows depends on when the throttled progress last fired before the stall.
      await progress.waitFor();
      expect(await progress.innerText()).toMatch(/of about \S+/);
      await screenshot(page, 'settings-ner-model-installing');
      await page.click(`[aria-label="Cancel installing ${entry.name}"]`);
      await page.locator(`[aria-label="Install ${entry.name}"]`).waitFor();

      delete huggingFace.behavior.stallAfterBytes;
      await page.click(`[aria-label="Install ${entry.name}"]`);
      await model.locator('[data-testid="ner-model-installed"]').waitFor();
      expect(await model.locator('[data-testid="ner-model-installed"]').innerText()).toContain('in use');
      await expect.poll(() => progress.count()).toBe(0);
      const detector = page.locator('[data-testid="entity-detector-ner-model"]');
      await detector.waitFor();
      expect(await detector.innerText()).toContain(`ner/${entry.id}`);
      await screenshot(page, 'settings-ner-model-installed');
      // Install and Cancel are not the form's submit button: no settings were saved.
      expect(await page.content()).not.toContain('Settings saved');
      expect(problems.errors).toEqual([]);
      await context.close();
    } finally {
      await serve.stop();
      await huggingFace.close();
      removeFolders(nerFolders);
    }
  }, 120_000);

  it('an answer cut off at the length limit says so, and Continue asks for the rest', async () => {
    const cutFolders = makeFolders('cut-off');
    // The limit is a setting; 16 tokens cut any story of the test model short.
    const database = openDatabase(join(cutFolders.dataDir, 'baton.sqlite'));
    database.settings.set('maxAnswerTokens', 16);
    database.close();
    const serve = await startServe(cutFolders);
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const { page, problems } = await openPage(context, serve.url);
      await page.fill('[data-testid="composer-input"]', 'Once upon a time');
      await page.click('[data-testid="send-button"]');
      const first = page.locator('[data-testid="assistant-message"]').first();
      await first.locator('[data-testid="cut-off"]').waitFor({ timeout: 60_000 });
      expect(await first.locator('[data-testid="cut-off"]').innerText()).toContain('Stopped at the length limit.');
      await screenshot(page, 'answer-cut-off');

      await first.locator('[data-testid="continue-answer"]').click();
      await expect.poll(() => page.locator('[data-testid="assistant-message"][data-status="complete"]').count(), { timeout: 60_000 }).toBe(2);
      expect(await page.locator('[data-testid="user-message"]').last().innerText()).toBe('Continue exactly where your last answer stopped, without repeating it.');
      // Only the latest answer offers Continue; the first still says it was cut off.
      await page.locator('[data-testid="assistant-message"]').last().locator('[data-testid="continue-answer"]').waitFor();
      expect(await first.locator('[data-testid="continue-answer"]').count()).toBe(0);
      expect(await first.locator('[data-testid="cut-off"]').count()).toBe(1);

      // The length is the conversation's own: chosen here, it is kept with it.
      const length = page.locator('[data-testid="answer-length"]');
      expect(await length.locator('option:checked').innerText()).toBe('Default length (16 tokens)');
      await length.selectOption({ label: 'Short (256 tokens)' });
      await page.fill('[data-testid="composer-input"]', 'And then?');
      await page.click('[data-testid="send-button"]');
      await expect.poll(() => page.locator('[data-testid="assistant-message"][data-status="complete"]').count(), { timeout: 60_000 }).toBe(3);
      await page.reload();
      await page.locator('[data-testid="conversation-title"]').first().click();
      await expect.poll(() => length.inputValue()).toBe('256');
      await page.click('[data-testid="new-chat"]');
      await expect.poll(() => length.inputValue()).toBe('');
      expect(problems.errors).toEqual([]);
      await context.close();
    } finally {
      await serve.stop();
      removeFolders(cutFolders);
    }
  }, 120_000);

  it('first run with no model: the welcome offers three ways, and a model already on disk is added and answers', async () => {
    const firstFolders = makeFolders('first-run');
    rmSync(join(firstFolders.modelsDir, 'stories260K.gguf'));
    const elsewhere = join(firstFolders.root, 'my-models');
    mkdirSync(elsewhere);
    copyFileSync(storiesModelPath, join(elsewhere, 'tiny-stories.gguf'));
    writeFileSync(join(firstFolders.root, 'notes.gguf'), 'not a model');
    const serve = await startServe(firstFolders);
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const { page, problems } = await openPage(context, serve.url);
      const welcome = page.locator('[data-testid="get-started"]');
      await welcome.waitFor();
      await screenshot(page, 'first-run');
      expect(await seriousAccessibilityViolations(page, 'welcome')).toEqual([]);
      expect(await welcome.locator('h4').allInnerTexts()).toEqual(['Download one', 'Use one you already have', 'Use a cloud model']);
      // A catalog model sized to this machine is offered first, with its size.
      expect(await welcome.locator('.path').first().innerText()).toMatch(/For this computer: .+, \d+(\.\d+)? (MB|GB)\./);
      await welcome.locator('[data-testid="get-started-download"]').waitFor();

      // A model file dropped in a browser: the page is never told where it is on disk, so the
      // person is told to type its path; it is not attached to the message as a document.
      await dropFiles(page, 'drop-zone', [{ name: 'tiny-stories.gguf', base64: 'R0dVRgMAAAA=', type: 'application/octet-stream' }]);
      await page.locator('.toast', { hasText: 'A browser cannot tell Baton where a dropped model file is.' }).waitFor();
      expect(await page.locator('[data-testid="pending-attachment"]').count()).toBe(0);

      // A file that is not a model is refused with the reason.
      await welcome.locator('[data-testid="model-location"]').fill(join(firstFolders.root, 'notes.gguf'));
      await welcome.locator('[data-testid="model-location-use"]').click();
      await expect.poll(() => welcome.locator('[data-testid="existing-models-problem"]').innerText()).toContain('is not a GGUF model file');

      await welcome.locator('[data-testid="model-location"]').fill(elsewhere);
      await welcome.locator('[data-testid="model-location-use"]').click();
      const found = welcome.locator('[data-testid="found-model"]');
      await found.waitFor();
      expect(await found.innerText()).toContain('tiny-stories');
      await found.locator('[data-testid="found-model-add"]').click();
      await welcome.waitFor({ state: 'detached' });

      await expectFirstLocalAnswer(page, 'local:tiny-stories');
      expect(problems.errors).toEqual([]);
      await context.close();
    } finally {
      await serve.stop();
      removeFolders(firstFolders);
    }
  }, 120_000);

  it('first run with no model: the recommended model downloads from the catalog, pauses, resumes from where it stopped, and answers', async () => {
    const downloadFolders = makeFolders('first-download');
    rmSync(join(downloadFolders.modelsDir, 'stories260K.gguf'));
    const fileServer = await startModelFileServer(storiesModelPath);
    // Slow enough to pause half-way: 64 KB every 150 ms.
    fileServer.behavior.chunkDelayMs = 150;
    const modelBytes = readFileSync(storiesModelPath);
    const catalogPath = join(downloadFolders.root, 'catalog.json');
    writeFileSync(
      catalogPath,
      JSON.stringify({
        models: [
          {
            id: 'tiny-stories',
            name: 'Tiny Stories',
            description: 'A very small story model.',
            uri: fileServer.fileUrl,
            fileName: 'tiny-stories.gguf',
            bytes: modelBytes.length,
            quantization: 'F32',
            parameters: '260K',
            contextLength: 512,
            license: 'MIT',
            minRamGiB: 0.5,
            sha256: createHash('sha256').update(modelBytes).digest('hex'),
          },
        ],
      }),
    );
    const serve = await startServe(downloadFolders, { BATON_CATALOG: catalogPath });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const { page, problems } = await openPage(context, serve.url);
      const welcome = page.locator('[data-testid="get-started"]');
      await welcome.waitFor();
      expect(await welcome.locator('.path').first().innerText()).toContain('For this computer: Tiny Stories,');
      await welcome.locator('[data-testid="get-started-download"]').click();

      // The download shows in Models with its progress; Cancel keeps what arrived.
      const entry = page.locator('[data-testid="catalog-model"]', { hasText: 'Tiny Stories' });
      const progress = entry.getByRole('progressbar', { name: 'Downloading Tiny Stories' });
      await expect.poll(async () => Number((await progress.getAttribute('aria-valuenow')) ?? 0), { timeout: 30_000 }).toBeGreaterThan(10);
      await entry.getByRole('button', { name: 'Cancel' }).click();
      const resume = entry.getByRole('button', { name: /^Resume \(.+ kept\)$/ });
      await resume.waitFor();
      expect(await entry.locator('[data-testid="memory-warning"]').count()).toBe(0);

      fileServer.behavior.chunkDelayMs = 0;
      await resume.click();
      await entry.getByText('Downloaded').waitFor({ timeout: 30_000 });
      // The second request asked only for the rest of the file.
      const ranges = fileServer.requests.filter((request) => request.path === '/files/model.gguf').map((request) => request.range);
      expect(ranges[0]).toBeUndefined();
      expect(ranges.at(-1)).toMatch(/^bytes=[1-9]\d*-$/);
      expect(readFileSync(join(downloadFolders.modelsDir, 'tiny-stories.gguf')).equals(modelBytes)).toBe(true);

      await page.click('[data-testid="nav-chat"]');
      await page.locator('[data-testid="get-started"]').waitFor({ state: 'detached' });
      await expectFirstLocalAnswer(page, 'local:tiny-stories');
      expect(problems.errors).toEqual([]);
      await context.close();
    } finally {
      await serve.stop();
      await fileServer.close();
      removeFolders(downloadFolders);
    }
  }, 120_000);

  it('installs the embedding model of document search from Settings, which then says passages are found by meaning too', async () => {
    const embeddingFolders = makeFolders('settings-embedding');
    const entry = loadEmbeddingCatalog()[0]!;
    const tiny = (path: string) => readFileSync(join(tinyEmbedFolder, path));
    const huggingFace = await startFakeHuggingFaceServer({
      [`${entry.repo}/config.json`]: tiny('config.json'),
      [`${entry.repo}/tokenizer.json`]: tiny('tokenizer.json'),
      [`${entry.repo}/tokenizer_config.json`]: tiny('tokenizer_config.json'),
      [`${entry.repo}/${entry.onnxFile}`]: tiny('onnx/model_quantized.onnx'),
    });
    const serve = await startServe(embeddingFolders, { BATON_HF_BASE_URL: huggingFace.origin });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const { page, problems } = await openPage(context, serve.url);
      await page.click('[data-testid="nav-settings"]');
      const section = page.locator('[data-testid="document-search"]');
      await section.waitFor();
      expect(await section.innerText()).toContain('Passages are found by their words alone');
      const model = section.locator('[data-testid="embedding-model"]', { hasText: entry.name });
      expect(await model.innerText()).toContain(`en · about 32 MB · ${entry.license}`);

      await page.click(`[aria-label="Install ${entry.name}"]`);
      await model.locator('[data-testid="embedding-model-installed"]').waitFor();
      expect(await model.locator('[data-testid="embedding-model-installed"]').innerText()).toContain('Installed, in use');
      expect(await section.innerText()).toContain('Passages are found by their words and their meaning together.');
      await screenshot(page, 'settings-embedding-model-installed');
      expect(problems.errors).toEqual([]);
      await context.close();
    } finally {
      await serve.stop();
      await huggingFace.close();
      removeFolders(embeddingFolders);
    }
  }, 120_000);
});
