import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropicServer } from '../support/fake-anthropic-server.js';
import { startFakeOpenAIServer } from '../support/fake-openai-server.js';
import type { FakeCloudServer } from '../support/fake-server-common.js';
import { startService, type ServiceHarness } from './service-fixture.js';

let harness: ServiceHarness | undefined;
const servers: FakeCloudServer[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('Test connection of a cloud key', () => {
  it('tries a typed key against OpenAI before it is saved, then the saved one, sending no text', async () => {
    const openai = await startFakeOpenAIServer({ apiKey: 'sk-right' });
    servers.push(openai);
    harness = await startService();
    await harness.call('settings.update', { patch: { openaiBaseUrl: `${openai.url}/v1` } });

    expect(await harness.call('providers.check', { provider: 'openai' })).toEqual({
      ok: false,
      message: 'No OpenAI API key: set OPENAI_API_KEY or add the key in Settings.',
    });
    const refused = await harness.call('providers.check', { provider: 'openai', apiKey: 'sk-wrong' });
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/key/i);
    expect(await harness.call('providers.check', { provider: 'openai', apiKey: 'sk-right' })).toEqual({ ok: true, message: 'the key works: OpenAI lists 2 models' });
    await harness.call('settings.update', { patch: { openaiApiKey: 'sk-right' } });
    expect((await harness.call('providers.check', { provider: 'openai' })).ok).toBe(true);

    // Listings only: one GET per try, no model call, no body.
    expect(openai.requests.map((request) => [request.method, request.path, request.body])).toEqual([
      ['GET', '/v1/models', undefined],
      ['GET', '/v1/models', undefined],
      ['GET', '/v1/models', undefined],
    ]);
  });

  it('tries an Anthropic key the same way, and says when the address cannot be reached', async () => {
    const anthropic = await startFakeAnthropicServer({ apiKey: 'sk-ant-right' });
    servers.push(anthropic);
    harness = await startService();
    await harness.call('settings.update', { patch: { anthropicBaseUrl: anthropic.url } });
    expect(await harness.call('providers.check', { provider: 'anthropic', apiKey: 'sk-ant-right' })).toEqual({
      ok: true,
      message: 'the key works: Anthropic answered with its models',
    });
    const refused = await harness.call('providers.check', { provider: 'anthropic', apiKey: 'sk-ant-wrong' });
    expect(refused).toMatchObject({ ok: false });
    expect(refused.message).toMatch(/key/i);
    expect(anthropic.requests.every((request) => request.method === 'GET' && request.path.startsWith('/v1/models'))).toBe(true);

    await anthropic.close();
    servers.splice(0);
    const unreachable = await harness.call('providers.check', { provider: 'anthropic', apiKey: 'sk-ant-right' });
    expect(unreachable.ok).toBe(false);
    expect(unreachable.message.length).toBeGreaterThan(0);
  });

  it('tries nothing while offline', async () => {
    const openai = await startFakeOpenAIServer();
    servers.push(openai);
    harness = await startService();
    await harness.call('settings.update', { patch: { openaiBaseUrl: `${openai.url}/v1` } });
    await harness.call('privacy.update', { offline: true });
    expect(await harness.call('providers.check', { provider: 'openai', apiKey: 'sk-any' })).toEqual({
      ok: false,
      message: 'Baton is offline: nothing is sent to a cloud provider. Go online to test the connection.',
    });
    expect(openai.requests).toEqual([]);
  });
});
