import { accessSync, constants, openSync, readSync, closeSync, statfsSync } from 'node:fs';
import type { BatonPaths } from '../paths.js';
import { loadCatalog } from '../models/model-catalog.js';
import { LocalModelStore } from '../models/local-model-store.js';
import { EntityClassifier } from '../privacy/entities/entity-classifier.js';
import { shippedEntityClassifierFolder } from '../privacy/entities/shipped-entity-classifier.js';
import { checkCloudConnection } from '../providers/cloud-connection-check.js';
import { resolveCloudCredentials } from '../providers/cloud-credentials.js';
import { loadPricingTable } from '../providers/pricing-table.js';
import { loadLlamaRuntime } from '../providers/local-llama/llama-runtime.js';
import type { Settings } from '../settings.js';
import type { BatonDatabase } from '../storage/database.js';
import { latestVersion, schemaVersion } from '../storage/migrations.js';

export type CheckState = 'ok' | 'warning' | 'problem';

/** One line of `baton doctor`: what was checked, how it stands, and what to do when it is not ok. */
export interface HealthCheck {
  name: string;
  state: CheckState;
  detail: string;
  fix?: string;
}

export interface HealthCheckInput {
  paths: BatonPaths;
  database: BatonDatabase;
  settings: Settings;
  environment: NodeJS.ProcessEnv;
  /** Try each cloud key with one call that lists the vendor's models (opt-in: otherwise nothing leaves the machine). */
  checkCloudKeys?: boolean;
}

/** Free space under which downloads and the database may fail. */
const lowDiskBytes = 2 * 1024 ** 3;

/**
 * What works and what does not, each with its fix: the data folder and disk space, the database
 * (integrity, migrations), the local models and their files, the PII detector, the llama.cpp
 * backend, and which cloud providers have a key. Every check runs on this machine only, unless
 * `checkCloudKeys` asks for one call per cloud key (a listing of the vendor's models).
 */
export async function runHealthChecks(input: HealthCheckInput): Promise<HealthCheck[]> {
  return [
    dataFolderCheck(input.paths),
    databaseCheck(input.database),
    ...(await localModelChecks(input.paths)),
    await piiDetectorCheck(),
    await llamaBackendCheck(input.settings),
    ...(await cloudKeyChecks(input)),
  ];
}

function dataFolderCheck(paths: BatonPaths): HealthCheck {
  try {
    accessSync(paths.dataDir, constants.W_OK);
  } catch (error) {
    return {
      name: 'data folder',
      state: 'problem',
      detail: `${paths.dataDir} cannot be written (${(error as Error).message})`,
      fix: 'give your user write access to the folder, or set BATON_DATA_DIR to a folder you own',
    };
  }
  const disk = statfsSync(paths.dataDir);
  const freeBytes = disk.bavail * disk.bsize;
  const free = `${(freeBytes / 1024 ** 3).toFixed(1)} GB free`;
  if (freeBytes < lowDiskBytes) {
    return { name: 'data folder', state: 'warning', detail: `${paths.dataDir}: only ${free}`, fix: 'free some disk space before downloading models' };
  }
  return { name: 'data folder', state: 'ok', detail: `${paths.dataDir}: ${free}` };
}

function databaseCheck(database: BatonDatabase): HealthCheck {
  const problems = database.connection.pragma('quick_check') as { quick_check: string }[];
  const verdict = problems.map((row) => row.quick_check).join('; ');
  if (verdict !== 'ok') {
    return {
      name: 'database',
      state: 'problem',
      detail: `the integrity check found damage: ${verdict.slice(0, 300)}`,
      fix: 'export what you need, then `baton doctor --start-afresh` keeps the damaged file aside and makes a new one',
    };
  }
  const version = schemaVersion(database.connection);
  if (version !== latestVersion) {
    return { name: 'database', state: 'problem', detail: `schema version ${version}, this Baton expects ${latestVersion}`, fix: 'update Baton' };
  }
  return { name: 'database', state: 'ok', detail: `integrity check passed, schema version ${version} (current)` };
}

