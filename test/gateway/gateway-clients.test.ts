import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import fc from 'fast-check';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBaton, type Baton } from '../../electron/core/app.js';
import { resolvePaths } from '../../electron/core/paths.js';
import { fixedConsentPrompter } from '../../electron/core/privacy/fixed-consent-prompter.js';
import { startGateway, type Gateway } from '../../electron/host/gateway/gateway-server.js';
import type { FakeCloudServer } from '../support/fake-openai-server.js';
import { decodedStrings } from '../support/decoded-strings.js';
import { entityValueArbitraries } from '../support/entity-values.js';
import { sentTo, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';
import { anyInjectedValue, textWithValues, type InjectedValue } from '../support/pii-values.js';

/**
 * The gateway as other tools meet it: the real `openai` and `@anthropic-ai/sdk` packages pointed
 * at Baton, and Baton's own OpenAI provider pointed at the fake cloud on 127.0.0.1, so what the
 * cloud received and what the client got back are both checked.
 */
const token = 'baton-test-token-0123456789abcdefghijklmnop';
const person = { name: 'Margaret Oyelaran-Whitfield', email: 'm.oyelaran@example.org', phone: '+1 415 555 0134' };

let fixture: GatewayFixture;
let cloud: FakeCloudServer;
let baton: Baton;
let gateway: Gateway;
let client: OpenAI;

beforeAll(async () => {
  fixture = await startGatewayFixture({ token });
  ({ baton, gateway, openAICloud: cloud } = fixture);
  client = new OpenAI({ apiKey: token, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
}, 60_000);

afterAll(() => fixture?.close());

beforeEach(() => {
  cloud.requests.length = 0;
});

/** Everything the fake cloud was sent, decoded. */
const sentToCloud = () => sentTo(cloud);

describe('the OpenAI-compatible gateway, through the real openai client', () => {
  it('lists baton/auto and the models usable now', async () => {
    const ids = (await client.models.list()).data.map((model) => model.id);
    expect(ids[0]).toBe('baton/auto');
    expect(ids).toContain('local:stories260K');
    expect(ids).toContain('openai:gpt-4o-mini');
  });

  it('sends a cloud model only redacted text, and gives the client the answer with the values put back', async () => {
    cloud.enqueue({ kind: 'text', text: 'I will write to ⟦EMAIL_1⟧ and call ⟦PHONE_1⟧ today.' });
    const completion = await client.chat.completions.create({
      model: 'openai:gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are a careful assistant.' },
        { role: 'user', content: `Draft a note to ${person.name}: write to ${person.email} or call ${person.phone}.` },
      ],
    });
    expect(completion.choices[0]!.message.content).toBe(`I will write to ${person.email} and call ${person.phone} today.`);
    expect(completion.model).toBe('openai:gpt-4o-mini');
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    const sent = sentToCloud();
    expect(sent).toContain('You are a careful assistant.');
    for (const value of [person.name, 'Oyelaran', person.email, '555 0134']) expect(sent).not.toContain(value);
    expect(sent).toContain('⟦EMAIL_1⟧');
  });

  it('streams a cloud answer with a placeholder split across chunks, restored whole, with the usage last', async () => {
    cloud.enqueue({ kind: 'text', text: 'Reply sent to ⟦EMAIL_1⟧ just now.', deltas: ['Reply sent to ⟦', 'EMA', 'IL_1', '⟧ just', ' now.'] });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: `Reply to ${person.email} for me.` }],
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe(`Reply sent to ${person.email} just now.`);
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(sentToCloud()).not.toContain(person.email);
  });

  it('answers with the local model, streamed, and keeps the exchange as a conversation', async () => {
    const before = baton.database.conversations.list().length;
    const stream = await client.chat.completions.create({
      model: 'local:stories260K',
      stream: true,
      max_tokens: 24,
      messages: [
        { role: 'user', content: 'Tell me about Lily.' },
        { role: 'assistant', content: 'Lily is a girl.' },
        { role: 'user', content: 'Once upon a time' },
      ],
    });
    const chunks: string[] = [];
    let model = '';
    for await (const chunk of stream) {
      chunks.push(chunk.choices[0]?.delta.content ?? '');
      model = chunk.model;
    }
    expect(model).toBe('local:stories260K');
    expect(chunks.filter((chunk) => chunk.length > 0).length).toBeGreaterThan(3);
    expect(cloud.requests).toEqual([]);
    const conversations = baton.database.conversations.list();
    expect(conversations).toHaveLength(before + 1);
    const stored = baton.database.messages.listByConversation(conversations[0]!.id);
    expect(stored.map((message) => [message.role, message.content])).toEqual([
      ['user', 'Tell me about Lily.'],
      ['assistant', 'Lily is a girl.'],
      ['user', 'Once upon a time'],
      // What streamed is what is kept.
      ['assistant', chunks.join('')],
    ]);
    // The run says who asked: the client's User-Agent.
    expect(baton.database.runs.listByConversation(conversations[0]!.id)[0]!.source).toMatch(/^gateway: OpenAI\/JS \d+\.\d+/);
  }, 60_000);

  it('stores the name a client gives itself (x-baton-client) with its run', async () => {
    const named = new OpenAI({ apiKey: token, baseURL: `${gateway.url}/v1`, maxRetries: 0, defaultHeaders: { 'x-baton-client': 'notebook "lab"' } });
    await named.chat.completions.create({ model: 'local:stories260K', max_tokens: 4, messages: [{ role: 'user', content: 'Once upon a time' }] });
    const [latest] = baton.database.conversations.list();
    expect(baton.database.runs.listByConversation(latest!.id)[0]!.source).toBe('gateway: notebook "lab"');
  }, 60_000);

  it('a client that disconnects mid-stream cancels its run, and the cloud call is aborted', async () => {
    cloud.enqueue({ kind: 'text', text: 'one two three four five six seven eight nine ten eleven twelve', delayMsPerChunk: 150 });
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'openai:gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Count slowly.' }] },
      { signal: controller.signal },
    );
    const received: string[] = [];
    // The openai client ends its iteration quietly when its signal aborts.
    for await (const chunk of stream) {
      received.push(chunk.choices[0]?.delta.content ?? '');
      if (received.join('').includes('two')) controller.abort();
    }
    expect(received.join('')).toBe('one two ');
    await expect.poll(() => cloud.requests[0]?.closedEarly, { timeout: 5_000 }).toBe(true);
    await expect.poll(() => baton.database.runs.listByConversation(baton.database.conversations.list()[0]!.id)[0]?.status, { timeout: 5_000 }).toBe('cancelled');
  });

  it('passes temperature, stop sequences and a JSON schema on, and restores the values inside the JSON answer', async () => {
    const schema = { type: 'object', properties: { recipient: { type: 'string' }, email: { type: 'string' } }, required: ['recipient', 'email'], additionalProperties: false };
    cloud.enqueue({ kind: 'text', text: '{"recipient":"⟦PERSON_1⟧","email":"⟦EMAIL_1⟧"}', deltas: ['{"recipient":"⟦PER', 'SON_1⟧","email":"⟦', 'EMAIL_1⟧"}'] });
    const completion = await client.chat.completions.create({
      model: 'openai:gpt-4o-mini',
      temperature: 0.3,
      stop: ['END'],
      response_format: { type: 'json_schema', json_schema: { name: 'note', schema } },
      messages: [{ role: 'user', content: `Who gets the note? ${person.name}, ${person.email}.` }],
    });
    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual({ recipient: person.name, email: person.email });
    const body = cloud.requests.at(-1)!.body as { temperature?: number; stop?: string[]; response_format?: { json_schema?: { schema?: unknown } } };
    expect(body.temperature).toBe(0.3);
    expect(body.stop).toEqual(['END']);
    expect(body.response_format?.json_schema?.schema).toEqual(schema);
    expect(sentToCloud()).not.toContain(person.email);
  });

  it('never sends a JSON schema or stop sequence that holds a detected value (the local model answers), and refuses json_object', async () => {
    const schema = { type: 'object', properties: { owner: { type: 'string', enum: [person.email, 'nobody'] } }, required: ['owner'], additionalProperties: false };
    const bySchema = await client.chat.completions.create({
      model: 'openai:gpt-4o-mini',
      max_tokens: 120,
      response_format: { type: 'json_schema', json_schema: { name: 'owner', schema } },
      messages: [{ role: 'user', content: 'Whose is it?' }],
    });
    expect(bySchema.model).toBe('local:stories260K');
    // The local model kept to the schema (a grammar), so its answer is one of the two.
    expect([person.email, 'nobody']).toContain((JSON.parse(bySchema.choices[0]!.message.content!) as { owner: string }).owner);
    const byStop = await client.chat.completions.create({ model: 'openai:gpt-4o-mini', max_tokens: 8, stop: [person.phone], messages: [{ role: 'user', content: 'Count to ten.' }] });
    expect(byStop.model).toBe('local:stories260K');
    const notices = baton.database.conversations
      .list()
      .slice(0, 2)
      .flatMap((conversation) => baton.database.runs.listByConversation(conversation.id))
      .flatMap((run) => baton.database.runEvents.listByRun(run.id))
      .flatMap((event) => (event.type === 'run-notice' ? [event.message] : []))
      .join('\n');
    expect(notices).toContain('the JSON schema for the answer holds a value the shield detects');
    expect(notices).toContain('a stop sequence holds a value the shield detects');
    const anyJson = await client.chat.completions
      .create({ model: 'openai:gpt-4o-mini', response_format: { type: 'json_object' }, messages: [{ role: 'user', content: 'Give JSON.' }] })
      .catch((error: unknown) => error);
    expect(anyJson).toBeInstanceOf(OpenAI.BadRequestError);
    expect((anyJson as Error).message).toContain('response_format "json_object" is not supported');
    expect(cloud.requests).toEqual([]);
  });

  it('refuses an unknown model with a 404 that lists the usable ones, and audio with a 400', async () => {
    const unknown = await client.chat.completions.create({ model: 'gpt-9', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect((unknown as InstanceType<typeof OpenAI.NotFoundError>).message).toMatch(/The model "gpt-9" is not usable here\. Usable models: baton\/auto, .*local:stories260K/);

    const audio = await client.chat.completions
      .create({ model: 'openai:gpt-4o-mini', messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }] })
      .catch((error: unknown) => error);
    expect(audio).toBeInstanceOf(OpenAI.BadRequestError);
    expect((audio as Error).message).toContain(`messages[0].content[1]: a "input_audio" part cannot be checked by Baton's privacy shield`);
    expect(cloud.requests).toEqual([]);
  });
});

