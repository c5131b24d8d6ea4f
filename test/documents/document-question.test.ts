import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { answerFromDocuments } from '../../electron/core/documents/analysis/document-question.js';
import { ConversationDocuments } from '../../electron/core/documents/conversation-documents.js';
import { parseDocumentInProcess } from '../../electron/core/documents/parsing/parse-document-in-process.js';
import { DocumentIndex } from '../../electron/core/documents/retrieval/document-index.js';
import { DocumentRetriever } from '../../electron/core/documents/retrieval/document-retriever.js';
import { Conductor } from '../../electron/core/orchestration/conductor.js';
import { StaticModelPool } from '../../electron/core/orchestration/model-pool.js';
import { inspectorFromAnalyzer } from '../../electron/core/orchestration/privacy-inspector.js';
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
import { LocalProvider } from '../../electron/core/providers/local-llama/local-provider.js';
import { defaultPricingTablePath, readPricingTable } from '../../electron/core/providers/pricing-table.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import type { RunEvent } from '../../electron/shared/events.js';
import type { LanguageModel } from '../../electron/shared/language-model.js';
import type { ConsentDecision } from '../../electron/shared/privacy.js';
import { startFakeAnthropicServer, type FakeCloudServer } from '../support/fake-anthropic-server.js';
import { storiesModelPath, testLocalSettings } from '../support/local-model-fixture.js';
import { ScriptedModel } from '../support/scripted-model.js';
import { makePdf } from './document-files.js';

const pricingTable = readPricingTable(defaultPricingTablePath());
let server: FakeCloudServer;
let cloud: LanguageModel;
let database: BatonDatabase;
const local = new LocalProvider({ ...testLocalSettings, listModelFiles: async () => [{ id: 'stories260K', path: storiesModelPath }] });

beforeAll(async () => {
  server = await startFakeAnthropicServer();
  cloud = await new AnthropicProvider({ apiKey: 'test-key', baseURL: server.url, maxRetries: 0, timeoutMs: 10_000, pricingTable, models: ['claude-haiku-4-5'] }).languageModel(
    'claude-haiku-4-5',
  );
});
afterAll(async () => {
  await server.close();
  await local.dispose();
});
afterEach(() => database?.close());

/** The app's wiring in small: one analyzer and one vault store for the documents and the cloud boundary. */
function setUp(decision: ConsentDecision, localModels: LanguageModel[] = [], entityRecognizers: EntityRecognizer[] = []) {
  database = openDatabase(':memory:');
  const analyzer = new Analyzer(createPatternRecognizers(), { entityRecognizers });
  const vaults = new InMemoryVaultStore();
  const consentGate = new ConsentGate({ policy: 'ask', prompter: fixedConsentPrompter(decision), grants: new InMemoryConsentGrantStore() });
  const conductor = new Conductor({
    database,
    models: new StaticModelPool([{ model: cloud, tier: 'cheap' }, ...localModels.map((model) => ({ model }))]),
    boundary: new PrivacyCloudBoundary({ analyzer, vaults, consentGate }),
    privacy: inspectorFromAnalyzer(analyzer),
  });
  const index = new DocumentIndex(database.connection);
  // Small chunks, so each short page of these PDFs is a passage of its own.
  const documents = new ConversationDocuments({ index, analyzer, vaults, parse: parseDocumentInProcess, chunking: { maxCharacters: 90 } });
  const conversationId = database.conversations.create({ title: 'clinic' }).id;
  return { conductor, documents, index, conversationId, services: { conductor, index, retriever: new DocumentRetriever(index) } };
}

const clinicPages = [
  ['The clinic opened in spring with two nurses.'],
  ['Appointments are booked by writing to ann@example.com before noon.'],
  ['The budget paid for a new waiting room.'],
];

