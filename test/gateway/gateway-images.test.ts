import Anthropic from '@anthropic-ai/sdk';
import fc from 'fast-check';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConsentPrompter } from '../../electron/core/privacy/consent-prompter.js';
import type { ConsentDecision, ConsentRequest } from '../../electron/shared/privacy.js';
import type { FakeCloudServer } from '../support/fake-openai-server.js';
import { decodedStrings } from '../support/decoded-strings.js';
import { entityValueArbitraries } from '../support/entity-values.js';
import { sentTo, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';
import { anyInjectedValue, textWithValues } from '../support/pii-values.js';

/**
 * Pictures through the gateway. The shield cannot read a picture, so one reaches a cloud only
 * inline, to a model that takes images, after a person said yes to that very request (the
 * desktop app's dialog; here a prompter that stands for the person). The text beside it is
 * redacted as always. A headless gateway (`--consent allow-once`), a model without images, a
 * link instead of inline bytes and bytes of another format are all refused, and nothing is sent.
 */
const token = 'baton-test-token-images-0123456789abcdefghi';
const email = 'h.lindqvist@example.net';
const phone = '+1 415 555 0187';
const question = `What does this receipt say? Mail the answer to ${email} or call ${phone}.`;
// A 1×1 PNG.
const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const pngBytes = Buffer.from(png, 'base64').length;
const jpegLabelledPng = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]).toString('base64');

/** Stands for the person at the consent dialog: answers `decision` and keeps what it was shown. */
function person(decision: ConsentDecision): ConsentPrompter & { asked: ConsentRequest[] } {
  const asked: ConsentRequest[] = [];
  return Object.assign(
    async (request: ConsentRequest) => {
      asked.push(request);
      return decision;
    },
    { asked },
  );
}

