import { createOpenAI } from '@ai-sdk/openai';
import { APICallError, generateText, streamText } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openAIPromptTokensOf, type FakeCloudServer } from '../support/fake-openai-server.js';
import { sentTo, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';

/**
 * The gateway as a framework meets it: the Vercel AI SDK's OpenAI provider (`ai` and
 * `@ai-sdk/openai`, its Chat Completions model) pointed at Baton, and Baton's own OpenAI provider
 * pointed at the fake cloud on 127.0.0.1, so what the cloud received and what the framework handed
 * its caller are both checked. `provider(id)` would speak the Responses API, which the gateway does
 * not serve; `provider.chat(id)` speaks Chat Completions.
 */
const token = 'baton-test-token-0123456789abcdefghijklmnop';
const person = { name: 'Margaret Oyelaran-Whitfield', email: 'm.oyelaran@example.org', phone: '+1 415 555 0134' };
/** The raw values and pieces of them that must never reach the cloud. */
const rawPieces = [person.name, 'Margaret', 'Oyelaran', 'Whitfield', person.email, person.phone, '555 0134'];
const system = 'You are a careful assistant.';

let fixture: GatewayFixture;
let cloud: FakeCloudServer;
let provider: ReturnType<typeof createOpenAI>;

beforeAll(async () => {
  // No local model file: the models a client may name are the fake cloud's alone.
  fixture = await startGatewayFixture({ token, localModel: false });
  cloud = fixture.openAICloud;
  provider = createOpenAI({ baseURL: `${fixture.gateway.url}/v1`, apiKey: token });
}, 60_000);

afterAll(() => fixture?.close());

beforeEach(() => {
  cloud.requests.length = 0;
});

/** Everything the fake cloud was sent, decoded. */
const sentToCloud = () => sentTo(cloud);

/** The messages of the one model call the fake cloud received. */
function messagesSentToCloud(): unknown {
  expect(cloud.requests).toHaveLength(1);
  return (cloud.requests[0]!.body as { messages: unknown }).messages;
}

describe('the OpenAI-compatible gateway, through the Vercel AI SDK', () => {
  it('generateText: the cloud gets placeholders only, the caller gets the values back and the usage', async () => {
    cloud.enqueue({ kind: 'text', text: 'I will write to ⟦EMAIL_1⟧ and call ⟦PHONE_1⟧ today.' });
    const result = await generateText({
      model: provider.chat('openai:gpt-4o-mini'),
      system,
      prompt: `Draft a note to ${person.name}: write to ${person.email} or call ${person.phone}.`,
      maxRetries: 0,
    });

    expect(messagesSentToCloud()).toEqual([
      { role: 'system', content: system },
      { role: 'user', content: 'Draft a note to ⟦PERSON_1⟧: write to ⟦EMAIL_1⟧ or call ⟦PHONE_1⟧.' },
    ]);
    const sent = sentToCloud();
    for (const piece of rawPieces) expect(sent).not.toContain(piece);

    expect(result.text).toBe(`I will write to ${person.email} and call ${person.phone} today.`);
    expect(result.finishReason).toBe('stop');
    // The fake counts a prompt token per four characters of the redacted text, an output token per word.
    const inputTokens = openAIPromptTokensOf(cloud.requests[0]!.body);
    expect(inputTokens).toBe(24);
    expect(result.usage).toMatchObject({ inputTokens, outputTokens: 9, totalTokens: inputTokens + 9 });
  });

  it('streamText: the streamed deltas, joined, are the answer with the values restored', async () => {
    // The cloud's deltas cut both placeholders; each reaches the client whole, once restored.
    cloud.enqueue({ kind: 'text', text: 'Reply sent to ⟦EMAIL_1⟧ just now, ⟦PERSON_1⟧.', deltas: ['Reply sent to ⟦EM', 'AIL_1⟧ just now, ⟦', 'PERSON_1⟧.'] });
    const errors: unknown[] = [];
    const result = streamText({
      model: provider.chat('openai:gpt-4o-mini'),
      system,
      prompt: `Draft a note to ${person.name}: write to ${person.email} or call ${person.phone}.`,
      maxRetries: 0,
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);

    expect(deltas).toEqual(['Reply sent to ', `${person.email} just now, `, `${person.name}.`]);
    expect(deltas.join('')).toBe(`Reply sent to ${person.email} just now, ${person.name}.`);
    expect(await result.text).toBe(`Reply sent to ${person.email} just now, ${person.name}.`);
    expect(await result.finishReason).toBe('stop');
    expect(errors).toEqual([]);
    const inputTokens = openAIPromptTokensOf(cloud.requests[0]!.body);
    expect(inputTokens).toBe(24);
    expect(await result.usage).toMatchObject({ inputTokens, outputTokens: 7, totalTokens: inputTokens + 7 });
    // What the SDK asked of the gateway: a stream, with the usage at its end.
    expect((await result.request).body).toMatchObject({ model: 'openai:gpt-4o-mini', stream: true, stream_options: { include_usage: true } });

    expect(messagesSentToCloud()).toEqual([
      { role: 'system', content: system },
      { role: 'user', content: 'Draft a note to ⟦PERSON_1⟧: write to ⟦EMAIL_1⟧ or call ⟦PHONE_1⟧.' },
    ]);
    const sent = sentToCloud();
    for (const piece of rawPieces) expect(sent).not.toContain(piece);
  });

  it('a multi-turn messages array: a name in an earlier turn only never reaches the cloud, and comes back restored', async () => {
    cloud.enqueue({ kind: 'text', text: 'Dear ⟦PERSON_1⟧, thank you for your time.' });
    const result = await generateText({
      model: provider.chat('openai:gpt-4o-mini'),
      messages: [
        { role: 'user', content: `I met ${person.name} at the conference yesterday.` },
        { role: 'assistant', content: 'That sounds like a useful meeting.' },
        { role: 'user', content: 'Write a one-line thank-you note to them.' },
      ],
      maxRetries: 0,
    });

    expect(messagesSentToCloud()).toEqual([
      { role: 'user', content: 'I met ⟦PERSON_1⟧ at the conference yesterday.' },
      { role: 'assistant', content: 'That sounds like a useful meeting.' },
      { role: 'user', content: 'Write a one-line thank-you note to them.' },
    ]);
    const sent = sentToCloud();
    for (const piece of rawPieces) expect(sent).not.toContain(piece);
    expect(result.text).toBe(`Dear ${person.name}, thank you for your time.`);
  });

  it('an unknown model: an APICallError with status 404 whose message lists the usable ids, and no cloud call', async () => {
    const error = await generateText({ model: provider.chat('gpt-9'), prompt: 'Hi', maxRetries: 0 }).catch((reason: unknown) => reason);

    expect(APICallError.isInstance(error)).toBe(true);
    const callError = error as APICallError;
    expect(callError.statusCode).toBe(404);
    expect(callError.isRetryable).toBe(false);
    expect(callError.message).toBe('The model "gpt-9" is not usable here. Usable models: baton/auto, openai:gpt-4o-mini, openai:gpt-4o.');
    expect(JSON.parse(callError.responseBody!)).toEqual({
      error: { message: callError.message, type: 'not_found_error', param: null, code: 'model-not-found' },
    });
    expect(cloud.requests).toEqual([]);
  });
});
