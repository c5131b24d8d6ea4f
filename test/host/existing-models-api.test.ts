import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { knownModelFolders, scanModelFolders } from '../../electron/core/models/model-folder-scan.js';
import { storiesModelPath } from '../support/local-model-fixture.js';
import { startService, type ServiceHarness } from './service-fixture.js';

let harness: ServiceHarness | undefined;
const folders: string[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function folder(): string {
  const made = mkdtempSync(join(tmpdir(), 'baton-existing-models-'));
  folders.push(made);
  return made;
}

/** A home folder with models where LM Studio and Ollama keep them, and a file that only looks like one. */
function homeWithOtherApps(): string {
  const home = folder();
  const lmStudio = join(home, '.lmstudio', 'models', 'karpathy', 'stories');
  mkdirSync(lmStudio, { recursive: true });
  copyFileSync(storiesModelPath, join(lmStudio, 'stories260K-Q8.gguf'));
  writeFileSync(join(lmStudio, 'mmproj-stories.gguf'), 'a vision projector, not a chat model');
  const ollama = join(home, '.ollama', 'models');
  const digest = 'a'.repeat(64);
  mkdirSync(join(ollama, 'blobs'), { recursive: true });
  copyFileSync(storiesModelPath, join(ollama, 'blobs', `sha256-${digest}`));
  mkdirSync(join(ollama, 'manifests', 'registry.ollama.ai', 'library', 'stories'), { recursive: true });
  writeFileSync(
    join(ollama, 'manifests', 'registry.ollama.ai', 'library', 'stories', 'tiny'),
    JSON.stringify({ layers: [{ mediaType: 'application/vnd.ollama.image.template', digest: `sha256:${'b'.repeat(64)}` }, { mediaType: 'application/vnd.ollama.image.model', digest: `sha256:${digest}` }] }),
  );
  return home;
}

describe('models already on this machine', () => {
  it('are found in LM Studio\'s folder and through Ollama\'s manifests, vision projectors left out', async () => {
    const home = homeWithOtherApps();
    const found = await scanModelFolders(knownModelFolders(home, 'linux', {}));
    expect(found.map((file) => [file.source, file.name, file.bytes]).sort()).toEqual([
      ['LM Studio', 'stories260K-Q8.gguf', 1_185_376],
      ['Ollama', 'stories-tiny.gguf', 1_185_376],
    ]);
    expect(knownModelFolders(home, 'darwin', {}).map((entry) => entry.source)).toEqual(['LM Studio', 'LM Studio', 'Jan', 'Ollama', 'Jan', 'GPT4All']);
  });

  it('are added where they are: a link in the models folder, listed and answering; deleting it leaves the file', async () => {
    const models = folder();
    const file = join(models, 'my-stories.gguf');
    copyFileSync(storiesModelPath, file);
    harness = await startService();
    const scan = await harness.call('models.scanFolders', { folder: models });
    expect(scan).toEqual({ searched: [{ source: 'folder', path: models }], files: [{ path: file, name: 'my-stories.gguf', bytes: 1_185_376, source: 'folder', added: false }] });

    expect(await harness.call('models.addFile', { path: file })).toEqual({ model: { id: 'my-stories', fileName: 'my-stories.gguf', bytes: 1_185_376 } });
    const linked = join(harness.modelsDir, 'my-stories.gguf');
    expect(lstatSync(linked).isSymbolicLink()).toBe(true);
    const overview = await harness.call('models.list', {});
    expect(overview.downloaded.map((model) => model.id)).toContain('my-stories');
    expect(overview.memoryBytes).toBe(totalmem());
    expect((await harness.call('models.scanFolders', { folder: models })).files[0]?.added).toBe(true);
    // Added twice: the same model.
    expect((await harness.call('models.addFile', { path: file })).model.id).toBe('my-stories');

    const sent = await harness.call('chat.send', { text: 'Once upon a time', modelId: 'local:my-stories', maxTokens: 8 });
    const end = await harness.waitForRunEnd(sent.runId, 60_000);
    expect(end.type).toBe('run-finished');

    expect(await harness.call('models.delete', { id: 'my-stories' })).toEqual({ deleted: true });
    expect(existsSync(linked)).toBe(false);
    expect(existsSync(file)).toBe(true);
  }, 120_000);

  it('refuses a file that is not a GGUF model, one cut short, and a missing one, each with the reason', async () => {
    const models = folder();
    const notModel = join(models, 'notes.gguf');
    writeFileSync(notModel, 'just some notes');
    const cut = join(models, 'cut.gguf');
    copyFileSync(storiesModelPath, cut);
    truncateSync(cut, 600_000);
    harness = await startService();
    await expect(harness.call('models.addFile', { path: notModel })).rejects.toMatchObject({
      code: 'invalid-request',
      message: `${notModel} is not a GGUF model file: Baton runs models in the GGUF format (a file ending in .gguf).`,
    });
    await expect(harness.call('models.addFile', { path: cut })).rejects.toMatchObject({
      message: `${cut} is cut short: it has 600,000 bytes of the 1,185,376 its header describes. Download it again.`,
    });
    await expect(harness.call('models.addFile', { path: join(models, 'missing.gguf') })).rejects.toMatchObject({ code: 'invalid-request' });
    expect((await harness.call('models.list', {})).downloaded).toEqual([]);
  });
});