async function localModelChecks(paths: BatonPaths): Promise<HealthCheck[]> {
  const store = new LocalModelStore(paths.modelsDir, loadCatalog());
  const models = await store.list();
  if (models.length === 0) {
    return [{ name: 'local models', state: 'warning', detail: `none in ${paths.modelsDir}`, fix: 'download one: baton models pull qwen2.5-0.5b-instruct-q4_k_m' }];
  }
  const checks = models.map((model): HealthCheck => {
    const name = `local model ${model.id}`;
    if (!startsWithGgufMagic(model.path)) {
      return { name, state: 'problem', detail: `${model.path} is not a GGUF file`, fix: 'delete it and download the model again' };
    }
    const entry = model.catalogEntry;
    if (entry && entry.bytesExact && entry.bytes !== model.bytes) {
      return { name, state: 'problem', detail: `${model.bytes} bytes, the catalog says ${entry.bytes}`, fix: `download it again: baton models pull ${entry.id}` };
    }
    return { name, state: 'ok', detail: `${(model.bytes / 1024 ** 2).toFixed(0)} MB, ${model.fileName}` };
  });
  for (const partial of await store.listPartialDownloads()) {
    checks.push({
      name: `download ${partial.catalogEntry?.id ?? partial.fileName}`,
      state: 'warning',
      detail: `unfinished (${(partial.bytes / 1024 ** 2).toFixed(0)} MB so far)`,
      fix: partial.catalogEntry ? `resume it: baton models pull ${partial.catalogEntry.id}` : 'delete the .partial file',
    });
  }
  return checks;
}

function startsWithGgufMagic(path: string): boolean {
  const bytes = Buffer.alloc(4);
  let descriptor: number | undefined;
  try {
    descriptor = openSync(path, 'r');
    return readSync(descriptor, bytes, 0, 4, 0) === 4 && bytes.toString('latin1') === 'GGUF';
  } catch {
    return false;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** The shipped entity classifier loads and finds a name: without it every cloud call is blocked. */
async function piiDetectorCheck(): Promise<HealthCheck> {
  const folder = shippedEntityClassifierFolder();
  try {
    const classifier = await EntityClassifier.load(folder);
    try {
      const text = 'Please ask Maria Lopez about the invoice.';
      const spans = await classifier.analyze(text);
      if (!spans.some((span) => span.type === 'PERSON' && text.slice(span.start, span.end) === 'Maria Lopez')) {
        return { name: 'PII detector', state: 'problem', detail: `the entity classifier in ${folder} loads but misses a plain name`, fix: 'reinstall Baton' };
      }
      return { name: 'PII detector', state: 'ok', detail: `the entity classifier in ${folder} loads and finds names` };
    } finally {
      await classifier.dispose();
    }
  } catch (error) {
    return {
      name: 'PII detector',
      state: 'problem',
      detail: `${(error as Error).message} Cloud calls are blocked until it works; local models go on.`,
      fix: 'reinstall Baton',
    };
  }
}

/** llama.cpp loads from a prebuilt binary, on the GPU where the setting asks for one. */
async function llamaBackendCheck(settings: Settings): Promise<HealthCheck> {
  try {
    const runtime = await loadLlamaRuntime({ gpu: settings.localGpu });
    try {
      const { backend, cpuFallbackReason } = runtime.info;
      if (cpuFallbackReason) return { name: 'llama.cpp backend', state: 'warning', detail: `cpu: ${cpuFallbackReason}` };
      return { name: 'llama.cpp backend', state: 'ok', detail: backend === 'cpu' && !settings.localGpu ? 'cpu (the GPU setting is off)' : backend };
    } finally {
      await runtime.llama.dispose();
    }
  } catch (error) {
    return { name: 'llama.cpp backend', state: 'problem', detail: (error as Error).message, fix: 'reinstall Baton' };
  }
}

async function cloudKeyChecks(input: HealthCheckInput): Promise<HealthCheck[]> {
  const credentials = resolveCloudCredentials(input.settings, input.environment);
  const pricingTable = loadPricingTable(input.paths.pricingOverridePath);
  return Promise.all(
    (['anthropic', 'openai'] as const).map(async (provider): Promise<HealthCheck> => {
      const name = `${provider} key`;
      const variable = provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY';
      if (!credentials[provider].apiKey) return { name, state: 'warning', detail: 'not set: its models are not offered', fix: `add it in Settings, or set ${variable}` };
      if (!input.checkCloudKeys) return { name, state: 'ok', detail: 'set (not tried: run baton doctor --check-keys to try it)' };
      const check = await checkCloudConnection(provider, credentials[provider], { pricingTable });
      return check.ok
        ? { name, state: 'ok', detail: `set, and ${check.message}` }
        : { name, state: 'problem', detail: check.message, fix: `check the key and address in Settings, or ${variable}` };
    }),
  );
}
