/**
 * Document search's embedding model, installed the way Settings installs it (models.pull) from a
 * fake Hugging Face repository on 127.0.0.1 that serves the real tiny-bow-embed files: once it is
 * in, a document added is embedded, and a question finds its passage by keyword and vector search
 * together (no "keyword alone" notice).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEmbeddingCatalog } from '../../electron/core/documents/embedding/embedding-catalog.js';
import type { ApiEvent } from '../../electron/shared/api.js';
import { startFakeHuggingFaceServer, type FakeHuggingFaceServer } from '../support/fake-hugging-face-server.js';
import { ScriptedModel } from '../support/scripted-model.js';
import { runEventsOf, startService, type ServiceHarness } from './service-fixture.js';

const tinyEmbedFolder = fileURLToPath(new URL('../../../shared/models/tiny-bow-embed/', import.meta.url));
const entry = loadEmbeddingCatalog()[0]!;
const base64 = (text: string) => Buffer.from(text).toString('base64');

/** The catalog entry's files, with the tiny model's bytes in place of the real model's. */
function repositoryFiles(): Record<string, Buffer> {
  const file = (path: string) => readFileSync(new URL(path, `file://${tinyEmbedFolder}`));
  return {
    [`${entry.repo}/config.json`]: file('config.json'),
    [`${entry.repo}/tokenizer.json`]: file('tokenizer.json'),
    [`${entry.repo}/tokenizer_config.json`]: file('tokenizer_config.json'),
    [`${entry.repo}/${entry.onnxFile}`]: file('onnx/model_quantized.onnx'),
  };
}

let harness: ServiceHarness | undefined;
let server: FakeHuggingFaceServer | undefined;
afterEach(async () => {
  await harness?.close();
  await server?.close();
  harness = undefined;
  server = undefined;
});

describe('the embedding model of document search', () => {
  it('is listed, installed with models.pull, and then used for the documents added after it', async () => {
    server = await startFakeHuggingFaceServer(repositoryFiles());
    const model = new ScriptedModel('scripted:reader', [{ chunks: ['Nine.'] }, { chunks: ['Nine.'] }]);
    harness = await startService({ model, environment: { BATON_HF_BASE_URL: server.origin } });

    const before = await harness.call('settings.get', {});
    expect(before.embeddingModels).toEqual([
      { id: entry.id, name: entry.name, description: entry.description, license: entry.license, languages: entry.languages, bytes: entry.bytes, installed: false, active: false, downloading: false },
    ]);

    // Without it: keyword search alone, and the run says so.
    const first = await harness.call('documents.add', { name: 'bakery.md', contentBase64: base64('# Bakery\n\nThe bakery opens at nine every morning.\n') });
    const plain = await harness.call('chat.send', { conversationId: first.document.conversationId, text: 'When does the bakery open?' });
    await harness.waitForRunEnd(plain.runId);
    expect(runEventsOf(harness.events, plain.runId).filter((event) => event.type === 'run-notice').map((event) => (event as { message: string }).message)).toEqual([
      'No embedding model is set up: the documents were searched by keyword alone.',
    ]);

    expect(await harness.call('models.pull', { id: entry.id })).toEqual({ started: true });
    await harness.waitForEvent((event): event is ApiEvent => event.type === 'download-progress' && event.download.modelId === entry.id && event.download.state === 'finished');
    const changed = await harness.waitForEvent(
      (event): event is Extract<ApiEvent, { type: 'settings-changed' }> => event.type === 'settings-changed' && event.settings.embeddingModels[0]?.installed === true,
    );
    expect(changed.settings.embeddingModels[0]).toMatchObject({ installed: true, active: true, downloading: false });
    expect(server.requests.map((request) => request.path).filter((path) => path.includes('/resolve/main/'))).toEqual([
      `/${entry.repo}/resolve/main/config.json`,
      `/${entry.repo}/resolve/main/tokenizer.json`,
      `/${entry.repo}/resolve/main/tokenizer_config.json`,
      `/${entry.repo}/resolve/main/${entry.onnxFile}`,
    ]);

    // A document added now is embedded: its question is answered without the notice.
    const second = await harness.call('documents.add', { name: 'hours.md', contentBase64: base64('# Hours\n\nThe library opens at ten on Sundays.\n') });
    const fused = await harness.call('chat.send', { conversationId: second.document.conversationId, text: 'When does the library open?' });
    await harness.waitForRunEnd(fused.runId);
    expect(runEventsOf(harness.events, fused.runId).filter((event) => event.type === 'run-notice')).toEqual([]);
  });
});