describe('the Anthropic-compatible gateway, through the real @anthropic-ai/sdk client', () => {
  const anthropic = () => new Anthropic({ apiKey: token, baseURL: gateway.url, maxRetries: 0 });

  it('answers a message with the values restored, and sends the cloud only redacted text', async () => {
    cloud.enqueue({ kind: 'text', text: 'Noted: ⟦EMAIL_1⟧.' });
    const message = await anthropic().messages.create({
      model: 'openai:gpt-4o-mini',
      max_tokens: 200,
      // A client's system text is redacted like any other part of the payload.
      system: `Answer in one line. The user is ${person.name}, phone ${person.phone}.`,
      messages: [{ role: 'user', content: [{ type: 'text', text: `Remember ${person.email} for ${person.name}.` }] }],
    });
    expect(message.content).toEqual([{ type: 'text', text: `Noted: ${person.email}.` }]);
    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: 'openai:gpt-4o-mini', stop_reason: 'end_turn' });
    expect(message.id).toMatch(/^msg_[0-9a-f]{24}$/);
    const sent = sentToCloud();
    expect(sent).toContain('Answer in one line.');
    for (const value of [person.email, person.name, 'Oyelaran', '555 0134']) expect(sent).not.toContain(value);
  });

  it('streams Anthropic\'s events, the text restored across chunks, the usage at the end', async () => {
    cloud.enqueue({ kind: 'text', text: 'Mail ⟦EMAIL_1⟧ before noon.', deltas: ['Mail ⟦EM', 'AIL_', '1⟧ before', ' noon.'] });
    const stream = anthropic().messages.stream({ model: 'openai:gpt-4o-mini', max_tokens: 100, messages: [{ role: 'user', content: `Mail ${person.email}.` }] });
    const deltas: string[] = [];
    stream.on('text', (text) => deltas.push(text));
    const final = await stream.finalMessage();
    expect(deltas.join('')).toBe(`Mail ${person.email} before noon.`);
    expect(final.content).toEqual([{ type: 'text', text: `Mail ${person.email} before noon.` }]);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBeGreaterThan(0);
    expect(sentToCloud()).not.toContain(person.email);
  });

  it('counts tokens without any model call', async () => {
    const counted = await anthropic().messages.countTokens({ model: 'openai:gpt-4o-mini', messages: [{ role: 'user', content: 'x'.repeat(300) }] });
    expect(counted.input_tokens).toBe(108);
    expect(cloud.requests).toEqual([]);
  });

  it('answers errors in Anthropic\'s shape: an unknown model 404, a server tool 400', async () => {
    const unknown = await anthropic()
      .messages.create({ model: 'claude-9', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(Anthropic.NotFoundError);
    expect((unknown as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });

    // Anthropic's server tools run at Anthropic, outside the shield.
    const serverTool = await anthropic()
      .messages.create({
        model: 'openai:gpt-4o-mini',
        max_tokens: 10,
        tools: [{ type: 'web_search_20250305', name: 'web_search' }],
        messages: [{ role: 'user', content: 'Hi' }],
      })
      .catch((error: unknown) => error);
    expect(serverTool).toBeInstanceOf(Anthropic.BadRequestError);
    expect((serverTool as InstanceType<typeof Anthropic.BadRequestError>).error).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'tools[0]: the server tool "web_search_20250305" is not supported by Baton\'s gateway.' },
    });
    expect(cloud.requests).toEqual([]);
  });
});

