import Anthropic from '@anthropic-ai/sdk';
import fc from 'fast-check';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeCloudServer } from '../support/fake-openai-server.js';
import { decodedStrings } from '../support/decoded-strings.js';
import { entityValueArbitraries } from '../support/entity-values.js';
import { sentTo, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';
import { anyInjectedValue, textWithValues, type InjectedValue } from '../support/pii-values.js';

/**
 * Function calling and tool use through the gateway, with the real clients on one side and
 * Baton's real OpenAI and Anthropic providers against the fake clouds on the other: the tool
 * definitions reach the cloud, the model's call comes back with its arguments' values restored,
 * and the client's tool results go to the cloud redacted.
 */
const token = 'baton-test-token-tools-0123456789abcdefghij';
const email = 'm.oyelaran@example.org';
const phone = '+1 415 555 0134';

let fixture: GatewayFixture;
let openAICloud: FakeCloudServer;
let anthropicCloud: FakeCloudServer;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  fixture = await startGatewayFixture({ token, anthropic: true });
  openAICloud = fixture.openAICloud;
  anthropicCloud = fixture.anthropicCloud!;
  ({ openai, anthropic } = fixture);
}, 60_000);

afterAll(() => fixture?.close());

beforeEach(() => {
  openAICloud.requests.length = 0;
  anthropicCloud.requests.length = 0;
});

const sendEmailTool: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'send_email',
    description: 'Sends an e-mail.',
    parameters: { type: 'object', properties: { to: { type: 'string' }, body: { type: 'string' } }, required: ['to', 'body'] },
  },
};

/** The last request body the fake cloud got. */
function lastBody(cloud: FakeCloudServer): Record<string, unknown> {
  return cloud.requests.at(-1)!.body as Record<string, unknown>;
}

