import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conductor } from '../../electron/core/orchestration/conductor.js';
import type { ConductorSettings } from '../../electron/core/orchestration/conductor-settings.js';
import { StaticModelPool } from '../../electron/core/orchestration/model-pool.js';
import { inspectorFromAnalyzer } from '../../electron/core/orchestration/privacy-inspector.js';
import type { CloudBoundary } from '../../electron/core/privacy/cloud-boundary-contract.js';
import { Analyzer } from '../../electron/core/privacy/analyzer.js';
import { PrivacyCloudBoundary } from '../../electron/core/privacy/cloud-boundary.js';
import { ConsentGate } from '../../electron/core/privacy/consent-gate.js';
import { InMemoryConsentGrantStore } from '../../electron/core/privacy/consent-grant-store.js';
import { fixedConsentPrompter } from '../../electron/core/privacy/fixed-consent-prompter.js';
import { EntityRecognizer } from '../../electron/core/privacy/entities/entity-recognizer.js';
import { shippedEntityClassifierFolder } from '../../electron/core/privacy/entities/shipped-entity-classifier.js';
import { createPatternRecognizers } from '../../electron/core/privacy/recognizers/index.js';
import { InMemoryVaultStore } from '../../electron/core/privacy/vault-store.js';
import { AnthropicProvider } from '../../electron/core/providers/anthropic/anthropic-provider.js';
import { OpenAIProvider } from '../../electron/core/providers/openai/openai-provider.js';
import { defaultPricingTablePath, readPricingTable } from '../../electron/core/providers/pricing-table.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import type { LanguageModel } from '../../electron/shared/language-model.js';
import type { ConsentDecision } from '../../electron/shared/privacy.js';
import { loadEvasionCorpus } from '../../bench/evasion-corpus.js';
import { decodedStrings } from '../support/decoded-strings.js';
import { startFakeAnthropicServer } from '../support/fake-anthropic-server.js';
import { startFakeOpenAIServer } from '../support/fake-openai-server.js';
import type { FakeCloudServer } from '../support/fake-server-common.js';
import { entityValueArbitraries } from '../support/entity-values.js';
import { anyInjectedValue, fillerText, injectedValueArbitraries, textWithValues, type InjectedValue } from '../support/pii-values.js';

/**
 * THE LEAK TEST. Prompts that mix values of every supported pattern type into ordinary text
 * (and names, organisations and addresses, each alone, through the whole shield with the
 * shipped entity classifier), in single and multi-turn conversations, in the system prompt and in attached documents, run through
 * the orchestrator to a real cloud provider SDK (pointed at a fake server that records every
 * request) with consent given. Whatever the fake server received must contain none of the
 * values, and the answer must come back with the placeholders restored.
 */
const pricingTable = readPricingTable(defaultPricingTablePath());

interface CloudUnderTest {
  name: string;
  start: () => Promise<FakeCloudServer>;
  model: (server: FakeCloudServer) => Promise<LanguageModel>;
}

const clouds: CloudUnderTest[] = [
  {
    name: 'Anthropic',
    start: startFakeAnthropicServer,
    model: (server) =>
      new AnthropicProvider({ apiKey: 'test-key', baseURL: server.url, maxRetries: 0, timeoutMs: 10_000, pricingTable, models: ['claude-haiku-4-5'] }).languageModel(
        'claude-haiku-4-5',
      ),
  },
  {
    name: 'OpenAI',
    start: () => startFakeOpenAIServer(),
    model: (server) =>
      new OpenAIProvider({ apiKey: 'test-key', baseURL: `${server.url}/v1`, maxRetries: 0, timeoutMs: 10_000, pricingTable, models: ['gpt-4o-mini'] }).languageModel(
        'gpt-4o-mini',
      ),
  },
];

/** The evasion corpus (test/fixtures/evasion): values disguised so that a scan might miss them. */
const disguisedValues = loadEvasionCorpus().disguised;