describe('with a person to ask (the desktop app)', () => {
  const prompter = person('allow-once');
  let fixture: GatewayFixture;
  let openAICloud: FakeCloudServer;
  let anthropicCloud: FakeCloudServer;
  let openai: OpenAI;
  let anthropic: Anthropic;

  beforeAll(async () => {
    fixture = await startGatewayFixture({ token, anthropic: true, consentPrompter: prompter });
    openAICloud = fixture.openAICloud;
    anthropicCloud = fixture.anthropicCloud!;
    ({ openai, anthropic } = fixture);
  }, 60_000);

  afterAll(() => fixture?.close());

  beforeEach(() => {
    openAICloud.requests.length = 0;
    anthropicCloud.requests.length = 0;
    prompter.asked.length = 0;
  });

  it('OpenAI: the picture goes as it is, after the person was asked about it, and the text beside it redacted', async () => {
    openAICloud.enqueue({ kind: 'text', text: 'It is a receipt; I will write to ⟦EMAIL_1⟧.' });
    const completion = await openai.chat.completions.create({
      model: 'openai:gpt-4o-mini',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: question },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
          ],
        },
      ],
    });
    expect(completion.choices[0]!.message.content).toBe(`It is a receipt; I will write to ${email}.`);
    expect(prompter.asked).toHaveLength(1);
    expect(prompter.asked[0]!.images).toEqual([{ mediaType: 'image/png', bytes: pngBytes }]);
    expect(prompter.asked[0]!.payload.at(-1)!.content).toBe(`[picture: image/png, 1 KB]\nWhat does this receipt say? Mail the answer to ⟦EMAIL_1⟧ or call ⟦PHONE_1⟧.`);

    const body = openAICloud.requests.at(-1)!.body as { messages: Array<{ role: string; content: unknown }> };
    expect(body.messages.at(-1)).toEqual({
      role: 'user',
      content: [
        { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
        { type: 'text', text: 'What does this receipt say? Mail the answer to ⟦EMAIL_1⟧ or call ⟦PHONE_1⟧.' },
      ],
    });
    expect(sentTo(openAICloud)).not.toContain(email);
    expect(sentTo(openAICloud)).not.toContain(phone);
  });

  it('Anthropic: an image block goes as a base64 image block, streamed back with the values restored', async () => {
    anthropicCloud.enqueue({ kind: 'text', text: 'A receipt. Reply to ⟦EMAIL_1⟧.', deltas: ['A receipt. Reply to ⟦EMA', 'IL_1⟧.'] });
    const stream = anthropic.messages.stream({
      model: 'anthropic:claude-haiku-4-5',
      max_tokens: 200,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
            { type: 'text', text: question },
          ],
        },
      ],
    });
    const message = await stream.finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: `A receipt. Reply to ${email}.` }]);
    expect(message.model).toBe('anthropic:claude-haiku-4-5');
    expect(prompter.asked.map((request) => request.images)).toEqual([[{ mediaType: 'image/png', bytes: pngBytes }]]);

    const body = anthropicCloud.requests.at(-1)!.body as { messages: Array<{ role: string; content: unknown }> };
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
          { type: 'text', text: 'What does this receipt say? Mail the answer to ⟦EMAIL_1⟧ or call ⟦PHONE_1⟧.' },
        ],
      },
    ]);
    expect(sentTo(anthropicCloud)).not.toContain(email);
  });

  it('counts a picture as the most one costs, 1,600 tokens, beside its text', async () => {
    const counted = await anthropic.messages.countTokens({
      model: 'anthropic:claude-haiku-4-5',
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } }, { type: 'text', text: 'x'.repeat(30) }] }],
    });
    // "[picture: image/png, 1 KB]\n" and the 30 characters: 57 characters, 19 tokens at three a token, 8 for the message.
    expect(counted.input_tokens).toBe(19 + 8 + 1600);
    expect(anthropicCloud.requests).toHaveLength(0);
  });

  it('a model that cannot read pictures is refused with the models that can, and nothing is sent', async () => {
    const models = (await openai.models.list()).data.map((model) => model.id);
    const local = models.find((id) => id.startsWith('local:'))!;
    const refusal = await openai.chat.completions
      .create({ model: local, messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] }] })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refusal as Error).message).toContain(`${local} cannot read pictures, and the request holds some. Models here that can: `);
    expect((refusal as Error).message).toContain('openai:gpt-4o-mini');
    expect((refusal as Error).message).toContain('anthropic:claude-haiku-4-5');
    expect(prompter.asked).toHaveLength(0);
    expect(openAICloud.requests).toHaveLength(0);
  });

  it('baton/auto sends a picture only to a model that reads pictures, and asks first', async () => {
    openAICloud.enqueue({ kind: 'text', text: 'A blue square.' });
    anthropicCloud.enqueue({ kind: 'text', text: 'A blue square.' });
    const completion = await openai.chat.completions.create({
      model: 'baton/auto',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe the colour of this picture.' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] }],
    });
    expect(completion.choices[0]!.message.content).toBe('A blue square.');
    expect(completion.model).toMatch(/^(openai|anthropic):/);
    expect(prompter.asked).toHaveLength(1);
    expect(openAICloud.requests.length + anthropicCloud.requests.length).toBe(1);
  });

  it('a link, bytes of another format, or a picture in an assistant turn are refused before anything is sent', async () => {
    const refused = async (content: OpenAI.ChatCompletionContentPart[], where = 'messages[0].content[1]') => {
      const error = await openai.chat.completions
        .create({ model: 'openai:gpt-4o-mini', messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, ...content] }] })
        .catch((failure: unknown) => failure);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as Error).message).toContain(where);
      return (error as Error).message;
    };
    expect(await refused([{ type: 'image_url', image_url: { url: 'https://example.com/receipt.png' } }])).toContain('send the picture inline, as a data URL');
    expect(await refused([{ type: 'image_url', image_url: { url: `data:image/png;base64,${jpegLabelledPng}` } }])).toContain("the picture's bytes are not image/png");
    expect(await refused([{ type: 'image_url', image_url: { url: `data:image/tiff;base64,${png}` } }])).toContain('pictures of type "image/tiff" are not supported');
    expect(await refused([{ type: 'image_url', image_url: { url: 'data:image/png;base64,not base64!' } }])).toContain('the picture is not valid base64');

    const fromAssistant = await openai.chat.completions
      .create({
        model: 'openai:gpt-4o-mini',
        messages: [
          { role: 'user', content: 'Hello' },
          { role: 'assistant', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] as unknown as string },
          { role: 'user', content: 'And?' },
        ],
      })
      .catch((failure: unknown) => failure);
    expect((fromAssistant as Error).message).toContain('messages[1].content[0]: pictures are taken in user messages only.');

    const anthropicLink = await anthropic.messages
      .create({
        model: 'anthropic:claude-haiku-4-5',
        max_tokens: 100,
        messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/receipt.png' } }] }],
      })
      .catch((failure: unknown) => failure);
    expect(anthropicLink).toBeInstanceOf(Anthropic.BadRequestError);
    expect((anthropicLink as Error).message).toContain('messages[0].content[0]: send the picture inline, as a base64 source');
    expect(prompter.asked).toHaveLength(0);
    expect(openAICloud.requests).toHaveLength(0);
    expect(anthropicCloud.requests).toHaveLength(0);
  });
});