describe('OpenAI function calling through the gateway', () => {
  it('sends the tools, and gives the client the call with its arguments restored', async () => {
    openAICloud.enqueue({ kind: 'text', text: '', toolCalls: [{ id: 'call_1', name: 'send_email', arguments: '{"to":"⟦EMAIL_1⟧","body":"Call me on ⟦PHONE_1⟧."}' }] });
    const completion = await openai.chat.completions.create({
      model: 'openai:gpt-4o-mini',
      tools: [sendEmailTool],
      tool_choice: 'auto',
      messages: [{ role: 'user', content: `Write to ${email} that they can call me on ${phone}.` }],
    });
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toHaveLength(1);
    const call = choice.message.tool_calls![0]!;
    expect(call).toMatchObject({ id: 'call_1', type: 'function', function: { name: 'send_email' } });
    expect(JSON.parse((call as OpenAI.ChatCompletionMessageFunctionToolCall).function.arguments)).toEqual({ to: email, body: `Call me on ${phone}.` });

    const body = lastBody(openAICloud);
    expect(body.tools).toEqual([sendEmailTool]);
    expect(body.tool_choice).toBe('auto');
    const sent = sentTo(openAICloud);
    for (const value of [email, '555 0134']) expect(sent).not.toContain(value);
  });

  it('sends the earlier call and the tool result redacted, and answers in text', async () => {
    openAICloud.enqueue({ kind: 'text', text: 'Sent to ⟦EMAIL_1⟧; they answered from ⟦PHONE_1⟧.' });
    const completion = await openai.chat.completions.create({
      model: 'openai:gpt-4o-mini',
      tools: [sendEmailTool],
      messages: [
        { role: 'user', content: `Write to ${email}.` },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'send_email', arguments: JSON.stringify({ to: email, body: 'Hello' }) } }] },
        { role: 'tool', tool_call_id: 'call_1', content: `Delivered to ${email}. Reply came from ${phone}.` },
      ],
    });
    expect(completion.choices[0]!.message.content).toBe(`Sent to ${email}; they answered from ${phone}.`);
    expect(completion.choices[0]!.finish_reason).toBe('stop');

    const messages = lastBody(openAICloud).messages as Array<Record<string, unknown>>;
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    expect(messages[1]!.tool_calls).toEqual([{ id: 'call_1', type: 'function', function: { name: 'send_email', arguments: '{"to":"⟦EMAIL_1⟧","body":"Hello"}' } }]);
    expect(messages[2]).toEqual({ role: 'tool', tool_call_id: 'call_1', content: 'Delivered to ⟦EMAIL_1⟧. Reply came from ⟦PHONE_1⟧.' });
    const sent = sentTo(openAICloud);
    for (const value of [email, '555 0134']) expect(sent).not.toContain(value);
  });

  it('streams the call whole, its arguments restored', async () => {
    openAICloud.enqueue({ kind: 'text', text: 'One moment.', toolCalls: [{ id: 'call_7', name: 'send_email', arguments: '{"to":"⟦EMAIL_1⟧","body":"Hi"}' }] });
    const stream = await openai.chat.completions.create({
      model: 'openai:gpt-4o-mini',
      stream: true,
      tools: [sendEmailTool],
      messages: [{ role: 'user', content: `Mail ${email} a hello.` }],
    });
    let text = '';
    let finish: string | null = null;
    let model = '';
    const calls: Array<{ id?: string; name?: string; arguments: string }> = [];
    for await (const chunk of stream) {
      model = chunk.model;
      const choice = chunk.choices[0];
      text += choice?.delta.content ?? '';
      finish = choice?.finish_reason ?? finish;
      for (const piece of choice?.delta.tool_calls ?? []) {
        const call = (calls[piece.index] ??= { arguments: '' });
        if (piece.id) call.id = piece.id;
        if (piece.function?.name) call.name = piece.function.name;
        call.arguments += piece.function?.arguments ?? '';
      }
    }
    expect(model).toBe('openai:gpt-4o-mini');
    expect(text).toBe('One moment.');
    expect(finish).toBe('tool_calls');
    expect(calls).toEqual([{ id: 'call_7', name: 'send_email', arguments: JSON.stringify({ to: email, body: 'Hi' }) }]);
    expect(sentTo(openAICloud)).not.toContain(email);
  });

  it('under baton/auto routes a request with tools to a cloud model, never to the local one, which cannot call them', async () => {
    openAICloud.enqueue({ kind: 'text', text: '', toolCalls: [{ id: 'call_8', name: 'get_weather', arguments: '{"city":"here"}' }] });
    const weather: OpenAI.ChatCompletionTool = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };
    const completion = await openai.chat.completions.create({ model: 'baton/auto', tools: [weather], messages: [{ role: 'user', content: 'What is the weather like today?' }] });
    expect(completion.model).toMatch(/^(openai|anthropic):/);
    expect(completion.choices[0]!.message.tool_calls).toEqual([{ id: 'call_8', type: 'function', function: { name: 'get_weather', arguments: '{"city":"here"}' } }]);

    // Personal data keeps baton/auto on this device, where no model can call tools: a clear refusal.
    const refused = await openai.chat.completions
      .create({ model: 'baton/auto', tools: [sendEmailTool], messages: [{ role: 'user', content: `Mail ${email}.` }] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect((refused as Error).message).toContain("local:stories260K (it cannot call the client's tools)");
  });

  it('never sends a tool definition that holds a detected value, and says why', async () => {
    const leaky: OpenAI.ChatCompletionTool = { type: 'function', function: { name: 'notify', description: `Notifies ${email}.`, parameters: { type: 'object', properties: {} } } };
    const refused = await openai.chat.completions
      .create({ model: 'openai:gpt-4o-mini', tools: [leaky], messages: [{ role: 'user', content: 'Notify them.' }] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect((refused as Error).message).toContain('the definition of the tool notify holds a value the shield detects');
    expect(openAICloud.requests).toEqual([]);
  });
});

describe('Anthropic tool use through the gateway', () => {
  const lookupTool: Anthropic.Tool = {
    name: 'lookup_contact',
    description: 'Finds a contact by e-mail.',
    input_schema: { type: 'object', properties: { email: { type: 'string' } }, required: ['email'] },
  };

  it('gives the client a tool_use block with its input restored, from an Anthropic model', async () => {
    anthropicCloud.enqueue({ kind: 'text', text: 'Looking.', toolCalls: [{ id: 'toolu_1', name: 'lookup_contact', arguments: '{"email":"⟦EMAIL_1⟧"}' }] });
    const message = await anthropic.messages.create({
      model: 'anthropic:claude-haiku-4-5',
      max_tokens: 200,
      tools: [lookupTool],
      tool_choice: { type: 'any' },
      messages: [{ role: 'user', content: `Who is ${email}?` }],
    });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([
      { type: 'text', text: 'Looking.' },
      { type: 'tool_use', id: 'toolu_1', name: 'lookup_contact', input: { email } },
    ]);
    const body = lastBody(anthropicCloud);
    expect(body.tools).toEqual([lookupTool]);
    expect(body.tool_choice).toEqual({ type: 'any' });
    expect(sentTo(anthropicCloud)).not.toContain(email);
  });

  it('sends the tool_use and the tool_result redacted, and streams the answer restored', async () => {
    anthropicCloud.enqueue({ kind: 'text', text: 'Their number is ⟦PHONE_1⟧.', deltas: ['Their number is ⟦PHO', 'NE_1⟧.'] });
    const stream = anthropic.messages.stream({
      model: 'anthropic:claude-haiku-4-5',
      max_tokens: 200,
      tools: [lookupTool],
      messages: [
        { role: 'user', content: `Who is ${email}?` },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'lookup_contact', input: { email } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: `Found: phone ${phone}.` }] },
      ],
    });
    const final = await stream.finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: `Their number is ${phone}.` }]);
    expect(final.stop_reason).toBe('end_turn');

    const messages = lastBody(anthropicCloud).messages as Array<{ role: string; content: unknown }>;
    expect(messages).toEqual([
      { role: 'user', content: 'Who is ⟦EMAIL_1⟧?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'lookup_contact', input: { email: '⟦EMAIL_1⟧' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'Found: phone ⟦PHONE_1⟧.' }] },
    ]);
  });

  it('streams a tool_use block whole, its input restored', async () => {
    anthropicCloud.enqueue({ kind: 'text', text: '', toolCalls: [{ id: 'toolu_2', name: 'lookup_contact', arguments: '{"email":"⟦EMAIL_1⟧"}' }] });
    const stream = anthropic.messages.stream({ model: 'anthropic:claude-haiku-4-5', max_tokens: 200, tools: [lookupTool], messages: [{ role: 'user', content: `Look up ${email}.` }] });
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content.filter((block) => block.type === 'tool_use')).toEqual([{ type: 'tool_use', id: 'toolu_2', name: 'lookup_contact', input: { email } }]);
    expect(sentTo(anthropicCloud)).not.toContain(email);
  });

  it('says so when a model calls a tool with arguments that are not a JSON object', async () => {
    openAICloud.enqueue({ kind: 'text', text: '', toolCalls: [{ id: 'call_x', name: 'lookup_contact', arguments: '[1, 2' }] });
    const failed = await anthropic.messages
      .create({ model: 'openai:gpt-4o-mini', max_tokens: 64, tools: [lookupTool], messages: [{ role: 'user', content: 'Look someone up.' }] })
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Anthropic.InternalServerError);
    expect((failed as InstanceType<typeof Anthropic.InternalServerError>).error).toEqual({
      type: 'error',
      error: { type: 'api_error', message: 'The model called lookup_contact with arguments that are not a JSON object.' },
    });
  });
});

