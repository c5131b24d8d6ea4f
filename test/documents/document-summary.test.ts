import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { summarizeDocuments } from '../../electron/core/documents/analysis/document-summary.js';
import { ConversationDocuments } from '../../electron/core/documents/conversation-documents.js';
import { parseDocumentInProcess } from '../../electron/core/documents/parsing/parse-document-in-process.js';
import { DocumentIndex } from '../../electron/core/documents/retrieval/document-index.js';
import { Conductor } from '../../electron/core/orchestration/conductor.js';
import { StaticModelPool } from '../../electron/core/orchestration/model-pool.js';
import { inspectorFromAnalyzer } from '../../electron/core/orchestration/privacy-inspector.js';
import { Analyzer } from '../../electron/core/privacy/analyzer.js';
import { PrivacyCloudBoundary } from '../../electron/core/privacy/cloud-boundary.js';
import { ConsentGate } from '../../electron/core/privacy/consent-gate.js';
import { InMemoryConsentGrantStore } from '../../electron/core/privacy/consent-grant-store.js';
import { fixedConsentPrompter } from '../../electron/core/privacy/fixed-consent-prompter.js';
import { createPatternRecognizers } from '../../electron/core/privacy/recognizers/index.js';
import { InMemoryVaultStore } from '../../electron/core/privacy/vault-store.js';
import { AnthropicProvider } from '../../electron/core/providers/anthropic/anthropic-provider.js';
import { LocalProvider } from '../../electron/core/providers/local-llama/local-provider.js';
import { defaultPricingTablePath, readPricingTable } from '../../electron/core/providers/pricing-table.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import type { RunEvent } from '../../electron/shared/events.js';
import type { GenerateRequest, LanguageModel, StreamPart } from '../../electron/shared/language-model.js';
import { startFakeAnthropicServer, type FakeCloudServer } from '../support/fake-anthropic-server.js';
import { storiesModelPath, testLocalSettings } from '../support/local-model-fixture.js';
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

/**
 * An on-device model that summarizes a part as "Summary of <its place>", combines as "Combined",
 * and counts how many of its calls run at the same time.
 */
class SummarizingModel implements LanguageModel {
  readonly id = 'local:summarizer';
  readonly provider = 'local';
  readonly name = 'summarizer';
  readonly displayName = 'summarizer';
  readonly locality = 'on-device' as const;
  readonly contextWindow = 4096;
  readonly pricing = { inputPerMTok: 0, outputPerMTok: 0 };
  readonly requests: GenerateRequest[] = [];
  running = 0;
  mostAtOnce = 0;

  async *stream(request: GenerateRequest): AsyncIterable<StreamPart> {
    this.requests.push(request);
    this.running += 1;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
    await new Promise((resolve) => setTimeout(resolve, 40));
    this.running -= 1;
    const prompt = request.messages.at(-1)!.content;
    const part = /^Summarize this part of "[^"]+" \(([^)]+)\)/.exec(prompt);
    yield { type: 'text-delta', text: part ? `Summary of ${part[1]}: the ward kept its records well.` : 'Combined: the ward kept its records well all year.' };
    yield { type: 'usage', usage: { inputTokens: 10, outputTokens: 8 } };
    yield { type: 'finish', reason: 'stop' };
  }
}

function setUp(models: { model: LanguageModel; tier?: 'cheap' }[], decision: 'deny' | 'allow-once' = 'deny') {
  database = openDatabase(':memory:');
  const analyzer = new Analyzer(createPatternRecognizers());
  const vaults = new InMemoryVaultStore();
  const consentGate = new ConsentGate({ policy: 'ask', prompter: fixedConsentPrompter(decision), grants: new InMemoryConsentGrantStore() });
  const conductor = new Conductor({
    database,
    models: new StaticModelPool(models),
    boundary: new PrivacyCloudBoundary({ analyzer, vaults, consentGate }),
    privacy: inspectorFromAnalyzer(analyzer),
  });
  const index = new DocumentIndex(database.connection);
  // Small chunks, so each page of these PDFs is a passage of its own.
  const documents = new ConversationDocuments({ index, analyzer, vaults, parse: parseDocumentInProcess, chunking: { maxCharacters: 600 } });
  const conversationId = database.conversations.create({ title: 'ward' }).id;
  return { documents, conversationId, services: { conductor, index } };
}