describe('ask mode: a question about documents', () => {
  test('names, a street address and an organisation in a document reach the cloud only as placeholders (the shipped entity classifier)', async () => {
    const classifier = new EntityRecognizer({ folder: shippedEntityClassifierFolder() });
    try {
      const { documents, conversationId, services } = setUp('allow-once', [], [classifier]);
      const pages = [['Dr. Amara Okafor treated Siobhan O\'Connell in March.'], ['Send the records to 221B Baker Street before Friday.'], ['The bill went to Equity Bank and Barclays.']];
      const { document } = await documents.add(conversationId, { name: 'ward.pdf', bytes: await makePdf(pages) });
      server.enqueue({ kind: 'text', text: 'Noted [ward.pdf, page 1].' });
      const before = server.requests.length;
      await answerFromDocuments({ conversationId, documentIds: [document.id], question: 'Who was treated, where do records go, and who paid?', passageCount: 3, modelOverride: cloud }, services);
      const sent = JSON.stringify(server.requests.slice(before).map((request) => request.body));
      expect(sent).toContain('Who was treated');
      for (const value of ['Amara', 'Okafor', "O'Connell", 'Siobhan', 'Baker Street', 'Equity Bank', 'Barclays']) expect(sent).not.toContain(value);
      expect(sent).toMatch(/\u27E6PERSON_\d+\u27E7/);
    } finally {
      await classifier.dispose();
    }
  }, 60_000);

  test('the cloud sees the retrieved passages redacted, the answer comes back restored, and its markers become exact citations', async () => {
    const { documents, conversationId, services } = setUp('allow-once');
    const { document } = await documents.add(conversationId, { name: 'clinic.pdf', bytes: await makePdf(clinicPages) });
    server.enqueue({ kind: 'text', text: 'Write to ⟦EMAIL_1⟧ to book [clinic.pdf, page 2]; it opened in spring [Clinic.pdf, p. 1].' });
    const before = server.requests.length;

    const result = await answerFromDocuments(
      { conversationId, documentIds: [document.id], question: 'How are appointments booked, and when did the clinic open?', passageCount: 2, modelOverride: cloud },
      services,
    );

    const sent = server.requests.slice(before);
    expect(sent).toHaveLength(1);
    const body = sent[0]?.body as { messages: { role: string; content: string | { text: string }[] }[] };
    const user = body.messages.map((message) => (typeof message.content === 'string' ? message.content : message.content.map((part) => part.text).join(''))).join('\n');
    expect(user).toBe(
      [
        'Answer the question from the document passages below only.',
        'Cite the passage of each statement by its heading in square brackets, like [clinic.pdf, page 1]. If the passages do not answer it, say so.',
        '',
        'Question: How are appointments booked, and when did the clinic open?',
        '',
        "The person's whole request, for context:",
        'How are appointments booked, and when did the clinic open?',
        '',
        'Document "clinic.pdf, page 1":',
        'The clinic opened in spring with two nurses.',
        '',
        'Document "clinic.pdf, page 2":',
        'Appointments are booked by writing to ⟦EMAIL_1⟧ before noon.',
      ].join('\n'),
    );
    expect(JSON.stringify(sent[0]?.body)).not.toContain('ann@example.com');

    expect(result.answer).toBe('Write to ann@example.com to book [clinic.pdf, page 2]; it opened in spring [Clinic.pdf, p. 1].');
    expect(result.citationsFrom).toBe('answer');
    expect(result.citations).toEqual([
      { document: 'clinic.pdf', page: 2, text: 'Appointments are booked by writing to ann@example.com before noon.' },
      { document: 'clinic.pdf', page: 1, text: 'The clinic opened in spring with two nurses.' },
    ]);
    expect(result.retrieval).toEqual({ mode: 'keyword', notice: 'No embedding model is set up: the documents were searched by keyword alone.' });
    expect(result.run.plan).toMatchObject({ source: 'documents', subtasks: [{ id: 's1', kind: 'extract' }] });
  });

  test('an answer that cites nothing gets the passages it was given, best first, and says so', async () => {
    const answering = new ScriptedModel('local:notes', [{ chunks: ['In spring.'] }]);
    const { documents, conversationId, services } = setUp('deny', [answering]);
    const { document } = await documents.add(conversationId, { name: 'clinic.pdf', bytes: await makePdf(clinicPages) });

    const result = await answerFromDocuments({ conversationId, documentIds: [document.id], question: 'When did the clinic open?', passageCount: 1 }, services);

    expect(result.answer).toBe('In spring.');
    expect(result.citationsFrom).toBe('retrieval');
    expect(result.citations).toEqual([{ document: 'clinic.pdf', page: 1, text: 'The clinic opened in spring with two nurses.' }]);
    // Local: the on-device model sees the passage as written.
    expect(answering.requests[0]?.messages.at(-1)?.content).toContain('Document "clinic.pdf, page 1":\nThe clinic opened in spring with two nurses.');
  });

  test('deny: a document three times larger than the local context is answered on this device from its passages; nothing reaches the cloud', async () => {
    const model = await local.languageModel('stories260K');
    const { documents, conversationId, services } = setUp('deny', [model]);
    // 16 pages of about 450 characters: over three times the 512-token context, even at four characters a token.
    const filler = 'The ward kept careful records of every visit, every dose and every discharge through the long winter months.';
    const pages = Array.from({ length: 16 }, (_, page) => [
      page === 7 ? 'The night nurse is reached at ann@example.com after ten.' : `Page ${page + 1} of the ward diary.`,
      filler.slice(0, 100),
      filler.slice(0, 100),
      filler.slice(0, 100),
      filler.slice(0, 100),
    ]);
    const { document } = await documents.add(conversationId, { name: 'ward.pdf', bytes: await makePdf(pages) }, {});
    expect(document.pageCount).toBe(16);
    const characters = services.index.chunks(document.id).reduce((total, chunk) => total + chunk.text.length, 0);
    expect(characters).toBeGreaterThan(3 * 512 * 4);
    const events: RunEvent[] = [];
    const before = server.requests.length;

    const result = await answerFromDocuments(
      { conversationId, documentIds: [document.id], question: 'How is the night nurse reached, and what did the ward records keep?', modelOverride: cloud, contextTokens: 512, maxTokens: 8, onEvent: (event) => events.push(event) },
      services,
    );

    expect(server.requests.length).toBe(before);
    expect(result.run.modelId).toBe('local:stories260K');
    expect(result.answer.trim().length).toBeGreaterThan(0);
    expect(result.run.costUsd).toBe(0);
    // The passages that fit half the local context, best first: the answer's, from page 8.
    expect(result.citations.map((citation) => citation.page)).toEqual([8, 8]);
    expect(result.citations[0]).toEqual({ document: 'ward.pdf', page: 8, text: 'The night nurse is reached at ann@example.com after ten.' });
    const notices = events.flatMap((event) => (event.type === 'run-notice' ? [event.message] : []));
    expect(notices).toEqual(['s1: sending to anthropic:claude-haiku-4-5 was not allowed; answering with local:stories260K on this device instead.']);
    // The payload shown for consent held placeholders only (the dialog lists their values apart, on this device).
    const asked = events.find((event) => event.type === 'consent-requested');
    const payload = JSON.stringify(asked?.type === 'consent-requested' ? asked.request.payload : undefined);
    expect(payload).toContain('at ⟦EMAIL_1⟧ after ten');
    expect(payload).not.toContain('ann@example.com');
  }, 60_000);
});
