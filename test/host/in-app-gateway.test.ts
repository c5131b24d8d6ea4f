import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { get } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiEvent, GatewayState } from '../../electron/shared/api.js';
import { gatewayLauncher } from '../../electron/host/gateway-launcher.js';
import { startFakeOpenAIServer, type FakeCloudServer } from '../support/fake-openai-server.js';
import { storiesModelPath, testLocalSettings } from '../support/local-model-fixture.js';
import { freePort } from '../support/free-port.js';
import { startService, type ServiceHarness } from './service-fixture.js';

/**
 * The gateway switched on in Settings, as the desktop app and `baton serve` run it: the service's
 * own Baton answers, its consent broker asks (as the app's dialog would), and a real `openai`
 * client is the other tool. Baton's OpenAI provider points at the fake cloud, so what the cloud
 * received is checked too.
 */
const person = { name: 'Margaret Oyelaran-Whitfield', email: 'm.oyelaran@example.org' };
const cloudModel = 'openai:gpt-4o-mini';

type ConsentAsked = Extract<ApiEvent, { type: 'consent-requested' }>;

let root: string;
let cloud: FakeCloudServer;
let harness: ServiceHarness;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'baton-in-app-gateway-'));
  mkdirSync(join(root, 'models'), { recursive: true });
  // A local model: a denied cloud call is answered on this machine.
  copyFileSync(storiesModelPath, join(root, 'models', 'stories260K.gguf'));
  cloud = await startFakeOpenAIServer();
  harness = await startService({
    root,
    environment: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${cloud.url}/v1` },
    gateway: gatewayLauncher({}, () => {}),
    baton: {
      settingsOverrides: {
        localGpu: testLocalSettings.gpu,
        localThreads: testLocalSettings.threads,
        localSequences: testLocalSettings.sequences,
        localMaxContextSize: testLocalSettings.maxContextSize,
        cloudMaxRetries: 0,
      },
    },
  });
}, 60_000);

afterAll(async () => {
  await harness?.close();
  await cloud?.close();
  rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  cloud.requests.length = 0;
});

function clientOf(state: GatewayState): OpenAI {
  return new OpenAI({ apiKey: state.token!, baseURL: `${state.url!}/v1`, maxRetries: 0 });
}

/** The next consent request after `seen` events, as a window receives it. */
async function nextConsentRequest(seen: number): Promise<ConsentAsked> {
  return harness.waitForEvent((event): event is ConsentAsked => event.type === 'consent-requested' && harness.events.indexOf(event) >= seen, 30_000);
}

function sentToCloud(): string {
  return JSON.stringify(cloud.requests.map((request) => request.body));
}

describe('the gateway switch of the service', () => {
  let state: GatewayState;

  it('is off by default; switched on, it listens on 127.0.0.1 with the installation token', async () => {
    expect(await harness.call('gateway.get', {})).toEqual({ available: true, enabled: false, port: 4141, network: false, networkAddresses: [], status: 'off', url: null, token: null, error: null });
    const port = await freePort();
    state = await harness.call('gateway.update', { enabled: true, port });
    expect(state).toEqual({
      available: true,
      enabled: true,
      port,
      network: false,
      networkAddresses: [],
      status: 'listening',
      url: `http://127.0.0.1:${port}`,
      token: expect.stringMatching(/^baton-/),
      error: null,
    });
    expect(harness.events).toContainEqual({ type: 'gateway-changed', gateway: state });
    const ids = (await clientOf(state).models.list()).data.map((model) => model.id);
    expect(ids).toEqual(expect.arrayContaining(['baton/auto', 'local:stories260K', cloudModel]));
    // Payloads are checked: a privileged port, or an unknown field, is refused.
    await expect(harness.call('gateway.update', { port: 80 })).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(harness.call('gateway.update', { enabled: true, host: '0.0.0.0' })).rejects.toMatchObject({ code: 'invalid-request' });
  });

  it("asks the service's consent broker, naming the client; allowed once, the cloud sees placeholders and the client the values", async () => {
    const client = clientOf(state);
    cloud.enqueue({ kind: 'text', text: 'I will write to ⟦EMAIL_1⟧ today.' });
    const seen = harness.events.length;
    const answering = client.chat.completions.create({
      model: cloudModel,
      messages: [{ role: 'user', content: `Draft a note to ${person.name} at ${person.email} about the invoice.` }],
    });
    const asked = await nextConsentRequest(seen);
    expect(asked.source).toMatch(/^gateway: OpenAI\/JS \d+\.\d+/);
    expect(asked.request.modelId).toBe(cloudModel);
    const payload = JSON.stringify(asked.request.payload);
    expect(payload).toContain('about the invoice');
    for (const value of [person.name, 'Oyelaran', person.email]) expect(payload).not.toContain(value);
    // Nothing has gone out before the answer.
    expect(cloud.requests).toEqual([]);

    expect(await harness.call('consent.respond', { requestId: asked.request.id, decision: 'allow-once' })).toEqual({ accepted: true });
    const completion = await answering;
    expect(completion.choices[0]!.message.content).toBe(`I will write to ${person.email} today.`);
    expect(completion.model).toBe(cloudModel);
    const sent = sentToCloud();
    expect(sent).toContain('about the invoice');
    for (const value of [person.name, 'Oyelaran', person.email]) expect(sent).not.toContain(value);
    expect(sent).toContain('⟦EMAIL_1⟧');

    // The history marks the conversation and its run with the client.
    const { conversations } = await harness.call('conversations.list', {});
    expect(conversations[0]!.source).toBe(asked.source);
    const detail = await harness.call('conversations.get', { id: conversations[0]!.id });
    expect(detail.conversation.source).toBe(asked.source);
    expect(detail.runs.map((run) => run.source)).toEqual([asked.source]);
    // Stats tell the gateway's requests apart.
    const { gateway } = await harness.call('stats.costs', {});
    expect(gateway.requests).toBe(1);
    expect(gateway.costUsd).toBeCloseTo(detail.runs[0]!.costUsd, 12);
    expect(gateway.costUsd).toBeGreaterThan(0);
  }, 60_000);

  it('denied, the client gets the local answer and the cloud nothing', async () => {
    const client = clientOf(state);
    const seen = harness.events.length;
    const answering = client.chat.completions.create({ model: cloudModel, max_tokens: 8, messages: [{ role: 'user', content: `Once upon a time ${person.email} wrote` }] });
    const asked = await nextConsentRequest(seen);
    await harness.call('consent.respond', { requestId: asked.request.id, decision: 'deny' });
    const completion = await answering;
    expect(completion.model).toBe('local:stories260K');
    expect(cloud.requests).toEqual([]);
  }, 60_000);

  it('no answer within the consent timeout is a denial, with the settings of a Baton renewed since the gateway started', async () => {
    // A settings change makes the service a new Baton: the running gateway answers with it.
    await harness.call('settings.update', { patch: { consentTimeoutSeconds: 1 } });
    const client = clientOf(state);
    const seen = harness.events.length;
    const answering = client.chat.completions.create({ model: cloudModel, max_tokens: 8, messages: [{ role: 'user', content: `Once upon a time ${person.email} wrote` }] });
    const asked = await nextConsentRequest(seen);
    const closed = await harness.waitForEvent(
      (event): event is Extract<ApiEvent, { type: 'consent-closed' }> => event.type === 'consent-closed' && event.requestId === asked.request.id,
      30_000,
    );
    expect(closed.decision).toBe('deny');
    expect((await answering).model).toBe('local:stories260K');
    expect(cloud.requests).toEqual([]);
    await harness.call('settings.update', { patch: { consentTimeoutSeconds: null } });
  }, 60_000);

  it('moves to another port; switched off, its waiting request is cancelled and connections are refused', async () => {
    const before = state;
    const port = await freePort();
    state = await harness.call('gateway.update', { port });
    expect(state).toMatchObject({ status: 'listening', url: `http://127.0.0.1:${port}`, token: before.token });
    await expect(clientOf(before).models.list()).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    const client = clientOf(state);
    expect((await client.models.list()).data.length).toBeGreaterThan(1);

    // A request waits for consent when the switch goes off: its run stops, the dialog closes.
    const seen = harness.events.length;
    const answering = client.chat.completions.create({ model: cloudModel, messages: [{ role: 'user', content: `Write to ${person.email}.` }] });
    const failed = answering.then(
      () => undefined,
      (error: unknown) => error,
    );
    const asked = await nextConsentRequest(seen);
    expect(await harness.call('gateway.update', { enabled: false })).toEqual({ available: true, enabled: false, port, network: false, networkAddresses: [], status: 'off', url: null, token: null, error: null });
    expect(await failed).toBeInstanceOf(OpenAI.APIConnectionError);
    await harness.waitForEvent((event): event is ApiEvent => event.type === 'consent-closed' && event.requestId === asked.request.id);
    await expect(client.models.list()).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    expect(cloud.requests).toEqual([]);
  }, 60_000);

  it('lets other computers in only when the person chose so: then on every address, with an IP address as Host, and back to 127.0.0.1 alone', async () => {
    // 127.0.0.2 is this machine too (Linux routes all of 127/8 to loopback), but a server bound to
    // 127.0.0.1 does not answer there: one bound to every address does. No traffic leaves the machine.
    // A fresh connection each time (no pool): a kept-alive one would outlive a restart of the gateway.
    const reach = (address: string) =>
      new Promise<number | string>((resolve) => {
        const request = get(`http://${address}:${state.port}/v1/models`, { agent: false, headers: { authorization: `Bearer ${state.token!}` } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', (error: NodeJS.ErrnoException) => resolve(`refused (${error.code ?? error.message})`));
      });
    state = await harness.call('gateway.update', { enabled: true });
    expect(await reach('127.0.0.1')).toBe(200);
    expect(await reach('127.0.0.2')).toBe('refused (ECONNREFUSED)');

    state = await harness.call('gateway.update', { network: true });
    const expectedAddresses = Object.values(networkInterfaces())
      .flatMap((addresses) => addresses ?? [])
      .filter((address) => address.family === 'IPv4' && !address.internal)
      .map((address) => `http://${address.address}:${state.port}`);
    expect(state).toMatchObject({ enabled: true, network: true, status: 'listening', url: `http://127.0.0.1:${state.port}`, networkAddresses: expectedAddresses });
    expect(await reach('127.0.0.1')).toBe(200);
    expect(await reach('127.0.0.2')).toBe(200);
    expect((await clientOf(state).models.list()).data.length).toBeGreaterThan(1);

    state = await harness.call('gateway.update', { network: false });
    expect(state).toMatchObject({ network: false, networkAddresses: [], status: 'listening' });
    expect(await reach('127.0.0.2')).toBe('refused (ECONNREFUSED)');
    expect(await reach('127.0.0.1')).toBe(200);
  });

  it('a port in use is reported in the state, not thrown; another port works', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const busyPort = (busy.address() as { port: number }).port;
    try {
      const failed = await harness.call('gateway.update', { enabled: true, port: busyPort });
      expect(failed).toMatchObject({ enabled: true, status: 'failed', url: null, token: null });
      expect(failed.error).toMatch(new RegExp(`^Port ${busyPort} is already in use on this computer .*: choose another port\\.$`));
      const port = await freePort();
      state = await harness.call('gateway.update', { port });
      expect(state).toMatchObject({ status: 'listening', error: null });
      expect((await clientOf(state).models.list()).data.length).toBeGreaterThan(1);
    } finally {
      busy.close();
    }
  });

  it('listens again after a restart while switched on, and stops with the service', async () => {
    await harness.restart();
    await expect.poll(async () => (await harness.call('gateway.get', {})).status, { timeout: 20_000 }).toBe('listening');
    const restarted = await harness.call('gateway.get', {});
    expect(restarted).toMatchObject({ port: state.port, token: state.token });
    expect((await clientOf(restarted).models.list()).data.length).toBeGreaterThan(1);
    await harness.service.close();
    await expect(clientOf(restarted).models.list()).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
  }, 60_000);
});
