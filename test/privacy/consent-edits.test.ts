import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Analyzer } from '../../electron/core/privacy/analyzer.js';
import { PrivacyCloudBoundary } from '../../electron/core/privacy/cloud-boundary.js';
import { ConsentGate } from '../../electron/core/privacy/consent-gate.js';
import { InMemoryConsentGrantStore } from '../../electron/core/privacy/consent-grant-store.js';
import type { ConsentPrompter } from '../../electron/core/privacy/consent-prompter.js';
import { fixedConsentPrompter } from '../../electron/core/privacy/fixed-consent-prompter.js';
import type { Recognizer } from '../../electron/core/privacy/recognizer.js';
import { createPatternRecognizers } from '../../electron/core/privacy/recognizers/index.js';
import { InMemoryVaultStore } from '../../electron/core/privacy/vault-store.js';
import { AnthropicProvider } from '../../electron/core/providers/anthropic/anthropic-provider.js';
import { OpenAIProvider } from '../../electron/core/providers/openai/openai-provider.js';
import { defaultPricingTablePath, readPricingTable } from '../../electron/core/providers/pricing-table.js';
import type { RunEvent } from '../../electron/shared/events.js';
import type { ChatMessage, LanguageModel, StreamPart } from '../../electron/shared/language-model.js';
import type { ConsentEdits, ConsentPreview, ConsentRequest, EntityType, Span } from '../../electron/shared/privacy.js';
import { startFakeAnthropicServer } from '../support/fake-anthropic-server.js';
import { startFakeOpenAIServer } from '../support/fake-openai-server.js';
import type { FakeCloudServer } from '../support/fake-server-common.js';

/**
 * Consent edits end to end through the cloud boundary: the person's "redact" and "release"
 * answers, the preview the dialog shows, and what the real SDKs send to the fake cloud servers.
 * The entity classifier is a stand-in that reports under its real source name, so these tests
 * do not need the trained model.
 */
const standInEntities: Array<[string, EntityType]> = [
  ['Ann Lee', 'PERSON'],
  ['Berlin', 'LOCATION'],
  // The street-address pattern finds this one too: a pattern hit is never released.
  ['12 Main Street', 'STREET_ADDRESS'],
];

const entityClassifier: Recognizer = {
  name: 'entity-classifier',
  analyze(text) {
    const spans: Span[] = [];
    for (const [value, type] of standInEntities) {
      for (let start = text.indexOf(value); start !== -1; start = text.indexOf(value, start + 1)) {
        spans.push({ type, start, end: start + value.length, score: 0.9, source: 'entity-classifier' });
      }
    }
    return spans;
  },
};

const pricingTable = readPricingTable(defaultPricingTablePath());

interface Cloud {
  name: string;
  server: FakeCloudServer;
  model(): Promise<LanguageModel>;
  /** The messages of a recorded request, system prompt first, as the vendor received them. */
  sentMessages(body: unknown): ChatMessage[];
}

const clouds: Cloud[] = [];
let anthropic: Cloud;
let openai: Cloud;

beforeAll(async () => {
  const anthropicServer = await startFakeAnthropicServer();
  const openaiServer = await startFakeOpenAIServer();
  anthropic = {
    name: 'Anthropic',
    server: anthropicServer,
    model: () =>
      new AnthropicProvider({ apiKey: 'test-key', baseURL: anthropicServer.url, maxRetries: 0, timeoutMs: 10_000, pricingTable, models: ['claude-haiku-4-5'] }).languageModel(
        'claude-haiku-4-5',
      ),
    sentMessages: (body) => {
      const { system, messages } = body as { system?: string; messages: ChatMessage[] };
      return [...(system === undefined ? [] : [{ role: 'system' as const, content: system }]), ...messages];
    },
  };
  openai = {
    name: 'OpenAI',
    server: openaiServer,
    model: () =>
      new OpenAIProvider({ apiKey: 'test-key', baseURL: `${openaiServer.url}/v1`, maxRetries: 0, timeoutMs: 10_000, pricingTable, models: ['gpt-4o-mini'] }).languageModel('gpt-4o-mini'),
    sentMessages: (body) => (body as { messages: ChatMessage[] }).messages,
  };
  clouds.push(anthropic, openai);
});

afterAll(async () => {
  await Promise.all(clouds.map((cloud) => cloud.server.close()));
});

beforeEach(() => {
  for (const cloud of clouds) cloud.server.requests.length = 0;
});

const messages: ChatMessage[] = [
  { role: 'system', content: 'You help with project Falcon.' },
  { role: 'user', content: 'Ask Ann Lee (ann.lee@example.com, card 4111 1111 1111 1111) to bring the Falcon files to 12 Main Street in Berlin.' },
];