describe('no detected value reaches the cloud through the gateway (property)', () => {
  // Every kind of value, names, organisations and addresses included, in every place a client can
  // put text: its system text, earlier user and assistant turns, and the question; through both
  // APIs. The seed is fixed, as in the leak test (test/privacy/leak.test.ts).
  const anyValue = fc.oneof(anyInjectedValue, ...Object.values(entityValueArbitraries));
  const textArbitrary = textWithValues(fc.array(anyValue, { minLength: 1, maxLength: 3 }));
  const requestArbitrary = fc.record({
    system: fc.option(textArbitrary, { nil: undefined }),
    earlier: fc.array(fc.tuple(textArbitrary, textArbitrary), { maxLength: 2 }),
    question: textArbitrary,
    api: fc.constantFrom('openai', 'anthropic'),
    stream: fc.boolean(),
  });

  it('in the system text, earlier turns of either side and the question, streamed or not', async () => {
    const openai = new OpenAI({ apiKey: token, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const anthropicClient = new Anthropic({ apiKey: token, baseURL: gateway.url, maxRetries: 0 });
    await fc.assert(
      fc.asyncProperty(requestArbitrary, async ({ system, earlier, question, api, stream }) => {
        const first = cloud.requests.length;
        const turns = [...earlier.flatMap(([asked, answered]) => [{ role: 'user' as const, ...asked }, { role: 'assistant' as const, ...answered }]), { role: 'user' as const, ...question }];
        const messages = turns.map((turn) => ({ role: turn.role, content: turn.text }));
        if (api === 'openai') {
          const all = [...(system ? [{ role: 'system' as const, content: system.text }] : []), ...messages];
          if (stream) for await (const chunk of await openai.chat.completions.create({ model: 'openai:gpt-4o-mini', messages: all, stream: true })) void chunk;
          else await openai.chat.completions.create({ model: 'openai:gpt-4o-mini', messages: all });
        } else {
          const body = { model: 'openai:gpt-4o-mini', max_tokens: 64, ...(system ? { system: system.text } : {}), messages };
          if (stream) await anthropicClient.messages.stream(body).finalMessage();
          else await anthropicClient.messages.create(body);
        }
        const sent = cloud.requests.slice(first);
        expect(sent).toHaveLength(1);
        const strings = decodedStrings(sent[0]!.body).join('\n');
        const injected: InjectedValue[] = [...(system?.values ?? []), ...turns.flatMap((turn) => turn.values)];
        for (const value of injected) {
          for (const secret of value.secrets) expect(strings.includes(secret), `${value.kind} "${secret}" leaked through the ${api} API`).toBe(false);
        }
      }),
      { numRuns: 24, seed: 20261202 },
    );
  }, 180_000);
});

/** A raw request, for what no SDK sends: a wrong Host, an Origin, a huge body. */
function rawRequest(options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: gateway.port, method: options.method ?? 'GET', path: options.path, headers: options.headers ?? {} }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

describe('who may use the gateway', () => {
  const authorized = { authorization: `Bearer ${token}` };

  it('refuses a missing or wrong token (Authorization or x-api-key), and takes the right one either way', async () => {
    expect((await rawRequest({ path: '/v1/models' })).status).toBe(401);
    expect((await rawRequest({ path: '/v1/models', headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await rawRequest({ path: '/v1/models', headers: { 'x-api-key': 'wrong' } })).status).toBe(401);
    expect((await rawRequest({ path: '/v1/models', headers: authorized })).status).toBe(200);
    expect((await rawRequest({ path: '/v1/models', headers: { 'x-api-key': token } })).status).toBe(200);
  });

  it('refuses a foreign Host (DNS rebinding) and any browser Origin, even with the token', async () => {
    const rebound = await rawRequest({ path: '/v1/models', headers: { ...authorized, host: `attacker.example:${gateway.port}` } });
    expect(rebound.status).toBe(421);
    const fromPage = await rawRequest({ path: '/v1/models', headers: { ...authorized, origin: 'https://attacker.example' } });
    expect(fromPage.status).toBe(403);
    expect(JSON.parse(fromPage.body)).toMatchObject({ error: { type: 'authentication_error', message: 'Requests from web pages (with an Origin) are refused.' } });
  });

  it('refuses an oversized body with 413 before reading it, and sends nothing anywhere', async () => {
    const huge = JSON.stringify({ model: 'openai:gpt-4o-mini', messages: [{ role: 'user', content: `${person.email} ${'x'.repeat(9 * 1024 * 1024)}` }] });
    const response = await rawRequest({ method: 'POST', path: '/v1/chat/completions', headers: { ...authorized, 'content-type': 'application/json' }, body: huge }).catch(
      (error: unknown) => ({ status: -1, body: String(error) }),
    );
    // The server answers 413 and closes; a client still sending may see the connection reset instead.
    expect([413, -1]).toContain(response.status);
    expect(cloud.requests).toEqual([]);
  });
});

describe('a gateway whose shield cannot run', () => {
  it('sends the cloud nothing, and says why', async () => {
    const brokenRoot = mkdtempSync(join(tmpdir(), 'baton-gateway-broken-'));
    const broken = createBaton({
      paths: resolvePaths({ BATON_DATA_DIR: join(brokenRoot, 'data'), BATON_MODELS_DIR: join(brokenRoot, 'models') }),
      environment: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${cloud.url}/v1` },
      settingsOverrides: { cloudMaxRetries: 0 },
      consentPrompter: fixedConsentPrompter('allow-once'),
      entityClassifierPath: join(brokenRoot, 'no-classifier'),
    });
    const brokenGateway = await startGateway({ baton: broken, token, port: 0, log: () => {} });
    try {
      const brokenClient = new OpenAI({ apiKey: token, baseURL: `${brokenGateway.url}/v1`, maxRetries: 0 });
      const error = await brokenClient.chat.completions
        .create({ model: 'openai:gpt-4o-mini', messages: [{ role: 'user', content: `Write to ${person.name} at ${person.email}.` }] })
        .catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
      expect((error as Error).message).toMatch(/^403 Nothing was sent to GPT-4o mini: the privacy shield could not check the text: recognizer "entity-classifier" failed/);
      expect(cloud.requests).toEqual([]);
    } finally {
      await brokenGateway.close();
      await broken.close();
      rmSync(brokenRoot, { recursive: true, force: true });
    }
  });
});