const everyValueArbitrary: Record<string, fc.Arbitrary<InjectedValue>> = { ...injectedValueArbitraries, ...entityValueArbitraries };
// Every kind of value, names, organisations and addresses included, in every position, through
// the shield as the app ships it (patterns and the entity classifier). The seed is fixed: the
// classifier's recall on names is statistical, not a pattern's certainty, and a run that found a
// new miss must be reproducible (change the seed to explore; a miss is a bug to fix, issue 9).
const anyValue = fc.oneof(anyInjectedValue, ...Object.values(entityValueArbitraries));

const turnArbitrary = fc.record({
  content: textWithValues(fc.array(anyValue, { minLength: 1, maxLength: 4 })),
  asDocument: fc.boolean(),
});

const conversationArbitrary = fc.record({
  turns: fc.array(turnArbitrary, { minLength: 1, maxLength: 3 }),
  systemPrompt: fc.option(textWithValues(fc.array(anyValue, { maxLength: 2 })), { nil: undefined }),
  decision: fc.constantFrom<ConsentDecision>('allow-once', 'allow-conversation'),
});

/** A turn's request: its text, or a short request with the text as an attached document. */
function requestOf(turn: { content: { text: string }; asDocument: boolean }): { text: string; attachments: { name: string; text: string }[] } {
  return turn.asDocument
    ? { text: 'Please summarise the attached document.', attachments: [{ name: 'notes.txt', text: turn.content.text }] }
    : { text: turn.content.text, attachments: [] };
}

/** The person named the cloud model, so every turn goes to it through the boundary. */
function conductorFor(database: BatonDatabase, model: LanguageModel, boundary: CloudBoundary, analyzer: Analyzer, settings: Partial<ConductorSettings> = {}) {
  return new Conductor({ database, models: new StaticModelPool([{ model }]), boundary, privacy: inspectorFromAnalyzer(analyzer), settings });
}

