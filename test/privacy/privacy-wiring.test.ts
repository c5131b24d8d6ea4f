import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createBaton, type Baton } from '../../electron/core/app.js';
import { resolvePaths } from '../../electron/core/paths.js';
import { shippedEntityClassifierFolder } from '../../electron/core/privacy/entities/shipped-entity-classifier.js';
import { BatonError } from '../../electron/shared/errors.js';
import { defaultSettings, type Settings } from '../../electron/core/settings.js';

const tinyNerPath = fileURLToPath(new URL('../../../shared/models/tiny-pii-ner', import.meta.url));

let baton: Baton | undefined;
let root: string | undefined;
afterEach(async () => {
  await baton?.close();
  if (root) rmSync(root, { recursive: true, force: true });
  baton = undefined;
  root = undefined;
});

function make(settingsOverrides: Partial<Settings> = {}, options: { entityClassifierPath?: string } = {}): Baton {
  root = mkdtempSync(join(tmpdir(), 'baton-privacy-wiring-'));
  // The data folder one level down: the database key file goes beside it, inside root.
  baton = createBaton({ paths: resolvePaths({ BATON_DATA_DIR: join(root, 'data') }), environment: {}, settingsOverrides, ...options });
  return baton;
}

describe('the privacy shield in the composition root', () => {
  it('has privacy settings with safe defaults', () => {
    expect(defaultSettings).toMatchObject({
      privacyPolicy: 'ask',
      consentTimeoutSeconds: 120,
      allowList: [],
      denyList: [],
      disabledEntityTypes: [],
    });
    expect(defaultSettings.nerModelPath).toBeUndefined();
  });

  it('runs the patterns and the shipped entity classifier by default, with nothing installed', async () => {
    const { privacy } = make();
    expect(privacy.nerModelPath).toBeUndefined();
    expect(privacy.entityClassifierPath).toBe(shippedEntityClassifierFolder());
    expect(privacy.consentGate.policy).toBe('ask');
    expect(privacy.consentGate.timeoutMs).toBe(120_000);
    const text = 'Mail ann@example.com or ask Amara Okafor in Lagos.';
    const result = await privacy.analyzer.analyze(text);
    expect(result.warnings).toEqual([]);
    expect(result.spans.map((span) => [span.type, text.slice(span.start, span.end)])).toEqual([
      ['EMAIL', 'ann@example.com'],
      ['PERSON', 'Amara Okafor'],
      ['LOCATION', 'Lagos'],
    ]);
  });

  it('fails every analysis, naming the folder, when the entity classifier is missing (the cloud is then blocked)', async () => {
    const missing = join(tmpdir(), 'baton-no-such-classifier');
    const { privacy } = make({}, { entityClassifierPath: missing });
    const error = await privacy.analyzer.analyze('Amara Okafor').catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(BatonError);
    expect((error as BatonError).code).toBe('privacy-blocked');
    expect((error as BatonError).message).toBe(
      `The privacy shield could not check the text: recognizer "entity-classifier" failed (The entity classifier in "${missing}" is incomplete: ${join(missing, 'model.onnx')} is missing.).`,
    );
  });

  it('fails every analysis, naming the folder, when a configured NER model folder is missing', async () => {
    const missing = join(tmpdir(), 'baton-no-such-ner-model');
    const { privacy } = make({ nerModelPath: missing });
    expect(privacy.nerModelPath).toBe(missing);
    const error = await privacy.analyzer.analyze('Amara Okafor').catch((reason: unknown) => reason);
    expect((error as BatonError).code).toBe('privacy-blocked');
    expect((error as BatonError).message).toContain(`No NER model in "${missing}"`);
  });

  it('uses the NER model, allow and deny lists and per-type switches from Settings', async () => {
    const { privacy } = make({
      nerModelPath: tinyNerPath,
      denyList: ['Falcon'],
      allowList: ['help@acme.com'],
      disabledEntityTypes: ['LOCATION'],
      privacyPolicy: 'local-only',
      consentTimeoutSeconds: 30,
    });
    expect(privacy.nerModelPath).toBe(tinyNerPath);
    expect(privacy.consentGate.policy).toBe('local-only');
    expect(privacy.consentGate.timeoutMs).toBe(30_000);
    const text = 'My name is John Smith and I live in Paris.';
    const result = await privacy.analyzer.analyze(text);
    expect(result.warnings).toEqual([]);
    // Paris is a LOCATION, switched off.
    expect(result.spans.map((span) => [span.type, text.slice(span.start, span.end)])).toEqual([['PERSON', 'John Smith']]);
    const listed = 'Falcon, write to help@acme.com';
    const spans = (await privacy.analyzer.analyze(listed)).spans.map((span) => [span.type, listed.slice(span.start, span.end)]);
    expect(spans).toContainEqual(['CUSTOM', 'Falcon']);
    // The allow list releases names, places and organisations only: an e-mail address stays redacted.
    expect(spans).toContainEqual(['EMAIL', 'help@acme.com']);
  });
});
