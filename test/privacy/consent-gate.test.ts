import { afterEach, describe, expect, it } from 'vitest';
import { ConsentGate, defaultConsentTimeoutMs } from '../../electron/core/privacy/consent-gate.js';
import { consentGrantsKey, InMemoryConsentGrantStore, SettingsConsentGrantStore } from '../../electron/core/privacy/consent-grant-store.js';
import type { ConsentEditing, ConsentPrompter } from '../../electron/core/privacy/consent-prompter.js';
import { fixedConsentPrompter } from '../../electron/core/privacy/fixed-consent-prompter.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import type { ConsentDecision, ConsentRequest, PrivacyPolicy } from '../../electron/shared/privacy.js';

function consentRequest(overrides: Partial<ConsentRequest> = {}): ConsentRequest {
  return {
    id: 'request-1',
    conversationId: 'conversation-1',
    provider: 'anthropic',
    modelId: 'anthropic:claude-haiku-4-5',
    payload: [{ role: 'user', content: 'Write to ⟦EMAIL_1⟧.' }],
    placeholders: [{ placeholder: '⟦EMAIL_1⟧', type: 'EMAIL', value: 'ann@example.com', releasable: false }],
    estimatedCostUsd: 0.0001,
    redactions: [{ type: 'EMAIL', count: 1 }],
    sensitiveTopics: [],
    warnings: [],
    images: [],
    ...overrides,
  };
}

/** A prompter that answers `decision` and counts how often it was asked. */
function answering(decision: ConsentDecision): ConsentPrompter & { asked: ConsentRequest[] } {
  const asked: ConsentRequest[] = [];
  return Object.assign(async (request: ConsentRequest) => {
    asked.push(request);
    return decision;
  }, { asked });
}

describe('consent gate: policies × decisions', () => {
  const policies: PrivacyPolicy[] = ['local-only', 'ask', 'auto-allow-redacted'];
  const decisions: ConsentDecision[] = ['allow-once', 'allow-conversation', 'deny'];
  const cases = policies.flatMap((policy) => decisions.flatMap((decision) => [false, true].map((sensitive) => ({ policy, decision, sensitive }))));

  it.each(cases)('$policy, the person would say $decision, sensitive topic: $sensitive', async ({ policy, decision, sensitive }) => {
    const prompter = answering(decision);
    const grants = new InMemoryConsentGrantStore();
    const gate = new ConsentGate({ policy, prompter, grants });
    const outcome = await gate.decide(consentRequest({ sensitiveTopics: sensitive ? ['health'] : [] }));

    if (policy === 'local-only') {
      // Never asked, never sent.
      expect(outcome).toEqual({ decision: 'deny', asked: false, reason: 'The privacy policy is local-only: nothing is sent to cloud models.' });
    } else if (policy === 'auto-allow-redacted' && !sensitive) {
      expect(outcome).toEqual({ decision: 'allow-once', asked: false, reason: 'The privacy policy allows redacted requests without asking.' });
    } else {
      // 'ask', and any sensitive topic even with auto-allow: the person decides.
      expect(outcome.asked).toBe(true);
      expect(outcome.decision).toBe(decision);
    }
    expect(prompter.asked).toHaveLength(outcome.asked ? 1 : 0);
    expect(grants.has('conversation-1', 'anthropic')).toBe(outcome.asked && decision === 'allow-conversation');
  });

  it('remembers "allow for this conversation" per conversation and provider, but asks again on a sensitive topic', async () => {
    const prompter = answering('allow-conversation');
    const gate = new ConsentGate({ policy: 'ask', prompter, grants: new InMemoryConsentGrantStore() });
    await gate.decide(consentRequest());
    expect(await gate.decide(consentRequest({ id: 'request-2' }))).toEqual({
      decision: 'allow-conversation',
      asked: false,
      reason: 'Allowed earlier for this conversation (anthropic).',
    });
    await gate.decide(consentRequest({ provider: 'openai' }));
    await gate.decide(consentRequest({ conversationId: 'conversation-2' }));
    await gate.decide(consentRequest({ sensitiveTopics: ['finance'] }));
    expect(prompter.asked.map((request) => [request.conversationId, request.provider, request.sensitiveTopics])).toEqual([
      ['conversation-1', 'anthropic', []],
      ['conversation-1', 'openai', []],
      ['conversation-2', 'anthropic', []],
      ['conversation-1', 'anthropic', ['finance']],
    ]);
  });

  it('calls onAsk just before asking, and only then', async () => {
    const announced: string[] = [];
    const gate = new ConsentGate({ policy: 'ask', prompter: answering('deny'), grants: new InMemoryConsentGrantStore() });
    await gate.decide(consentRequest(), { onAsk: (request) => announced.push(request.id) });
    const quiet = new ConsentGate({ policy: 'auto-allow-redacted', prompter: answering('deny'), grants: new InMemoryConsentGrantStore() });
    await quiet.decide(consentRequest({ id: 'request-2' }), { onAsk: (request) => announced.push(request.id) });
    expect(announced).toEqual(['request-1']);
  });
});