describe.each(clouds)('no detected value reaches the $name cloud', (cloud) => {
  let server: FakeCloudServer;
  let model: LanguageModel;
  // The shield as the app ships it: patterns and the entity classifier in its worker.
  const entityClassifier = new EntityRecognizer({ folder: shippedEntityClassifierFolder() });
  const shield = new Analyzer(createPatternRecognizers(), { entityRecognizers: [entityClassifier] });
  const analyzer = new Analyzer(createPatternRecognizers());

  beforeAll(async () => {
    server = await cloud.start();
    model = await cloud.model(server);
  });
  afterAll(async () => {
    await entityClassifier.dispose();
    await server.close();
  });

  it('in single and multi-turn conversations, system prompts and attached documents (property)', async () => {
    await fc.assert(
      fc.asyncProperty(conversationArbitrary, async ({ turns, systemPrompt, decision }) => {
        const database = openDatabase(':memory:');
        const vaults = new InMemoryVaultStore();
        const gate = new ConsentGate({ policy: 'ask', prompter: fixedConsentPrompter(decision), grants: new InMemoryConsentGrantStore() });
        const boundary = new PrivacyCloudBoundary({ analyzer: shield, vaults, consentGate: gate });
        const conductor = conductorFor(database, model, boundary, shield, { systemPrompt: systemPrompt?.text ?? '', answerTokens: 64 });
        const firstRequest = server.requests.length;
        const injected: InjectedValue[] = [...(systemPrompt?.values ?? [])];
        try {
          let conversationId: string | undefined;
          for (const turn of turns) {
            injected.push(...turn.content.values);
            const echoed = turn.content.values[0] as InjectedValue;
            let expectedAnswer: string | undefined;
            const result = await conductor.run({
              conversationId,
              ...requestOf(turn),
              modelOverride: model,
              onEvent: (event) => {
                if (event.type === 'run-started') conversationId = event.conversationId;
                // Before the call goes out: make the fake cloud answer with the placeholder it will see.
                if (event.type === 'subtask-redacted' && conversationId) {
                  const vault = vaults.get(conversationId);
                  const secret = echoed.secrets[0] as string;
                  const value = vault.values().find((candidate) => candidate.includes(secret));
                  if (value === undefined) throw new Error(`"${secret}" was not redacted`);
                  const placeholder = vault.placeholderFor(value, 'CUSTOM');
                  server.enqueue({ kind: 'text', text: `Noted:\n${placeholder}\nThanks.`, chunks: 3 });
                  expectedAnswer = `Noted:\n${value}\nThanks.`;
                }
              },
            });
            expect(result.modelId).toBe(model.id);
            expect(result.answer).toBe(expectedAnswer);
          }
          const sent = server.requests.slice(firstRequest);
          expect(sent).toHaveLength(turns.length);
          const bodies = sent.map((request) => JSON.stringify(request.body));
          // Read decoded, as a model reads them: a value JSON escapes is found too.
          const decodedBodies = sent.map((request) => decodedStrings(request.body).join('\n'));
          for (const value of injected) {
            for (const secret of value.secrets) {
              for (const body of decodedBodies) expect(body.includes(secret), `${value.kind} "${secret}" leaked`).toBe(false);
            }
          }
          // The history the later turns sent holds the earlier answers, restored locally and redacted again.
          if (turns.length > 1) expect(bodies.at(-1)).toContain('Noted:\\n\u27E6');
        } finally {
          database.close();
        }
      }),
      { numRuns: 50, seed: 20261201 },
    );
  }, 180_000);

  it('every supported type, each alone in ordinary text', async () => {
    const database = openDatabase(':memory:');
    const boundary = new PrivacyCloudBoundary({
      analyzer: shield,
      vaults: new InMemoryVaultStore(),
      // Redacted text goes without asking; a text on a sensitive topic ("password=...") is still asked about.
      consentGate: new ConsentGate({ policy: 'auto-allow-redacted', prompter: fixedConsentPrompter('allow-once'), grants: new InMemoryConsentGrantStore() }),
    });
    const conductor = conductorFor(database, model, boundary, shield, { answerTokens: 16 });
    try {
      // Five of every kind, so none is left out by chance.
      const samples = Object.values(everyValueArbitrary).flatMap((arbitrary) =>
        fc.sample(fc.tuple(arbitrary, fillerText, fillerText), { numRuns: 5, seed: 7 }),
      );
      const firstRequest = server.requests.length;
      for (const [value, before, after] of samples) {
        await conductor.run({ text: `${before} ${value.text} ${after}`, modelOverride: model });
      }
      const bodies = server.requests.slice(firstRequest).map((request) => decodedStrings(request.body).join('\n'));
      expect(bodies).toHaveLength(samples.length);
      samples.forEach(([value], index) => {
        for (const secret of value.secrets) expect(bodies[index]?.includes(secret), `${value.kind} "${secret}" leaked`).toBe(false);
      });
      expect(new Set(samples.map(([value]) => value.kind)).size).toBe(Object.keys(everyValueArbitrary).length);
    } finally {
      database.close();
    }
  });

  it('every disguised value of the evasion corpus', async () => {
    const database = openDatabase(':memory:');
    const boundary = new PrivacyCloudBoundary({
      analyzer,
      vaults: new InMemoryVaultStore(),
      consentGate: new ConsentGate({ policy: 'auto-allow-redacted', prompter: fixedConsentPrompter('allow-once'), grants: new InMemoryConsentGrantStore() }),
    });
    const conductor = conductorFor(database, model, boundary, analyzer, { answerTokens: 16 });
    try {
      const firstRequest = server.requests.length;
      for (const entry of disguisedValues) await conductor.run({ text: entry.text, modelOverride: model });
      const bodies = server.requests.slice(firstRequest).map((request) => decodedStrings(request.body).join('\n'));
      expect(bodies).toHaveLength(disguisedValues.length);
      disguisedValues.forEach((entry, index) => {
        expect(bodies[index]?.includes(entry.secret), `${entry.family} "${entry.secret}" leaked`).toBe(false);
      });
    } finally {
      database.close();
    }
  }, 120_000);
});
