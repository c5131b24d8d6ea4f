import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createBaton, type Baton } from '../../electron/core/app.js';
import { resolvePaths } from '../../electron/core/paths.js';
import { NO_NER_WARNING } from '../../electron/core/privacy/analyzer.js';
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

function make(settingsOverrides: Partial<Settings> = {}): Baton {
  root = mkdtempSync(join(tmpdir(), 'baton-privacy-wiring-'));
  baton = createBaton({ paths: resolvePaths({ BATON_DATA_DIR: root }), environment: {}, settingsOverrides });
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

  it('runs the patterns without a NER model, and says so', async () => {
    const { privacy } = make();
    expect(privacy.nerModelPath).toBeUndefined();
    expect(privacy.consentGate.policy).toBe('ask');
    expect(privacy.consentGate.timeoutMs).toBe(120_000);
    const result = await privacy.analyzer.analyze('Mail ann@example.com');
    expect(result.warnings).toEqual([NO_NER_WARNING]);
    expect(result.spans.map((span) => span.type)).toEqual(['EMAIL']);
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
    expect(spans.map(([, value]) => value)).not.toContain('help@acme.com');
  });
});