describe('consent gate: pictures', () => {
  const picture = { images: [{ mediaType: 'image/png', bytes: 2048 }] };

  it('always asks the person: neither an earlier grant nor the auto-allow policy answers a request with pictures', async () => {
    const grants = new InMemoryConsentGrantStore();
    grants.add('conversation-1', 'anthropic');
    for (const policy of ['ask', 'auto-allow-redacted'] as const) {
      const prompter = answering('allow-once');
      const gate = new ConsentGate({ policy, prompter, grants });
      expect(await gate.decide(consentRequest(picture))).toEqual({ decision: 'allow-once', asked: true, reason: expect.any(String) });
      expect(prompter.asked.map((request) => request.images)).toEqual([picture.images]);
      // The same request without pictures is answered by the grant.
      expect((await gate.decide(consentRequest())).asked).toBe(false);
    }
  });

  it('denies pictures without asking where the answer is fixed (headless --consent allow-once)', async () => {
    const gate = new ConsentGate({ policy: 'ask', prompter: fixedConsentPrompter('allow-once'), grants: new InMemoryConsentGrantStore() });
    expect(await gate.decide(consentRequest({ images: [...picture.images, { mediaType: 'image/jpeg', bytes: 9000 }] }))).toEqual({
      decision: 'deny',
      asked: false,
      reason:
        "The request holds 2 pictures, which the privacy shield cannot check, and pictures go to a cloud only after a person approves the request in Baton's consent dialog; consent here is a fixed answer (--consent), which cannot.",
    });
    expect((await gate.decide(consentRequest())).decision).toBe('allow-once');
  });

  it('stays local-only under the local-only policy, pictures or not', async () => {
    const prompter = answering('allow-once');
    const gate = new ConsentGate({ policy: 'local-only', prompter, grants: new InMemoryConsentGrantStore() });
    expect((await gate.decide(consentRequest(picture))).decision).toBe('deny');
    expect(prompter.asked).toHaveLength(0);
  });
});

describe('consent gate: answers with edits', () => {
  const edits = { redact: ['Falcon'], release: ['Ann Lee'] };

  it('hands the editing to the prompter and the edits of an allowing answer back to the caller', async () => {
    const editing: ConsentEditing = { preview: async () => ({ payload: [], placeholders: [], redactions: [], estimatedCostUsd: 0 }) };
    let given: ConsentEditing | undefined;
    const prompter: ConsentPrompter = async (_request, _signal, offered) => {
      given = offered;
      return { decision: 'allow-conversation', edits };
    };
    const grants = new InMemoryConsentGrantStore();
    const gate = new ConsentGate({ policy: 'ask', prompter, grants });
    expect(await gate.decide(consentRequest(), { editing })).toEqual({ decision: 'allow-conversation', asked: true, reason: 'Allowed for this conversation.', edits });
    expect(given).toBe(editing);
    expect(grants.has('conversation-1', 'anthropic')).toBe(true);
  });

  it('drops the edits of a deny, and takes an answer without edits field as no edits', async () => {
    const denying = new ConsentGate({ policy: 'ask', prompter: async () => ({ decision: 'deny', edits }), grants: new InMemoryConsentGrantStore() });
    expect(await denying.decide(consentRequest())).toEqual({ decision: 'deny', asked: true, reason: 'You chose not to send this request.' });
    const bare = new ConsentGate({ policy: 'ask', prompter: (async () => ({ decision: 'allow-once' })) as unknown as ConsentPrompter, grants: new InMemoryConsentGrantStore() });
    expect(await bare.decide(consentRequest())).toEqual({ decision: 'allow-once', asked: true, reason: 'Allowed once.' });
  });

  it.each([
    ['a decision that is not one', { decision: 'yes', edits }, 'yes'],
    ['edits over the bounds', { decision: 'allow-once', edits: { redact: ['x'.repeat(501)], release: [] } }, 'malformed edits'],
    ['edits of the wrong shape', { decision: 'allow-once', edits: { redact: 'Falcon' } }, 'malformed edits'],
  ])('denies %s', async (_case, answer, why) => {
    const gate = new ConsentGate({ policy: 'ask', prompter: (async () => answer) as unknown as ConsentPrompter, grants: new InMemoryConsentGrantStore() });
    expect(await gate.decide(consentRequest())).toEqual({ decision: 'deny', asked: true, reason: `The consent prompt gave no valid answer (${why}).` });
  });
});

