import { describe, expect, it } from 'vitest';
import { Analyzer, NO_NER_WARNING } from '../../electron/core/privacy/analyzer.js';
import { PrivacyCloudBoundary } from '../../electron/core/privacy/cloud-boundary.js';
import { ConsentGate } from '../../electron/core/privacy/consent-gate.js';
import { InMemoryConsentGrantStore } from '../../electron/core/privacy/consent-grant-store.js';
import type { ConsentPrompter } from '../../electron/core/privacy/consent-prompter.js';
import { fixedConsentPrompter } from '../../electron/core/privacy/fixed-consent-prompter.js';
import type { TextAnalyzer } from '../../electron/core/privacy/payload-redaction.js';
import type { Recognizer } from '../../electron/core/privacy/recognizer.js';
import { createPatternRecognizers } from '../../electron/core/privacy/recognizers/index.js';
import { InMemoryVaultStore } from '../../electron/core/privacy/vault-store.js';
import type { RunEvent } from '../../electron/shared/events.js';
import type { GenerateRequest, StreamPart } from '../../electron/shared/language-model.js';
import type { AnalysisResult, ConsentRequest, PrivacyPolicy, Span } from '../../electron/shared/privacy.js';
import { ScriptedModel } from '../support/scripted-model.js';

/** Finds "Ann Lee" as a person, so the tests do not depend on a NER model. */
const annLee: Recognizer = {
  name: 'ner',
  analyze(text) {
    const spans: Span[] = [];
    for (const match of text.matchAll(/Ann Lee/g)) spans.push({ type: 'PERSON', start: match.index, end: match.index + 7, score: 0.9, source: 'ner' });
    return spans;
  },
};

interface Setup {
  policy?: PrivacyPolicy;
  prompter?: ConsentPrompter;
  analyzer?: TextAnalyzer;
  answers?: string[][];
}

function setup(options: Setup = {}) {
  const cloud = new ScriptedModel('anthropic:claude-haiku-4-5', (options.answers ?? [['Sure.']]).map((chunks) => ({ chunks })), 'cloud');
  const asked: ConsentRequest[] = [];
  const prompter = options.prompter ?? fixedConsentPrompter('allow-once');
  const vaults = new InMemoryVaultStore();
  const boundary = new PrivacyCloudBoundary({
    analyzer: options.analyzer ?? new Analyzer(createPatternRecognizers(), { entityRecognizers: [annLee] }),
    vaults,
    consentGate: new ConsentGate({
      policy: options.policy ?? 'ask',
      prompter: (request, signal) => {
        asked.push(request);
        return prompter(request, signal);
      },
      grants: new InMemoryConsentGrantStore(),
    }),
  });
  const events: RunEvent[] = [];
  const wrapped = boundary.wrap(cloud, { conversationId: 'conversation-1', runId: 'run-1', subtaskId: 's1', onEvent: (event) => events.push(event) });
  return { cloud, boundary, wrapped, asked, events, vaults };
}

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const collected: StreamPart[] = [];
  for await (const part of parts) collected.push(part);
  return collected;
}

function textOf(parts: StreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
}

const request: GenerateRequest = {
  messages: [
    { role: 'system', content: 'You help Ann Lee with her mail.' },
    { role: 'user', content: 'My card is 4111 1111 1111 1111.' },
    { role: 'assistant', content: 'Noted.' },
    { role: 'user', content: 'Summarise this document:\n\nInvoice for Ann Lee, ann.lee@example.com, IBAN DE89 3704 0044 0532 0130 00. My salary is due.' },
  ],
  maxTokens: 100,
};