/** Answers with these edits, after asking for the preview the dialog would show. */
function editingPrompter(edits: ConsentEdits, seen: { request?: ConsentRequest; preview?: ConsentPreview }): ConsentPrompter {
  return async (request, _signal, editing) => {
    seen.request = request;
    if (!editing) throw new Error('the boundary offered no editing');
    seen.preview = await editing.preview(edits);
    return { decision: 'allow-once', edits };
  };
}

async function setup(cloud: Cloud, prompter: ConsentPrompter, analyzer = new Analyzer(createPatternRecognizers(), { entityRecognizers: [entityClassifier] })) {
  const vaults = new InMemoryVaultStore();
  const boundary = new PrivacyCloudBoundary({
    analyzer,
    vaults,
    consentGate: new ConsentGate({ policy: 'ask', prompter, grants: new InMemoryConsentGrantStore() }),
  });
  const events: RunEvent[] = [];
  const wrapped = boundary.wrap(await cloud.model(), { conversationId: 'conversation-1', runId: 'run-1', subtaskId: 's1', onEvent: (event) => events.push(event) });
  return { wrapped, vaults, events };
}

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const collected: StreamPart[] = [];
  for await (const part of parts) collected.push(part);
  return collected;
}

function textOf(parts: StreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
}

describe('consent edits through the cloud boundary, with the real SDKs', () => {
  it('the request carries each placeholder with its value, type and whether it may be released', async () => {
    const seen: { request?: ConsentRequest } = {};
    const { wrapped } = await setup(anthropic, async (request) => {
      seen.request = request;
      return 'deny';
    });
    await collect(wrapped.stream({ messages }));
    expect(seen.request?.payload).toEqual([
      { role: 'system', content: 'You help with project Falcon.' },
      {
        role: 'user',
        content: 'Ask ⟦PERSON_1⟧ (⟦EMAIL_1⟧, card ⟦CREDIT_CARD_1⟧) to bring the Falcon files to ⟦STREET_ADDRESS_1⟧ in ⟦LOCATION_1⟧.',
      },
    ]);
    expect(seen.request?.placeholders).toEqual([
      { placeholder: '⟦PERSON_1⟧', type: 'PERSON', value: 'Ann Lee', releasable: true },
      { placeholder: '⟦EMAIL_1⟧', type: 'EMAIL', value: 'ann.lee@example.com', releasable: false },
      { placeholder: '⟦CREDIT_CARD_1⟧', type: 'CREDIT_CARD', value: '4111 1111 1111 1111', releasable: false },
      // Found by the street-address pattern as well as the classifier: a pattern value, never released.
      { placeholder: '⟦STREET_ADDRESS_1⟧', type: 'STREET_ADDRESS', value: '12 Main Street', releasable: false },
      { placeholder: '⟦LOCATION_1⟧', type: 'LOCATION', value: 'Berlin', releasable: true },
    ]);
    expect(anthropic.server.requests).toHaveLength(0);
  });

  it.each([
    ['Anthropic', () => anthropic],
    ['OpenAI', () => openai],
  ])('redact: "Falcon" becomes a placeholder everywhere; %s receives exactly the previewed payload, and the answer comes back restored', async (_name, cloudOf) => {
    const cloud = cloudOf();
    cloud.server.enqueue({ kind: 'text', text: 'I will tell ⟦PERSON_1⟧ about ⟦CUSTOM_1⟧.' });
    const seen: { preview?: ConsentPreview } = {};
    const { wrapped, events } = await setup(cloud, editingPrompter({ redact: ['Falcon'], release: [] }, seen));
    const parts = await collect(wrapped.stream({ messages }));

    const expected: ChatMessage[] = [
      { role: 'system', content: 'You help with project ⟦CUSTOM_1⟧.' },
      {
        role: 'user',
        content: 'Ask ⟦PERSON_1⟧ (⟦EMAIL_1⟧, card ⟦CREDIT_CARD_1⟧) to bring the ⟦CUSTOM_1⟧ files to ⟦STREET_ADDRESS_1⟧ in ⟦LOCATION_1⟧.',
      },
    ];
    expect(cloud.server.requests).toHaveLength(1);
    expect(cloud.sentMessages(cloud.server.requests[0]!.body)).toEqual(expected);
    expect(seen.preview?.payload).toEqual(expected);
    expect(seen.preview?.placeholders.find((placeholder) => placeholder.type === 'CUSTOM')).toEqual({
      placeholder: '⟦CUSTOM_1⟧',
      type: 'CUSTOM',
      value: 'Falcon',
      releasable: false,
    });
    expect(seen.preview?.redactions).toContainEqual({ type: 'CUSTOM', count: 1 });
    expect(JSON.stringify(cloud.server.requests[0]!.body)).not.toContain('Falcon');
    expect(textOf(parts)).toBe('I will tell Ann Lee about Falcon.');
    expect(events.filter((event) => event.type === 'subtask-redacted').at(-1)).toMatchObject({ redactions: expect.arrayContaining([{ type: 'CUSTOM', count: 1 }]) });
  });

  it('release: a name the entity classifier found is sent as it is; everything else stays redacted', async () => {
    const seen: { preview?: ConsentPreview } = {};
    const { wrapped } = await setup(anthropic, editingPrompter({ redact: [], release: ['Ann Lee'] }, seen));
    await collect(wrapped.stream({ messages }));
    const expected: ChatMessage[] = [
      { role: 'system', content: 'You help with project Falcon.' },
      { role: 'user', content: 'Ask Ann Lee (⟦EMAIL_1⟧, card ⟦CREDIT_CARD_1⟧) to bring the Falcon files to ⟦STREET_ADDRESS_1⟧ in ⟦LOCATION_1⟧.' },
    ];
    expect(anthropic.sentMessages(anthropic.server.requests[0]!.body)).toEqual(expected);
    expect(seen.preview?.payload).toEqual(expected);
    expect(seen.preview?.placeholders.map((placeholder) => placeholder.placeholder)).toEqual(['⟦EMAIL_1⟧', '⟦CREDIT_CARD_1⟧', '⟦STREET_ADDRESS_1⟧', '⟦LOCATION_1⟧']);
  });

  it('release of an e-mail, a card or a pattern-found address is not honoured: the cloud never sees them', async () => {
    const released = ['ann.lee@example.com', '4111 1111 1111 1111', '12 Main Street', 'not in the payload'];
    const seen: { preview?: ConsentPreview } = {};
    const { wrapped } = await setup(anthropic, editingPrompter({ redact: [], release: released }, seen));
    await collect(wrapped.stream({ messages }));
    const sent = JSON.stringify(anthropic.server.requests[0]!.body);
    expect(anthropic.sentMessages(anthropic.server.requests[0]!.body)).toEqual([
      { role: 'system', content: 'You help with project Falcon.' },
      {
        role: 'user',
        content: 'Ask ⟦PERSON_1⟧ (⟦EMAIL_1⟧, card ⟦CREDIT_CARD_1⟧) to bring the Falcon files to ⟦STREET_ADDRESS_1⟧ in ⟦LOCATION_1⟧.',
      },
    ]);
    for (const value of released) expect(sent).not.toContain(value);
    expect(seen.preview?.payload).toEqual(anthropic.sentMessages(anthropic.server.requests[0]!.body));
  });

  it('redact and release together; a redacted term wins over a release of the same text', async () => {
    const { wrapped } = await setup(anthropic, editingPrompter({ redact: ['falcon', 'Berlin'], release: ['Ann Lee', 'Berlin'] }, {}));
    await collect(wrapped.stream({ messages }));
    expect(anthropic.sentMessages(anthropic.server.requests[0]!.body)).toEqual([
      { role: 'system', content: 'You help with project ⟦CUSTOM_1⟧.' },
      { role: 'user', content: 'Ask Ann Lee (⟦EMAIL_1⟧, card ⟦CREDIT_CARD_1⟧) to bring the ⟦CUSTOM_1⟧ files to ⟦STREET_ADDRESS_1⟧ in ⟦LOCATION_1⟧.' },
    ]);
  });

  it('edits apply to this call; the vault keeps a redacted term for the conversation, a release does not carry', async () => {
    let calls = 0;
    const prompter: ConsentPrompter = async (request, signal, editing) =>
      calls++ === 0 ? editingPrompter({ redact: ['Falcon'], release: ['Ann Lee'] }, {})(request, signal, editing) : 'allow-once';
    const { wrapped } = await setup(anthropic, prompter);
    await collect(wrapped.stream({ messages: [{ role: 'user', content: 'Ann Lee leads Falcon.' }] }));
    await collect(wrapped.stream({ messages: [{ role: 'user', content: 'Ann Lee leads Falcon.' }, { role: 'assistant', content: 'Noted.' }, { role: 'user', content: 'Falcon again.' }] }));
    expect(anthropic.server.requests.map((request) => anthropic.sentMessages(request.body).map((message) => message.content))).toEqual([
      ['Ann Lee leads ⟦CUSTOM_1⟧.'],
      ['⟦PERSON_1⟧ leads ⟦CUSTOM_1⟧.', 'Noted.', '⟦CUSTOM_1⟧ again.'],
    ]);
  });

  it('a preview the person then changes leaves no placeholder behind', async () => {
    const prompter: ConsentPrompter = async (_request, _signal, editing) => {
      await editing?.preview({ redact: ['Falcon'], release: [] });
      return 'allow-once';
    };
    const { wrapped, vaults } = await setup(anthropic, prompter);
    await collect(wrapped.stream({ messages }));
    expect(anthropic.sentMessages(anthropic.server.requests[0]!.body)[0]).toEqual({ role: 'system', content: 'You help with project Falcon.' });
    expect(vaults.get('conversation-1').values()).not.toContain('Falcon');
  });

  it('fails closed: a value the final check finds that the person did not release blocks the call', async () => {
    let shifted = false;
    // After the preview, a pattern recognizer starts flagging the released name (as a pattern, so no release covers it).
    const shifting: Recognizer = {
      name: 'shifting-pattern',
      analyze: (text) => (shifted && text.includes('Ann Lee') ? [{ type: 'PERSON', start: text.indexOf('Ann Lee'), end: text.indexOf('Ann Lee') + 7, score: 1, source: 'shifting-pattern' }] : []),
    };
    const prompter: ConsentPrompter = async (_request, _signal, editing) => {
      const edits = { redact: [], release: ['Ann Lee'] };
      await editing?.preview(edits);
      shifted = true;
      return { decision: 'allow-once', edits };
    };
    const { wrapped } = await setup(anthropic, prompter, new Analyzer([...createPatternRecognizers(), shifting], { entityRecognizers: [entityClassifier] }));
    const parts = await collect(wrapped.stream({ messages }));
    expect(anthropic.server.requests).toHaveLength(0);
    expect(parts).toEqual([{ type: 'error', error: expect.objectContaining({ code: 'privacy-blocked' }) }]);
    expect((parts[0] as { error: Error }).error.message).toBe(
      'Nothing was sent to Claude Haiku 4.5: the final check found that a detected value (PERSON) is still in the user message.',
    );
  });

  it('fails closed when the analyzer fails while the edits are applied', async () => {
    let broken = false;
    const flaky: Recognizer = {
      name: 'flaky',
      analyze: () => {
        if (broken) throw new Error('worker crashed');
        return [];
      },
    };
    const prompter: ConsentPrompter = async () => {
      broken = true;
      return { decision: 'allow-once', edits: { redact: ['Falcon'], release: [] } };
    };
    const { wrapped } = await setup(anthropic, prompter, new Analyzer([...createPatternRecognizers(), flaky], { entityRecognizers: [entityClassifier] }));
    const parts = await collect(wrapped.stream({ messages }));
    expect(anthropic.server.requests).toHaveLength(0);
    expect((parts[0] as { error: Error }).error.message).toBe(
      'Nothing was sent to Claude Haiku 4.5: the privacy shield could not check the text: recognizer "flaky" failed (worker crashed) while applying your changes.',
    );
  });

  it.each([
    ['an empty term', { redact: ['   '], release: [] }],
    ['a term over 500 characters', { redact: ['x'.repeat(501)], release: [] }],
    ['more than 100 terms', { redact: Array.from({ length: 101 }, (_, index) => `term${index}`), release: [] }],
    ['an unknown field', { redact: [], release: [], send: ['Ann Lee'] }],
    ['a term that is not text', { redact: [42], release: [] }],
  ])('malformed edits (%s) are no valid answer: nothing is sent', async (_case, edits) => {
    const { wrapped } = await setup(anthropic, (async () => ({ decision: 'allow-once', edits })) as unknown as ConsentPrompter);
    const parts = await collect(wrapped.stream({ messages }));
    expect(anthropic.server.requests).toHaveLength(0);
    expect(parts).toEqual([{ type: 'error', error: expect.objectContaining({ code: 'consent-denied' }) }]);
    expect((parts[0] as { error: Error }).error.message).toBe('Nothing was sent to Claude Haiku 4.5: The consent prompt gave no valid answer (malformed edits).');
  });

  it('a deny with edits sends nothing', async () => {
    const { wrapped } = await setup(anthropic, async () => ({ decision: 'deny', edits: { redact: ['Falcon'], release: [] } }));
    const parts = await collect(wrapped.stream({ messages }));
    expect(anthropic.server.requests).toHaveLength(0);
    expect(parts[0]).toMatchObject({ type: 'error', error: { code: 'consent-denied' } });
  });

  it('a prompter without edits sends the first payload, as before', async () => {
    const { wrapped } = await setup(anthropic, fixedConsentPrompter('allow-once'));
    await collect(wrapped.stream({ messages }));
    expect(anthropic.sentMessages(anthropic.server.requests[0]!.body)[1]?.content).toBe(
      'Ask ⟦PERSON_1⟧ (⟦EMAIL_1⟧, card ⟦CREDIT_CARD_1⟧) to bring the Falcon files to ⟦STREET_ADDRESS_1⟧ in ⟦LOCATION_1⟧.',
    );
  });
});