const line = 'The ward kept careful records of every visit, dose and discharge.';
const wardPages = (count: number) => Array.from({ length: count }, (_, page) => [`Page ${page + 1} of the ward diary.`, line, line, line, line, line]);

describe('summarize mode: map-reduce through the conductor', () => {
  test('the parts run at the same time, each reports its progress, and reduce steps combine them in order', async () => {
    const model = new SummarizingModel();
    const { documents, conversationId, services } = setUp([{ model }]);
    const { document } = await documents.add(conversationId, { name: 'ward.pdf', bytes: await makePdf(wardPages(5)) });
    const progress: string[] = [];
    const events: RunEvent[] = [];

    // A 600-token context: one page a part, two results a reduce step.
    const result = await summarizeDocuments(
      { conversationId, documentIds: [document.id], contextTokens: 600, onPartDone: ({ done, total, label }) => progress.push(`${done}/${total} ${label}`), onEvent: (event) => events.push(event) },
      services,
    );

    expect(result.parts).toEqual([1, 2, 3, 4, 5].map((page) => ({ id: `m${page}`, document: 'ward.pdf', documentIndex: 0, place: `page ${page}`, passageCount: 1 })));
    expect(result.run.plan.subtasks.map((subtask) => [subtask.id, subtask.dependsOn])).toEqual([
      ['m1', []], ['m2', []], ['m3', []], ['m4', []], ['m5', []],
      ['r1.1', ['m1', 'm2']], ['r1.2', ['m3', 'm4']], ['r2.1', ['r1.1', 'r1.2']], ['reduce', ['r2.1', 'm5']],
    ]);
    expect(model.mostAtOnce).toBe(4); // the local provider's limit, with five parts ready at once
    // Told once per part, counting up, in the order the parts finished.
    expect(progress.map((entry) => entry.split(' ')[0])).toEqual(['1/5', '2/5', '3/5', '4/5', '5/5']);
    expect(progress.map((entry) => entry.split(' ').slice(1).join(' ')).sort()).toEqual([1, 2, 3, 4, 5].map((page) => `ward.pdf, page ${page}`));
    expect(result.answer).toBe('Combined: the ward kept its records well all year.');
    // A reduce step gets its inputs' results in the document's order, labelled by their first line only.
    const first = model.requests.find((request) => request.messages.at(-1)!.content.startsWith('Combine the summaries below'))!;
    expect(first.messages.at(-1)!.content).toContain(
      [
        'Result of m1 (Summarize this part of "ward.pdf" (page 1) in at most three sentences.):',
        'Summary of page 1: the ward kept its records well.',
        '',
        'Result of m2 (Summarize this part of "ward.pdf" (page 2) in at most three sentences.):',
        'Summary of page 2: the ward kept its records well.',
      ].join('\n'),
    );
    const finished = events.flatMap((event) => (event.type === 'subtask-finished' ? [event.subtaskId] : []));
    expect(finished.at(-1)).toBe('reduce');
  });

  test('deny: a document three times larger than the local context is summarized on this device, and nothing reaches the cloud', async () => {
    const stories = await local.languageModel('stories260K');
    const { documents, conversationId, services } = setUp([{ model: cloud, tier: 'cheap' }, { model: stories }]);
    const { document } = await documents.add(conversationId, { name: 'ward.pdf', bytes: await makePdf(wardPages(14)) });
    // Over three times the 512-token context, at the conductor's own estimate of three characters a token.
    const characters = services.index.chunks(document.id).reduce((total, chunk) => total + chunk.text.length, 0);
    expect(characters).toBeGreaterThan(3 * 512 * 3);
    const events: RunEvent[] = [];
    const before = server.requests.length;

    const result = await summarizeDocuments(
      { conversationId, documentIds: [document.id], contextTokens: 512, modelOverride: cloud, maxTokens: 12, onEvent: (event) => events.push(event) },
      services,
    );

    expect(server.requests.length).toBe(before);
    expect(result.parts.length).toBe(14);
    expect(result.run.subtasks.every((subtask) => subtask.status === 'finished' && subtask.modelId === 'local:stories260K')).toBe(true);
    expect(result.run.subtasks.at(-1)?.id).toBe('reduce');
    expect(result.answer.trim().length).toBeGreaterThan(0);
    expect(result.run.costUsd).toBe(0);
    const denied = events.flatMap((event) => (event.type === 'run-notice' && event.kind === 'consent-denied' ? [event.message] : []));
    expect(denied).toContain('reduce: sending to anthropic:claude-haiku-4-5 was not allowed; answering with local:stories260K on this device instead.');
  }, 120_000);

  test('allow-once: every step sent to the cloud carries placeholders, never the values found in the document', async () => {
    const { documents, conversationId, services } = setUp([{ model: cloud, tier: 'cheap' }], 'allow-once');
    const pages = wardPages(3);
    pages[1]![0] = 'The night nurse is reached at ann@example.com after ten.';
    const { document } = await documents.add(conversationId, { name: 'ward.pdf', bytes: await makePdf(pages) });
    // The three parts run at once, so each gets the same answer; then the two reduce steps, in turn.
    for (const text of ['Records were kept.', 'Records were kept.', 'Records were kept.', 'Records; night nurse at ⟦EMAIL_1⟧.', 'The ward kept records; write to ⟦EMAIL_1⟧ at night.']) {
      server.enqueue({ kind: 'text', text });
    }
    const before = server.requests.length;

    const result = await summarizeDocuments({ conversationId, documentIds: [document.id], contextTokens: 600, modelOverride: cloud }, services);

    const sent = server.requests.slice(before).map((request) => JSON.stringify(request.body));
    expect(sent).toHaveLength(5); // three parts, two reduce steps
    const pageTwo = sent.filter((body) => body.includes('The night nurse is reached at'));
    expect(pageTwo).toHaveLength(1);
    expect(pageTwo[0]).toContain('The night nurse is reached at ⟦EMAIL_1⟧ after ten.');
    // The last reduce step carries the first one's summary, placeholder and all.
    expect(sent[4]).toContain('Records; night nurse at ⟦EMAIL_1⟧.');
    expect(sent.some((body) => body.includes('ann@example.com'))).toBe(false);
    expect(result.answer).toBe('The ward kept records; write to ann@example.com at night.');
  });

  test('compare: a summary tree per document, then one step that compares their summaries', async () => {
    const model = new SummarizingModel();
    const { documents, conversationId, services } = setUp([{ model }]);
    const ward = await documents.add(conversationId, { name: 'ward.pdf', bytes: await makePdf(wardPages(3)) });
    const clinic = await documents.add(conversationId, { name: 'clinic.pdf', bytes: await makePdf([['The clinic opened in spring with two nurses.']]) });

    const result = await summarizeDocuments({ mode: 'compare', conversationId, documentIds: [ward.document.id, clinic.document.id], contextTokens: 600, focus: 'staffing' }, services);

    expect(result.run.plan.subtasks.map((subtask) => [subtask.id, subtask.dependsOn])).toEqual([
      ['m1', []], ['m2', []], ['m3', []], ['m4', []],
      ['r1.1.1', ['m1', 'm2']], ['d1', ['r1.1.1', 'm3']], ['compare', ['d1', 'm4']],
    ]);
    const compare = model.requests.at(-1)!.messages.at(-1)!.content;
    expect(compare).toContain(
      [
        'Compare "ward.pdf" and "clinic.pdf" from their summaries below: what they have in common, where they differ, and anything one says that the others do not. Keep names, figures and dates exactly as written. Attend to: staffing',
        '',
        'Result of d1 (Write one summary of "ward.pdf" from the summaries of its parts below, which are in the document\'...):',
        'Combined: the ward kept its records well all year.',
        '',
        'Result of m4 (Summarize this part of "clinic.pdf" (page 1) in at most three sentences.):',
        'Summary of page 1: the ward kept its records well.',
        '',
        "The person's whole request, for context:",
        'Compare "ward.pdf" and "clinic.pdf", focusing on: staffing',
      ].join('\n'),
    );
    await expect(summarizeDocuments({ mode: 'compare', conversationId, documentIds: [ward.document.id] }, services)).rejects.toThrow('Comparing needs at least two documents.');
  });
});