describe('no detected value reaches the cloud through tool use (property)', () => {
  // Every kind of value, names and addresses included, in the question, in an earlier call's
  // arguments (a JSON string value) and in the tool's result; through both client APIs, to both
  // providers. The seed is fixed, as in the leak test (test/privacy/leak.test.ts).
  const anyValue = fc.oneof(anyInjectedValue, ...Object.values(entityValueArbitraries));
  const textArbitrary = textWithValues(fc.array(anyValue, { minLength: 1, maxLength: 2 }));
  const caseArbitrary = fc.record({
    question: textArbitrary,
    argument: textArbitrary,
    result: textArbitrary,
    api: fc.constantFrom('openai', 'anthropic'),
    model: fc.constantFrom('openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'),
  });

  it('in the question, the arguments of an earlier call and the tool result', async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async ({ question, argument, result, api, model }) => {
        const cloud = model.startsWith('openai') ? openAICloud : anthropicCloud;
        const first = cloud.requests.length;
        const args = { note: argument.text };
        if (api === 'openai') {
          await openai.chat.completions.create({
            model,
            tools: [sendEmailTool],
            messages: [
              { role: 'user', content: question.text },
              { role: 'assistant', content: null, tool_calls: [{ id: 'call_p', type: 'function', function: { name: 'send_email', arguments: JSON.stringify(args) } }] },
              { role: 'tool', tool_call_id: 'call_p', content: result.text },
            ],
          });
        } else {
          await anthropic.messages.create({
            model,
            max_tokens: 64,
            tools: [{ name: 'send_email', input_schema: { type: 'object', properties: { note: { type: 'string' } } } }],
            messages: [
              { role: 'user', content: question.text },
              { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_p', name: 'send_email', input: args }] },
              { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_p', content: result.text }] },
            ],
          });
        }
        const sent = cloud.requests.slice(first);
        expect(sent).toHaveLength(1);
        const strings = decodedStrings(sent[0]!.body).join('\n');
        const injected: InjectedValue[] = [...question.values, ...argument.values, ...result.values];
        for (const value of injected) {
          for (const secret of value.secrets) expect(strings.includes(secret), `${value.kind} "${secret}" leaked through the ${api} API to ${model}`).toBe(false);
        }
      }),
      { numRuns: 24, seed: 20261202 },
    );
  }, 240_000);
  // What is sent beside the messages and not redacted (a placeholder would change its meaning):
  // a tool's description and parameter schema, a JSON schema for the answer, a stop sequence. A
  // detected value there blocks the cloud call (the client gets an error, or the local model
  // answers); whichever happens, the cloud never sees it.
  const besideArbitrary = fc.record({
    value: textArbitrary,
    place: fc.constantFrom('tool description', 'parameter description', 'answer schema', 'stop sequence'),
  });

  it('in a tool definition, a JSON schema for the answer or a stop sequence', async () => {
    await fc.assert(
      fc.asyncProperty(besideArbitrary, async ({ value, place }) => {
        const first = openAICloud.requests.length;
        const tool: OpenAI.ChatCompletionTool = {
          type: 'function',
          function: {
            name: 'note',
            description: place === 'tool description' ? value.text : 'Keeps a note.',
            parameters: { type: 'object', properties: { text: { type: 'string', ...(place === 'parameter description' ? { description: value.text } : {}) } } },
          },
        };
        const inTools = place === 'tool description' || place === 'parameter description';
        await openai.chat.completions
          .create({
            model: 'openai:gpt-4o-mini',
            max_tokens: 16,
            messages: [{ role: 'user', content: 'Write a short note.' }],
            ...(inTools ? { tools: [tool] } : {}),
            ...(place === 'answer schema'
              ? { response_format: { type: 'json_schema', json_schema: { name: 'note', schema: { type: 'object', properties: { text: { type: 'string', description: value.text } } } } } }
              : {}),
            ...(place === 'stop sequence' ? { stop: [value.text] } : {}),
          })
          .catch(() => undefined);
        const strings = openAICloud.requests
          .slice(first)
          .flatMap((request) => decodedStrings(request.body))
          .join('\n');
        for (const injected of value.values) {
          for (const secret of injected.secrets) expect(strings.includes(secret), `${injected.kind} "${secret}" in a ${place} reached the cloud`).toBe(false);
        }
      }),
      { numRuns: 24, seed: 20261202 },
    );
  }, 240_000);
});