describe('no detected value reaches the cloud beside a picture (property)', () => {
  // Every kind of value, names and addresses included, in the text beside a picture and in an
  // earlier turn of the conversation; through both client APIs, to both providers; the person
  // allows each request. The seed is fixed, as in the leak test (test/privacy/leak.test.ts).
  const textArbitrary = textWithValues(fc.array(fc.oneof(anyInjectedValue, ...Object.values(entityValueArbitraries)), { minLength: 1, maxLength: 2 }));
  const caseArbitrary = fc.record({
    earlier: textArbitrary,
    beside: textArbitrary,
    api: fc.constantFrom('openai', 'anthropic'),
    model: fc.constantFrom('openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'),
  });
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture({ token, anthropic: true, consentPrompter: person('allow-once') });
  }, 60_000);

  afterAll(() => fixture?.close());

  it('in the text beside it and in an earlier turn', async () => {
    const { openai, anthropic } = fixture;
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async ({ earlier, beside, api, model }) => {
        const cloud = model.startsWith('openai') ? fixture.openAICloud : fixture.anthropicCloud!;
        const first = cloud.requests.length;
        if (api === 'openai') {
          await openai.chat.completions.create({
            model,
            messages: [
              { role: 'user', content: earlier.text },
              { role: 'assistant', content: 'Noted.' },
              { role: 'user', content: [{ type: 'text', text: beside.text }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] },
            ],
          });
        } else {
          await anthropic.messages.create({
            model,
            max_tokens: 64,
            messages: [
              { role: 'user', content: earlier.text },
              { role: 'assistant', content: 'Noted.' },
              { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } }, { type: 'text', text: beside.text }] },
            ],
          });
        }
        const sent = cloud.requests.slice(first);
        expect(sent).toHaveLength(1);
        const strings = decodedStrings(sent[0]!.body).join('\n');
        // The picture went: the request is one the property is about.
        expect(strings).toContain(png);
        for (const value of [...earlier.values, ...beside.values]) {
          for (const secret of value.secrets) expect(strings.includes(secret), `${value.kind} "${secret}" leaked beside a picture through the ${api} API to ${model}`).toBe(false);
        }
      }),
      { numRuns: 24, seed: 20261202 },
    );
  }, 240_000);
});

describe('when the person says no', () => {
  it('nothing is sent, and the client hears why: the on-device model cannot answer for the picture', async () => {
    const prompter = person('deny');
    const fixture = await startGatewayFixture({ token, consentPrompter: prompter });
    try {
      const { openai } = fixture;
      const error = await openai.chat.completions
        .create({ model: 'openai:gpt-4o-mini', messages: [{ role: 'user', content: [{ type: 'text', text: question }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] }] })
        .catch((failure: unknown) => failure);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect((error as Error).message).toContain('Nothing was sent to GPT-4o mini');
      expect(prompter.asked).toHaveLength(1);
      expect(fixture.openAICloud.requests).toHaveLength(0);
    } finally {
      await fixture.close();
    }
  }, 60_000);
});

describe('headless, with --consent allow-once', () => {
  it('refuses pictures: no person saw the request, so nothing is sent', async () => {
    const fixture = await startGatewayFixture({ token, anthropic: true });
    try {
      const { anthropic } = fixture;
      const error = await anthropic.messages
        .create({
          model: 'anthropic:claude-haiku-4-5',
          max_tokens: 100,
          messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } }, { type: 'text', text: question }] }],
        })
        .catch((failure: unknown) => failure);
      expect(error).toBeInstanceOf(Anthropic.APIError);
      expect((error as Error).message).toContain(
        "The request holds a picture, which the privacy shield cannot check, and pictures go to a cloud only after a person approves the request in Baton's consent dialog",
      );
      expect(fixture.anthropicCloud!.requests).toHaveLength(0);

      // The same text without the picture goes, redacted, as before.
      fixture.anthropicCloud!.enqueue({ kind: 'text', text: 'Sent to ⟦EMAIL_1⟧.' });
      const answer = await anthropic.messages.create({ model: 'anthropic:claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: question }] });
      expect(answer.content).toEqual([{ type: 'text', text: `Sent to ${email}.` }]);
      expect(sentTo(fixture.anthropicCloud!)).not.toContain(email);
    } finally {
      await fixture.close();
    }
  }, 60_000);
});