describe('cloud boundary', () => {
  it('passes on-device models through untouched', () => {
    const { boundary } = setup();
    const local = new ScriptedModel('local:tiny', []);
    expect(boundary.wrap(local, { conversationId: 'c', runId: 'r', subtaskId: 's1' })).toBe(local);
  });

  it('redacts every message, asks with the exact payload, and restores placeholders split across chunks', async () => {
    const { wrapped, cloud, asked, events } = setup({ answers: [['Dear ⟦PER', 'SON_1⟧, your card ⟦CREDIT_CARD_1', '⟧ is on file; ⟦EMAIL_9⟧ is unknown.']] });
    const parts = await collect(wrapped.stream(request));

    const sent = cloud.requests[0]?.messages;
    expect(sent).toEqual([
      { role: 'system', content: 'You help ⟦PERSON_1⟧ with her mail.' },
      { role: 'user', content: 'My card is ⟦CREDIT_CARD_1⟧.' },
      { role: 'assistant', content: 'Noted.' },
      { role: 'user', content: 'Summarise this document:\n\nInvoice for ⟦PERSON_1⟧, ⟦EMAIL_1⟧, IBAN ⟦IBAN_1⟧. My salary is due.' },
    ]);
    expect(cloud.requests[0]?.maxTokens).toBe(100);
    expect(asked).toHaveLength(1);
    const consent = asked[0] as ConsentRequest;
    const inputTokens = (sent ?? []).reduce((total, message) => total + Math.ceil(message.content.length / 4) + 4, 0);
    expect(inputTokens).toBe(58);
    expect(consent).toEqual({
      id: expect.any(String),
      conversationId: 'conversation-1',
      provider: 'anthropic',
      modelId: 'anthropic:claude-haiku-4-5',
      payload: sent,
      placeholders: [
        { placeholder: '⟦PERSON_1⟧', type: 'PERSON', value: 'Ann Lee', releasable: true },
        { placeholder: '⟦CREDIT_CARD_1⟧', type: 'CREDIT_CARD', value: '4111 1111 1111 1111', releasable: false },
        { placeholder: '⟦EMAIL_1⟧', type: 'EMAIL', value: 'ann.lee@example.com', releasable: false },
        { placeholder: '⟦IBAN_1⟧', type: 'IBAN', value: 'DE89 3704 0044 0532 0130 00', releasable: false },
      ],
      // ceil(chars / 4) + 4 per message in, 100 out, at $1 and $2 per million (ScriptedModel's pricing).
      estimatedCostUsd: (58 * 1 + 100 * 2) / 1_000_000,
      redactions: [
        { type: 'PERSON', count: 1 },
        { type: 'CREDIT_CARD', count: 1 },
        { type: 'EMAIL', count: 1 },
        { type: 'IBAN', count: 1 },
      ],
      sensitiveTopics: ['finance'],
      warnings: [],
      images: [],
    });
    expect(textOf(parts)).toBe('Dear Ann Lee, your card 4111 1111 1111 1111 is on file; ⟦EMAIL_9⟧ is unknown.');
    expect(parts.slice(-2)).toEqual([{ type: 'usage', usage: expect.any(Object) }, { type: 'finish', reason: 'stop' }]);
    expect(events.map((event) => event.type)).toEqual(['subtask-redacted', 'consent-requested', 'consent-resolved']);
    expect(events[0]).toEqual({ type: 'subtask-redacted', runId: 'run-1', subtaskId: 's1', redactions: consent.redactions });
    expect(events[1]).toEqual({ type: 'consent-requested', runId: 'run-1', subtaskId: 's1', request: consent });
    expect(events[2]).toEqual({ type: 'consent-resolved', runId: 'run-1', subtaskId: 's1', requestId: consent.id, decision: 'allow-once' });
  });

  it('keeps placeholders stable across turns, and redacts a known value even where no recognizer sees it', async () => {
    let calls = 0;
    // Sees "Ann Lee" only in the first turn, as a NER model might in one context and not another.
    const forgetful: Recognizer = { name: 'ner', analyze: (text) => (calls++ < 3 ? annLee.analyze(text) : []) };
    const { wrapped, cloud } = setup({ analyzer: new Analyzer([], { entityRecognizers: [forgetful] }), answers: [['One'], ['Two']] });
    await collect(wrapped.stream({ messages: [{ role: 'user', content: 'Hi, I am Ann Lee.' }] }));
    await collect(wrapped.stream({ messages: [{ role: 'user', content: 'Hi, I am Ann Lee.' }, { role: 'assistant', content: 'One' }, { role: 'user', content: 'Ann Lee again.' }] }));
    expect(cloud.requests.map((sent) => sent.messages.map((message) => message.content))).toEqual([
      ['Hi, I am ⟦PERSON_1⟧.'],
      ['Hi, I am ⟦PERSON_1⟧.', 'One', '⟦PERSON_1⟧ again.'],
    ]);
  });

  it('says when no NER model covers names, in the consent request', async () => {
    const { wrapped, asked } = setup({ analyzer: new Analyzer(createPatternRecognizers()) });
    await collect(wrapped.stream({ messages: [{ role: 'user', content: 'Hello' }] }));
    expect(asked[0]?.warnings).toEqual([NO_NER_WARNING]);
  });

  it('refuses with consent-denied and never calls the model when the person says no', async () => {
    const { wrapped, cloud, events } = setup({ prompter: fixedConsentPrompter('deny') });
    const parts = await collect(wrapped.stream(request));
    expect(cloud.requests).toHaveLength(0);
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ type: 'error', error: { code: 'consent-denied', message: 'Nothing was sent to anthropic:claude-haiku-4-5: You chose not to send this request.' } });
    expect(events.at(-1)).toMatchObject({ type: 'consent-resolved', decision: 'deny' });
  });

  it('refuses under the local-only policy without asking', async () => {
    const { wrapped, cloud, asked } = setup({ policy: 'local-only' });
    const parts = await collect(wrapped.stream(request));
    expect(asked).toHaveLength(0);
    expect(cloud.requests).toHaveLength(0);
    expect(parts[0]).toMatchObject({ type: 'error', error: { code: 'consent-denied' } });
  });

  it('fails closed when the analyzer throws: privacy-blocked, nobody asked, the model never called', async () => {
    const broken: TextAnalyzer = {
      analyze: async () => {
        throw new Error('out of memory');
      },
    };
    const { wrapped, cloud, asked, events } = setup({ analyzer: broken });
    const parts = await collect(wrapped.stream(request));
    expect(parts).toEqual([{ type: 'error', error: expect.objectContaining({ code: 'privacy-blocked' }) }]);
    expect((parts[0] as { error: Error }).error.message).toBe('Nothing was sent to anthropic:claude-haiku-4-5: the privacy shield failed (out of memory).');
    expect(cloud.requests).toHaveLength(0);
    expect(asked).toHaveLength(0);
    expect(events).toEqual([]);
  });

  it('uses the analyzer’s own explanation when a recognizer fails', async () => {
    const failing: Recognizer = {
      name: 'ner',
      analyze: () => {
        throw new Error('model file missing');
      },
    };
    const { wrapped, cloud } = setup({ analyzer: new Analyzer(createPatternRecognizers(), { entityRecognizers: [failing] }) });
    const parts = await collect(wrapped.stream(request));
    expect(cloud.requests).toHaveLength(0);
    expect((parts[0] as { error: Error }).error.message).toBe(
      'Nothing was sent to anthropic:claude-haiku-4-5: the privacy shield could not check the text: recognizer "ner" failed (model file missing).',
    );
  });

  it('re-scans the final payload after consent and refuses when a detected value remains', async () => {
    let tampered = false;
    // After consent, this analyzer suddenly sees a value the earlier passes did not.
    const shifting: TextAnalyzer = {
      analyze: async (text): Promise<AnalysisResult> => ({
        spans: tampered && text.includes('Hello') ? [{ type: 'PERSON', start: text.indexOf('Hello'), end: text.indexOf('Hello') + 5, score: 1, source: 'ner' }] : [],
        sensitivity: { level: 'none', topics: [] },
        nerAvailable: true,
        warnings: [],
      }),
    };
    const { wrapped, cloud } = setup({
      analyzer: shifting,
      prompter: async () => {
        tampered = true;
        return 'allow-once';
      },
    });
    const parts = await collect(wrapped.stream({ messages: [{ role: 'user', content: 'Hello there' }] }));
    expect(cloud.requests).toHaveLength(0);
    expect(parts).toEqual([{ type: 'error', error: expect.objectContaining({ code: 'privacy-blocked' }) }]);
    expect((parts[0] as { error: Error }).error.message).toBe(
      'Nothing was sent to anthropic:claude-haiku-4-5: the final check found that a detected value (PERSON) is still in the user message.',
    );
  });

  it('redacts a value that only stands out once its neighbours are placeholders', async () => {
    // Flags a token after "⟦EMAIL_1⟧ /" only: a second look at the redacted text is needed to see it.
    const contextual: Recognizer = {
      name: 'contextual',
      analyze: (text) => {
        const match = /⟦EMAIL_1⟧ \/ (\w+)/.exec(text);
        return match ? [{ type: 'PERSON', start: match.index + match[0].length - (match[1]?.length ?? 0), end: match.index + match[0].length, score: 1, source: 'contextual' }] : [];
      },
    };
    const { wrapped, cloud } = setup({ analyzer: new Analyzer([...createPatternRecognizers(), contextual]) });
    await collect(wrapped.stream({ messages: [{ role: 'user', content: 'Mail kim@example.com / Kimberly today' }] }));
    expect(cloud.requests[0]?.messages[0]?.content).toBe('Mail ⟦EMAIL_1⟧ / ⟦PERSON_1⟧ today');
  });

  it('ends with finish "aborted" when the run is cancelled while waiting for consent', async () => {
    const controller = new AbortController();
    const { wrapped, cloud } = setup({
      prompter: (_request, signal) =>
        new Promise((resolve) => {
          controller.abort();
          signal.addEventListener('abort', () => resolve('allow-once'));
        }),
    });
    const parts = await collect(wrapped.stream(request, controller.signal));
    expect(parts).toEqual([{ type: 'finish', reason: 'aborted' }]);
    expect(cloud.requests).toHaveLength(0);
  });

  it('restores values inside a JSON answer as JSON string content, quotes and line breaks escaped', async () => {
    const quoted: Recognizer = {
      name: 'ner',
      analyze: (text) => [...text.matchAll(/Ann "the Fox" Lee\nof Leeds/g)].map((match) => ({ type: 'PERSON' as const, start: match.index, end: match.index + match[0].length, score: 0.9, source: 'ner' })),
    };
    const { wrapped, cloud } = setup({
      analyzer: new Analyzer(createPatternRecognizers(), { entityRecognizers: [quoted] }),
      answers: [['{"name":"⟦PER', 'SON_1⟧","note":"⟦PERSON_9⟧"}'], ['Dear ⟦PERSON_1⟧']],
    });
    const schema = { type: 'object', properties: { name: { type: 'string' }, note: { type: 'string' } } };
    const asJson = textOf(await collect(wrapped.stream({ messages: [{ role: 'user', content: 'Who is Ann "the Fox" Lee\nof Leeds?' }], responseSchema: schema })));
    expect(asJson).toBe('{"name":"Ann \\"the Fox\\" Lee\\nof Leeds","note":"⟦PERSON_9⟧"}');
    expect(JSON.parse(asJson)).toEqual({ name: 'Ann "the Fox" Lee\nof Leeds', note: '⟦PERSON_9⟧' });
    expect(cloud.requests[0]?.responseSchema).toEqual(schema);
    // Without a schema the answer is text, and the value comes back as it was.
    const asText = textOf(await collect(wrapped.stream({ messages: [{ role: 'user', content: 'Greet Ann "the Fox" Lee\nof Leeds.' }] })));
    expect(asText).toBe('Dear Ann "the Fox" Lee\nof Leeds');
  });

  it('redacts earlier tool calls and tool results, and restores a new call\'s arguments as JSON', async () => {
    const quoted: Recognizer = {
      name: 'ner',
      analyze: (text) => [...text.matchAll(/Ann "the Fox" Lee/g)].map((match) => ({ type: 'PERSON' as const, start: match.index, end: match.index + match[0].length, score: 0.9, source: 'ner' })),
    };
    const cloud = new ScriptedModel('openai:gpt-4o-mini', [], 'cloud');
    // The scripted model cannot make tool calls: the cloud model here is a thin wrapper that does.
    const calling = {
      ...cloud,
      stream: async function* (request: GenerateRequest): AsyncIterable<StreamPart> {
        cloud.requests.push(request);
        // A number no double holds exactly, and the model's own spacing: both come back as written.
        yield { type: 'tool-call', call: { id: 'call_2', name: 'greet', arguments: '{"who": "⟦PERSON_1⟧","mail":"⟦EMAIL_1⟧", "ref": 12345678901234567890}' } };
        yield { type: 'finish', reason: 'tool-calls' };
      },
    };
    const { boundary } = setup({ analyzer: new Analyzer(createPatternRecognizers(), { entityRecognizers: [quoted] }) });
    const wrapped = boundary.wrap(calling, { conversationId: 'conversation-1', runId: 'run-1', subtaskId: 's1' });
    const parts = await collect(
      wrapped.stream({
        messages: [
          { role: 'user', content: 'Greet Ann "the Fox" Lee.' },
          // Escaped as JSON text (a quote, and an @ written as \u0040), the values still are found.
          { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'lookup', arguments: '{"name":"Ann \\"the Fox\\" Lee","mail":"ann.lee\\u0040example.com"}' }] },
          { role: 'tool', toolCallId: 'call_1', content: 'Her mail is ann.lee@example.com.' },
        ],
        tools: [{ name: 'greet', description: 'Greets someone.', parameters: { type: 'object', properties: { who: { type: 'string' } } } }],
      }),
    );
    const sent = cloud.requests[0]!.messages;
    expect(sent[1]).toEqual({ role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'lookup', arguments: '{"name":"⟦PERSON_1⟧","mail":"⟦EMAIL_1⟧"}' }] });
    expect(sent[2]).toEqual({ role: 'tool', toolCallId: 'call_1', content: 'Her mail is ⟦EMAIL_1⟧.' });
    const call = parts.find((part) => part.type === 'tool-call');
    expect(call).toEqual({
      type: 'tool-call',
      call: { id: 'call_2', name: 'greet', arguments: '{"who": "Ann \\"the Fox\\" Lee","mail":"ann.lee@example.com", "ref": 12345678901234567890}' },
    });
    expect(JSON.parse(call!.type === 'tool-call' ? call!.call.arguments : '')).toMatchObject({ who: 'Ann "the Fox" Lee', mail: 'ann.lee@example.com' });
  });

  it('redacts a value sent as a JSON number in tool-call arguments, and refuses a number too long to read exactly', async () => {
    const { wrapped, cloud } = setup({ answers: [['Done.']] });
    const turns = (args: string) => ({
      messages: [
        { role: 'user' as const, content: 'Pay it.' },
        { role: 'assistant' as const, content: '', toolCalls: [{ id: 'c1', name: 'pay', arguments: args }] },
        { role: 'tool' as const, toolCallId: 'c1', content: 'paid' },
      ],
    });
    expect(textOf(await collect(wrapped.stream(turns('{"card":4111111111111111,"count":3}'))))).toBe('Done.');
    expect(cloud.requests[0]!.messages[1]!.toolCalls).toEqual([{ id: 'c1', name: 'pay', arguments: '{"card":"⟦CREDIT_CARD_1⟧","count":3}' }]);
    const rounded = await collect(wrapped.stream(turns('{"card":4111111111111111111}')));
    expect(JSON.stringify(rounded)).toContain('a number in a tool call or tool definition is too long to be checked exactly');
    expect(cloud.requests).toHaveLength(1);
  });

  it('blocks tool-call arguments it cannot read as JSON, and a tool definition that holds a value', async () => {
    const { wrapped, cloud } = setup();
    const broken = await collect(
      wrapped.stream({ messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: '', toolCalls: [{ id: 'c', name: 'f', arguments: '{"a": ann.lee@example.com' }] }, { role: 'tool', toolCallId: 'c', content: 'ok' }] }),
    );
    expect(JSON.stringify(broken)).toContain('the arguments of the tool call f are not valid JSON');
    expect(broken.at(-1)).toMatchObject({ type: 'error', error: { code: 'privacy-blocked' } });
    const leaky = await collect(wrapped.stream({ messages: [{ role: 'user', content: 'Hi' }], tools: [{ name: 'notify', description: 'Tell Ann Lee.', parameters: {} }] }));
    expect(JSON.stringify(leaky)).toContain('the definition of the tool notify holds a value the shield detects');
    expect(cloud.requests).toEqual([]);
  });

  it('blocks a call whose JSON schema or stop sequences hold a detected value, and sends nothing', async () => {
    const { wrapped, cloud } = setup();
    const bySchema = await collect(
      wrapped.stream({ messages: [{ role: 'user', content: 'Pick one.' }], responseSchema: { type: 'string', enum: ['Ann Lee', 'someone else'] } }),
    );
    expect(bySchema.at(-1)).toMatchObject({ type: 'error', error: { code: 'privacy-blocked' } });
    expect(JSON.stringify(bySchema)).toContain('the JSON schema for the answer holds a value the shield detects');
    const byStop = await collect(wrapped.stream({ messages: [{ role: 'user', content: 'Write a list.' }], stopSequences: ['ann.lee@example.com'] }));
    expect(JSON.stringify(byStop)).toContain('a stop sequence holds a value the shield detects');
    const clean = await collect(
      wrapped.stream({ messages: [{ role: 'user', content: 'Pick one.' }], responseSchema: { type: 'string', enum: ['red', 'blue'], description: 'A colour' }, stopSequences: ['END'] }),
    );
    expect(textOf(clean)).toBe('Sure.');
    expect(cloud.requests).toHaveLength(1);
    expect(cloud.requests[0]?.stopSequences).toEqual(['END']);
  });

  it('keeps the conversation’s vault in the store', async () => {
    const { wrapped, vaults } = setup();
    await collect(wrapped.stream(request));
    expect(vaults.get('conversation-1').restore('⟦EMAIL_1⟧ ⟦IBAN_1⟧')).toBe('ann.lee@example.com DE89 3704 0044 0532 0130 00');
  });
});
