import OpenAI from 'openai';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeCloudServer } from '../support/fake-openai-server.js';
import { freePort } from '../support/free-port.js';
import { browserTestsSkipped, launchBrowser, makeFolders, openPage, removeFolders, requireBrowserPrerequisites, screenshot, seriousAccessibilityViolations, startServe, type BatonFolders, type ServeProcess } from './e2e-support.js';

/**
 * The gateway switched on in Settings, end to end: `baton serve` with the fake OpenAI server as
 * its cloud, the page in Chromium, and the real `openai` client in this process as the other tool.
 * The client's request to a cloud model opens the page's consent dialog, which names the client.
 */
const person = { name: 'Margaret Oyelaran-Whitfield', email: 'm.oyelaran@example.org' };
const cloudModel = 'openai:gpt-4o-mini';

describe.skipIf(browserTestsSkipped)('the gateway switch in Settings, in the browser', () => {
  let folders: BatonFolders;
  let fake: FakeCloudServer;
  let serve: ServeProcess;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    requireBrowserPrerequisites();
    folders = makeFolders('gateway');
    fake = await startFakeOpenAIServer();
    [serve, browser] = await Promise.all([startServe(folders, { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${fake.url}/v1` }), launchBrowser()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await fake?.close();
    removeFolders(folders);
  });

  it('turned on, it shows the address and token, lets other computers in only after a warning; a client request asks in the page, naming the client, and gets the values back; a picture is asked about as unchecked', async () => {
    const { page, problems } = await openPage(context, serve.url);
    await page.click('[data-testid="nav-settings"]');
    const status = page.locator('[data-testid="gateway-status"]');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 60_000 }).toBe('off');
    expect(await page.locator('[data-testid="gateway-switch"]').isChecked()).toBe(false);

    // Another port than the default: tests run side by side on this machine.
    const port = await freePort();
    await page.fill('[data-testid="gateway-port"]', String(port));
    await page.click('[data-testid="gateway-port-apply"]');
    await expect.poll(() => page.locator('[data-testid="gateway-port-apply"]').isDisabled(), { timeout: 30_000 }).toBe(true);
    await page.click('[data-testid="gateway-switch"]');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 60_000 }).toBe('listening');

    const address = await page.locator('[data-testid="gateway-address"]').innerText();
    expect(address).toBe(`http://127.0.0.1:${port}`);
    // The token is masked until Show.
    expect(await page.locator('[data-testid="gateway-token"]').innerText()).toMatch(/^•+$/);
    await page.click('[data-testid="gateway-token-toggle"]');
    const token = await page.locator('[data-testid="gateway-token"]').innerText();
    expect(token).toMatch(/^baton-[\w-]{20,}$/);
    expect(await page.locator('[data-testid="gateway-example-openai"]').innerText()).toBe(`OPENAI_BASE_URL=${address}/v1\nOPENAI_API_KEY=${token}`);
    expect(await page.locator('[data-testid="gateway-example-anthropic"]').innerText()).toBe(`ANTHROPIC_BASE_URL=${address}\nANTHROPIC_API_KEY=${token}`);
    expect(await seriousAccessibilityViolations(page, 'gateway settings')).toEqual([]);
    await screenshot(page, 'gateway-settings');

    // Other computers: a warning first; cancelled, the gateway stays on this computer alone.
    const network = page.locator('[data-testid="gateway-network"]');
    const warning = page.locator('[data-testid="gateway-network-warning"]');
    await network.click();
    await warning.waitFor({ timeout: 10_000 });
    expect(await warning.innerText()).toContain('crosses the network unencrypted (plain HTTP)');
    expect(await seriousAccessibilityViolations(page, 'gateway network warning')).toEqual([]);
    await page.click('[data-testid="gateway-network-cancel"]');
    await expect.poll(() => warning.count(), { timeout: 10_000 }).toBe(0);
    expect(await network.isChecked()).toBe(false);
    expect(await page.locator('[data-testid="gateway-network-addresses"]').count()).toBe(0);
    // Allowed, it says where other computers reach it; unticked, it is back to this computer.
    await network.click();
    await page.click('[data-testid="gateway-network-confirm"]');
    const addresses = page.locator('[data-testid="gateway-network-addresses"]');
    await expect.poll(() => addresses.innerText().catch(() => ''), { timeout: 30_000 }).toMatch(new RegExp(`^(http://\\d+\\.\\d+\\.\\d+\\.\\d+:${port}\\n?)+$|^No network address`));
    expect(await network.isChecked()).toBe(true);
    await network.click();
    await expect.poll(() => addresses.count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 60_000 }).toBe('listening');

    // The other tool asks a cloud model: the page's consent dialog asks first, and says who.
    fake.enqueue({ kind: 'text', text: 'I will write to ⟦EMAIL_1⟧ today.' });
    const client = new OpenAI({ apiKey: token, baseURL: `${address}/v1`, maxRetries: 0, timeout: 120_000 });
    const answering = client.chat.completions.create({
      model: cloudModel,
      messages: [{ role: 'user', content: `Draft a note to ${person.name} at ${person.email} about the invoice.` }],
    });
    await page.locator('[data-testid="consent-dialog"][open]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="consent-source"]').innerText()).toMatch(/^Request from gateway: OpenAI\/JS \d+\.\d+\.\d+: another program on this computer asked/);
    expect(await page.locator('[data-testid="consent-model"]').innerText()).toBe(cloudModel);
    const payload = await page.locator('[data-testid="consent-payload"]').innerText();
    expect(payload).toContain('about the invoice');
    for (const value of [person.name, 'Oyelaran', person.email]) expect(payload).not.toContain(value);
    expect(fake.requests).toHaveLength(0);
    await screenshot(page, 'gateway-consent-dialog');

    await page.click('[data-testid="consent-allow-once"]');
    const completion = await answering.catch((error: unknown) => {
      throw new Error(`${String(error)}\nbaton serve said:\n${serve.output()}`, { cause: error });
    });
    expect(completion.choices[0]!.message.content).toBe(`I will write to ${person.email} today.`);
    expect(completion.model).toBe(cloudModel);
    expect(fake.requests).toHaveLength(1);
    const sent = JSON.stringify(fake.requests[0]!.body);
    expect(sent).toContain('about the invoice');
    for (const value of [person.name, 'Oyelaran', person.email]) expect(sent).not.toContain(value);

    // The history marks the conversation with its client, and so does the run view of its answer.
    const source = page.locator('[data-testid="conversation-source"]').first();
    await expect.poll(() => source.innerText().catch(() => ''), { timeout: 60_000 }).toMatch(/gateway · OpenAI\/JS \d+/);
    await source.locator('xpath=ancestor::button[1]').click();
    const answer = page.locator('[data-testid="assistant-message"][data-status="complete"]').last();
    await answer.waitFor({ timeout: 60_000 });
    expect(await answer.locator('[data-testid="answer"]').innerText()).toContain(`I will write to ${person.email} today.`);
    await answer.locator('[data-testid="run-toggle"]').click();
    await expect.poll(() => answer.locator('[data-testid="run-source"]').innerText().catch(() => ''), { timeout: 30_000 }).toMatch(/^gateway · OpenAI\/JS \d+/);
    await screenshot(page, 'gateway-conversation');
    // Stats tell its requests apart.
    await page.click('[data-testid="nav-stats"]');
    await expect.poll(() => page.locator('[data-testid="gateway-cost"]').innerText().catch(() => ''), { timeout: 30_000 }).toMatch(/1 request from other tools/);
    await page.click('[data-testid="nav-settings"]');

    // A picture: the dialog says it goes unchecked; the person says no, and nothing is sent.
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    const picturing = client.chat.completions
      .create({ model: cloudModel, messages: [{ role: 'user', content: [{ type: 'text', text: 'What does this show?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] }] })
      .catch((error: unknown) => error);
    await page.locator('[data-testid="consent-dialog"][open]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="consent-images"]').innerText()).toBe(
      'A picture (PNG, 70 B) would be sent as it is. Baton cannot check pictures for names, faces or other personal details: allow only if you know what it shows. You are asked again for every request with pictures.',
    );
    await page.click('[data-testid="consent-deny"]');
    const refusal = await picturing;
    expect(refusal).toBeInstanceOf(OpenAI.APIError);
    expect((refusal as Error).message).toContain('Nothing was sent to');
    expect(fake.requests).toHaveLength(1);

    // Off again: the tool can no longer connect.
    await page.click('[data-testid="gateway-switch"]');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 60_000 }).toBe('off');
    await expect(client.models.list()).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    expect(problems.errors).toEqual([]);
    await page.close();
  }, 240_000);
});