describe('consent gate: no answer means no', () => {
  it('denies after the timeout and tells the prompter to stop', async () => {
    let promptSignal: AbortSignal | undefined;
    const neverAnswers: ConsentPrompter = (_request, signal) => {
      promptSignal = signal;
      return new Promise(() => {});
    };
    const gate = new ConsentGate({ policy: 'ask', prompter: neverAnswers, grants: new InMemoryConsentGrantStore(), timeoutMs: 30 });
    const started = Date.now();
    expect(await gate.decide(consentRequest())).toEqual({ decision: 'deny', asked: true, reason: 'No answer within 30 ms.' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(promptSignal?.aborted).toBe(true);
    expect(defaultConsentTimeoutMs).toBe(120_000);
  });

  it('ignores an answer that comes after the timeout', async () => {
    const late: ConsentPrompter = () => new Promise((resolve) => setTimeout(() => resolve('allow-conversation'), 60));
    const grants = new InMemoryConsentGrantStore();
    const gate = new ConsentGate({ policy: 'ask', prompter: late, grants, timeoutMs: 10 });
    expect((await gate.decide(consentRequest())).decision).toBe('deny');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(grants.has('conversation-1', 'anthropic')).toBe(false);
  });

  it('denies when the run is cancelled while waiting, or was cancelled before', async () => {
    const controller = new AbortController();
    const gate = new ConsentGate({ policy: 'ask', prompter: () => new Promise(() => {}), grants: new InMemoryConsentGrantStore() });
    const pending = gate.decide(consentRequest(), { signal: controller.signal });
    controller.abort();
    expect(await pending).toMatchObject({ decision: 'deny', reason: 'The run was cancelled while waiting for an answer.' });
    expect(await gate.decide(consentRequest(), { signal: AbortSignal.abort() })).toMatchObject({ decision: 'deny', asked: false });
  });

  it('denies when the prompter fails or answers something that is not a decision', async () => {
    const failing = new ConsentGate({
      policy: 'ask',
      prompter: async () => {
        throw new Error('the window was closed');
      },
      grants: new InMemoryConsentGrantStore(),
    });
    expect(await failing.decide(consentRequest())).toEqual({
      decision: 'deny',
      asked: true,
      reason: 'The consent prompt failed (the window was closed).',
    });
    const confused = new ConsentGate({ policy: 'ask', prompter: async () => 'yes' as ConsentDecision, grants: new InMemoryConsentGrantStore() });
    expect(await confused.decide(consentRequest())).toMatchObject({ decision: 'deny', asked: true });
  });
});

describe('consent grants in the settings table', () => {
  let database: BatonDatabase;
  afterEach(() => database?.close());

  it('persist across gates (restarts) and keep other conversations apart', async () => {
    database = openDatabase(':memory:');
    const first = new ConsentGate({ policy: 'ask', prompter: answering('allow-conversation'), grants: new SettingsConsentGrantStore(database.settings) });
    await first.decide(consentRequest());
    await first.decide(consentRequest({ provider: 'openai' }));
    expect(database.settings.get(consentGrantsKey)).toEqual({ 'conversation-1': ['anthropic', 'openai'] });

    const prompter = answering('deny');
    const second = new ConsentGate({ policy: 'ask', prompter, grants: new SettingsConsentGrantStore(database.settings) });
    expect((await second.decide(consentRequest())).decision).toBe('allow-conversation');
    expect((await second.decide(consentRequest({ conversationId: 'conversation-2' }))).decision).toBe('deny');
    expect(prompter.asked).toHaveLength(1);
  });

  it('treats a malformed stored value as no grants', () => {
    database = openDatabase(':memory:');
    database.settings.set(consentGrantsKey, ['not', 'a', 'map']);
    const store = new SettingsConsentGrantStore(database.settings);
    expect(store.has('conversation-1', 'anthropic')).toBe(false);
    store.add('conversation-1', 'anthropic');
    expect(store.has('conversation-1', 'anthropic')).toBe(true);
  });
});
