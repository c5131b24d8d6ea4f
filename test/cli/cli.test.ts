import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbeddingCatalog } from '../../electron/core/documents/embedding/embedding-catalog.js';
import { openDatabase } from '../../electron/core/storage/database.js';
import { startModelFileServer, type ModelFileServer } from '../support/model-file-server.js';
import { fakeNerRepositoryFiles, startFakeHuggingFaceServer, type FakeHuggingFaceServer } from '../support/fake-hugging-face-server.js';
import { storiesModelPath } from '../support/local-model-fixture.js';
import { startFakeAnthropicServer } from '../support/fake-anthropic-server.js';
import { startFakeOpenAIServer } from '../support/fake-openai-server.js';

/**
 * The CLI as a person runs it: a child process of bin/baton.js (the compiled code, built by
 * `npm test` before vitest runs), its own data and models folders, the real stories260K model.
 */
const batonBin = fileURLToPath(new URL('../../bin/baton.js', import.meta.url));
const storiesSha256 = '270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runBaton(args: string[], environment: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [batonBin, ...args],
      {
        // No cloud keys from the developer's environment: each test sets what it needs.
        // BATON_KEYCHAIN=off: the database key goes to a key file beside the data folder, never the developer's keychain.
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', BATON_KEYCHAIN: 'off', ...environment },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? 1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'baton-cli-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function folders(name: string) {
  const dataDir = join(root, name, 'data');
  const modelsDir = join(root, name, 'models');
  mkdirSync(modelsDir, { recursive: true });
  return { dataDir, modelsDir, environment: { BATON_DATA_DIR: dataDir, BATON_MODELS_DIR: modelsDir } };
}

describe('baton ask', () => {
  it('streams the answer to stdout and reports model, tokens, time and cost on stderr', async () => {
    const { environment } = folders('ask-plain');
    const result = await runBaton(['ask', '--model-file', storiesModelPath, '--max-tokens', '12', 'Once upon a time'], environment);
    expect(result.stderr).toMatch(/— local:stories260K · \d+ in \/ 12 out tokens · (\d+ ms|\d+\.\d s) · \$0 · stopped at the token limit/);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().length).toBeGreaterThan(0);
  });

  it('--json prints exactly one object with the answer, model, usage, cost and duration', async () => {
    const { environment, dataDir } = folders('ask-json');
    const result = await runBaton(['ask', '--json', '-f', storiesModelPath, '-n', '10', 'Tom went to the park'], environment);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const output = JSON.parse(lines[0] ?? '');
    expect(output).toEqual({
      answer: expect.any(String),
      model: 'local:stories260K',
      usage: { inputTokens: expect.any(Number), outputTokens: 10 },
      costUsd: 0,
      durationMs: expect.any(Number),
      conversationId: expect.any(String),
      finishReason: 'length',
      // A named model answers alone: one subtask on it, no planner call.
      plan: { source: 'single-model', notes: ['local:stories260K was named: that model only'], subtasks: [expect.objectContaining({ id: 's1', instruction: 'Tom went to the park' })] },
      subtasks: [{ id: 's1', kind: expect.any(String), model: 'local:stories260K', reason: 'the GGUF file given with --model-file', score: expect.any(Number), escalations: [], costUsd: 0 }],
    });

    // The conversation is stored in the data folder.
    const database = openDatabase(join(dataDir, 'baton.sqlite'));
    try {
      const messages = database.messages.listByConversation(output.conversationId);
      expect(messages.map((message) => [message.role, message.content, message.status])).toEqual([
        ['user', 'Tom went to the park', 'complete'],
        ['assistant', output.answer, 'complete'],
      ]);
    } finally {
      database.close();
    }
  });

  it('uses a downloaded model when none is named, and continues a conversation', async () => {
    const { environment, modelsDir } = folders('ask-downloaded');
    copyFileSync(storiesModelPath, join(modelsDir, 'stories260K.gguf'));
    const first = await runBaton(['ask', '--json', '-n', '4', 'Lily had a ball'], environment);
    expect(first.code).toBe(0);
    const { model, conversationId } = JSON.parse(first.stdout);
    expect(model).toBe('local:stories260K');
    const second = await runBaton(['ask', '--json', '-n', '4', '--conversation', conversationId, 'What next?'], environment);
    expect(JSON.parse(second.stdout).conversationId).toBe(conversationId);
  });

  it('without a local model, says how to get one instead of printing a stack trace', async () => {
    const { environment } = folders('ask-no-model');
    const result = await runBaton(['ask', 'Hello'], environment);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('No local model is downloaded yet. Get one with:\n  baton models pull qwen2.5-0.5b-instruct-q4_k_m\n');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses an empty prompt with a message, before looking for a model', async () => {
    const { environment } = folders('ask-empty');
    const result = await runBaton(['ask', '   '], environment);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('baton: The prompt is empty: write a question after `baton ask`.\n');
  });

  it('rejects a malformed model id and a missing model file clearly', async () => {
    const { environment } = folders('ask-bad-input');
    const badId = await runBaton(['ask', '--model', 'gpt4', 'Hi'], environment);
    expect(badId.code).toBe(1);
    expect(badId.stderr).toContain('baton: "gpt4" is not a model id. Use provider:model');
    const missingFile = await runBaton(['ask', '--model-file', join(root, 'nope.gguf'), 'Hi'], environment);
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toBe(`baton: The model file ${join(root, 'nope.gguf')} does not exist.\n`);
    const badTokens = await runBaton(['ask', '--max-tokens', 'many', 'Hi'], environment);
    expect(badTokens.code).toBe(1);
    expect(badTokens.stderr).toContain("option '-n, --max-tokens <count>' argument 'many' is invalid. must be a positive whole number.");
  });

  it('a cloud model without a key is refused with the variable to set', async () => {
    const { environment } = folders('ask-no-key');
    const result = await runBaton(['ask', '--model', 'anthropic:claude-haiku-4-5', 'Hi'], environment);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ANTHROPIC_API_KEY');
  });
});

describe('baton models', () => {
  let server: ModelFileServer;
  beforeAll(async () => {
    server = await startModelFileServer(storiesModelPath);
  });
  afterAll(() => server.close());

  function testCatalog(sha256: string): string {
    const path = join(root, `catalog-${sha256.slice(0, 6)}.json`);
    const entry = {
      id: 'stories-260k',
      name: 'Stories 260K',
      description: 'A tiny llama for tests.',
      uri: server.fileUrl,
      fileName: 'stories260K.gguf',
      bytes: 1185376,
      quantization: 'F32',
      parameters: '260K',
      contextLength: 2048,
      license: 'MIT',
      minRamGiB: 1,
      sha256,
    };
    writeFileSync(path, JSON.stringify({ models: [entry] }));
    return path;
  }

  it('pulls a catalog model, verifies it, lists it and runs it', async () => {
    const { environment, modelsDir } = folders('pull');
    const catalogEnvironment = { ...environment, BATON_CATALOG: testCatalog(storiesSha256) };
    const pull = await runBaton(['models', 'pull', 'stories-260k'], catalogEnvironment);
    expect(pull.stderr).not.toContain('baton:');
    expect(pull.code).toBe(0);
    expect(pull.stdout).toBe(`stories-260k: downloaded and verified (1 MB) → ${join(modelsDir, 'stories260K.gguf')}\n`);
    expect(readdirSync(modelsDir)).toEqual(['stories260K.gguf']);

    const list = await runBaton(['models', '--json'], catalogEnvironment);
    const listed = JSON.parse(list.stdout);
    expect(listed.models.filter((model: { provider: string }) => model.provider === 'local')).toMatchObject([
      { id: 'local:stories-260k', locality: 'on-device', available: true, contextWindow: 2048 },
    ]);
    expect(listed.catalog).toMatchObject([{ id: 'stories-260k', downloaded: true }]);
    // Which backend runs local models, and why a requested GPU is not used.
    expect(['cpu', 'cuda', 'vulkan', 'metal']).toContain(listed.runtime.backend);
    expect(listed.runtime.gpuRequested).toBe(true);
    if (listed.runtime.backend === 'cpu') expect(listed.runtime.cpuFallbackReason).toMatch(/GPU/);

    const ask = await runBaton(['ask', '--json', '-n', '3', 'Hi'], catalogEnvironment);
    expect(JSON.parse(ask.stdout).model).toBe('local:stories-260k');
  });

  it('a bad checksum fails the pull and leaves no usable file', async () => {
    const { environment, modelsDir } = folders('pull-bad-checksum');
    const result = await runBaton(['models', 'pull', 'stories-260k'], { ...environment, BATON_CATALOG: testCatalog('0'.repeat(64)) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('baton: ');
    expect(result.stderr.toLowerCase()).toContain('checksum');
    expect(existsSync(join(modelsDir, 'stories260K.gguf'))).toBe(false);
    expect(readdirSync(modelsDir)).toEqual([]);
  });

  it('an unknown id lists the known ones', async () => {
    const { environment } = folders('pull-unknown');
    const result = await runBaton(['models', 'pull', 'gpt-5'], { ...environment, BATON_CATALOG: testCatalog(storiesSha256) });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('stories-260k');
  });
});

describe('baton models with the NER catalog', () => {
  const id = 'bert-base-multilingual-cased-ner-hrl';
  const repo = 'Xenova/bert-base-multilingual-cased-ner-hrl';
  let server: FakeHuggingFaceServer;
  beforeAll(async () => {
    server = await startFakeHuggingFaceServer(fakeNerRepositoryFiles(repo));
  });
  afterAll(() => server.close());

  it('pulls a NER model of the shipped catalog into <dataDir>/ner/<id>/ and lists it as in use', async () => {
    const { environment, dataDir } = folders('pull-ner');
    const hubEnvironment = { ...environment, BATON_HF_BASE_URL: server.origin };
    const pull = await runBaton(['models', 'pull', id], hubEnvironment);
    expect(pull.stderr).not.toContain('baton:');
    expect(pull.code).toBe(0);
    const folder = join(dataDir, 'ner', id);
    expect(pull.stdout).toBe(`${id}: installed (293 KB, 4 files) → ${folder}\n`);
    // Without a terminal, the progress bar prints plain lines, ending at 100%.
    expect(pull.stderr).toMatch(/Downloading: 100% \(0\.3 of 0\.3 MB\)/);
    expect(readdirSync(join(dataDir, 'ner'))).toEqual([id]);
    expect(readdirSync(folder).sort()).toEqual(['config.json', 'onnx', 'tokenizer.json', 'tokenizer_config.json']);
    expect(readdirSync(join(folder, 'onnx'))).toEqual(['model_quantized.onnx']);

    const after = await runBaton(['models'], hubEnvironment);
    expect(after.stdout).toContain('NER models for the privacy shield');
    expect(after.stdout).toMatch(new RegExp(`${id}\\s+in use`));
    const listed = JSON.parse((await runBaton(['models', '--json'], hubEnvironment)).stdout);
    expect(listed.ner).toMatchObject([
      { id: 'bert-base-ner', installed: false, active: false },
      { id, repo, installed: true, active: true },
    ]);
  }, 60_000);

  it('a missing file fails the pull with the status and leaves no model folder', async () => {
    const { environment, dataDir } = folders('pull-ner-missing');
    const key = `${repo}/tokenizer.json`;
    const tokenizer = server.files.get(key)!;
    server.files.delete(key);
    try {
      const result = await runBaton(['models', 'pull', id], { ...environment, BATON_HF_BASE_URL: server.origin });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`baton: Cannot install the NER model ${id}: The server answered 404`);
      expect(result.stderr).toContain('tokenizer.json');
      expect(existsSync(join(dataDir, 'ner', id))).toBe(false);
    } finally {
      server.files.set(key, tokenizer);
    }
  });

  it('an unknown id lists the NER and embedding models too', async () => {
    const { environment } = folders('pull-ner-unknown');
    const result = await runBaton(['models', 'pull', 'no-such-model'], environment);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`NER models for the privacy shield: bert-base-ner, ${id}. Embedding models for document search: bge-small-en-v1.5.`);
  });

  it('pulls the embedding model of document search into <dataDir>/embeddings/<id>/ and lists it as in use', async () => {
    const { environment, dataDir } = folders('pull-embedding');
    const embedding = loadEmbeddingCatalog()[0]!;
    for (const path of ['config.json', 'tokenizer.json', 'tokenizer_config.json', embedding.onnxFile]) {
      server.files.set(`${embedding.repo}/${path}`, server.files.get(`${repo}/${path === embedding.onnxFile ? 'onnx/model_quantized.onnx' : path}`)!);
    }
    const hubEnvironment = { ...environment, BATON_HF_BASE_URL: server.origin };
    const before = await runBaton(['models'], hubEnvironment);
    expect(before.stdout).toContain('Embedding models for document search (baton models pull ID); without one, documents are searched by keyword alone');
    expect(before.stdout).toMatch(/bge-small-en-v1\.5\s+~\d+ MB\s+en\s+MIT/);

    const pull = await runBaton(['models', 'pull', embedding.id], hubEnvironment);
    expect(pull.code).toBe(0);
    const folder = join(dataDir, 'embeddings', embedding.id);
    expect(pull.stdout).toBe(`${embedding.id}: installed (293 KB, 4 files) → ${folder}\n`);
    expect(pull.stderr).toContain('Documents added from the next start of Baton are searched by keyword and meaning together.');
    const listed = JSON.parse((await runBaton(['models', '--json'], hubEnvironment)).stdout);
    expect(listed.embeddings).toMatchObject([{ id: embedding.id, installed: true, active: true }]);
  }, 60_000);
});

describe('baton stats', () => {
  it('baton stats: per model and kind, and the money saved against the strongest model', async () => {
    const { environment, dataDir } = folders('stats');
    const empty = await runBaton(['stats'], environment);
    expect(empty.stdout).toMatch(/^No outcomes yet: ask something first \(baton ask "..."\)\.\nrouter threshold: /);
    mkdirSync(dataDir, { recursive: true });
    const database = openDatabase(join(dataDir, 'baton.sqlite'));
    try {
      const common = { difficulty: 2, inputTokens: 1000, outputTokens: 200 };
      database.outcomes.record({ ...common, modelId: 'local:qwen', kind: 'creative', success: true, latencyMs: 800, costUsd: 0 });
      database.outcomes.record({ ...common, modelId: 'local:qwen', kind: 'creative', success: false, latencyMs: 1200, costUsd: 0 });
      database.outcomes.record({ ...common, modelId: 'anthropic:claude-haiku-4-5', kind: 'code', success: true, latencyMs: 3000, costUsd: 0.002 });
    } finally {
      database.close();
    }
    const json = JSON.parse((await runBaton(['stats', '--json'], environment)).stdout);
    expect(json.rows).toEqual([
      { modelId: 'anthropic:claude-haiku-4-5', kind: 'code', count: 1, successRate: 1, averageCostUsd: 0.002, averageLatencyMs: 3000 },
      { modelId: 'local:qwen', kind: 'creative', count: 2, successRate: 0.5, averageCostUsd: 0, averageLatencyMs: 1000 },
    ]);
    expect(json.strongestModelId).toBe('anthropic:claude-opus-4-6');
    const text = await runBaton(['stats'], environment);
    expect(text.stdout).toContain('\nlocal:qwen                        creative           2       50%          $0      1.0 s\n');
    expect(text.stdout).toMatch(/spent \$0\.002000; the same calls on anthropic:claude-opus-4-6 would have cost \$0\.0300: saved \$0\.0280\n/);
  }, 120_000);

  it('baton stats shows the router threshold at the stored settings', async () => {
    const { environment, dataDir } = folders('stats-threshold');
    // The default settings: quality-to-cost 0.5 values a good answer at $0.05, prefer local on.
    expect((await runBaton(['stats'], environment)).stdout).toBe(
      'No outcomes yet: ask something first (baton ask "...").\n' +
        'router threshold: a good answer is worth $0.0500 (quality-to-cost 0.50); a model off this device is chosen over an on-device one ' +
        'when its P(success) is 35 points higher (prefer local) plus 2 points for each $0.001 it costs more\n',
    );
    mkdirSync(dataDir, { recursive: true });
    const database = openDatabase(join(dataDir, 'baton.sqlite'));
    try {
      database.settings.set('qualityCostPreference', 0.75);
      database.settings.set('preferLocal', false);
    } finally {
      database.close();
    }
    // 0.75: $0.0005 × 10^3 = $0.50; $0.001 more asks for 0.2 points more.
    const json = JSON.parse((await runBaton(['stats', '--json'], environment)).stdout);
    expect(json.threshold).toEqual({ qualityCostPreference: 0.75, preferLocal: false, successValueUsd: 0.5, onDeviceLead: 0, leadPerMilliDollar: 0.002 });
    expect((await runBaton(['stats'], environment)).stdout).toContain(
      'router threshold: a good answer is worth $0.5000 (quality-to-cost 0.75); a model off this device is chosen over an on-device one when its P(success) is 0.2 points for each $0.001 it costs more\n',
    );
  }, 120_000);

  it('baton stats --export, --reset and --import save, forget and restore the learned state; a file that does not fit changes nothing', async () => {
    const { environment, dataDir } = folders('stats-state');
    mkdirSync(dataDir, { recursive: true });
    const database = openDatabase(join(dataDir, 'baton.sqlite'));
    try {
      const common = { kind: 'code', difficulty: 2, inputTokens: 1000, outputTokens: 200, latencyMs: 800, costUsd: 0 };
      database.outcomes.record({ ...common, modelId: 'local:qwen', success: true });
      database.outcomes.record({ ...common, modelId: 'local:qwen', success: false });
    } finally {
      database.close();
    }
    const file = join(root, 'stats-state', 'learned.json');
    expect(await runBaton(['stats', '--export', file], environment)).toEqual({ code: 0, stdout: `Exported 2 outcomes to ${file}.\n`, stderr: '' });
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    expect([exported.format, exported.version, exported.outcomes.length]).toEqual(['baton-learned-routing', 1, 2]);

    expect((await runBaton(['stats', '--reset'], environment)).stdout).toBe('Forgot 2 outcomes: routing starts again from the tier priors.\n');
    expect((await runBaton(['stats', '--json'], environment)).stdout).toContain('"rows":[]');

    const unfit = join(root, 'stats-state', 'unfit.json');
    writeFileSync(unfit, JSON.stringify({ ...exported, outcomes: [{ ...exported.outcomes[0], difficulty: 9 }] }));
    expect(await runBaton(['stats', '--import', unfit], environment)).toEqual({
      code: 1,
      stdout: '',
      stderr: `baton: cannot import ${unfit}: the file does not fit: outcomes[0].difficulty: Too big: expected number to be <=5. Nothing was changed.\n`,
    });
    expect((await runBaton(['stats', '--json'], environment)).stdout).toContain('"rows":[]');

    expect((await runBaton(['stats', '--import', file], environment)).stdout).toBe(`Imported 2 outcomes from ${file}; they replace the 0 learned before.\n`);
    const restored = JSON.parse((await runBaton(['stats', '--json'], environment)).stdout);
    expect(restored.rows).toEqual([{ modelId: 'local:qwen', kind: 'code', count: 2, successRate: 0.5, averageCostUsd: 0, averageLatencyMs: 800 }]);

    expect((await runBaton(['stats', '--reset', '--export', file], environment)).stderr).toBe('baton: choose one of --reset, --export and --import\n');
  }, 120_000);
});

describe('baton doctor', () => {
  it('checks what works, each with its fix: a broken model file is a problem (exit 1), a good one is ok', async () => {
    const { environment, modelsDir } = folders('doctor-checks');
    copyFileSync(storiesModelPath, join(modelsDir, 'stories.gguf'));
    writeFileSync(join(modelsDir, 'broken.gguf'), 'this is not a model');
    const result = await runBaton(['doctor', '--json'], { ...environment, OPENAI_API_KEY: 'test-key' });
    expect(result.code).toBe(1);
    const checks = JSON.parse(result.stdout).checks as { name: string; state: string; detail: string; fix?: string }[];
    const byName = new Map(checks.map((check) => [check.name, check]));
    expect(byName.get('data folder')?.state).toBe('ok');
    expect(byName.get('database')).toMatchObject({ state: 'ok', detail: expect.stringMatching(/^integrity check passed, schema version \d+ \(current\)$/) });
    expect(byName.get('local model stories')).toMatchObject({ state: 'ok' });
    expect(byName.get('local model broken')).toMatchObject({ state: 'problem', fix: 'delete it and download the model again' });
    expect(byName.get('PII detector')?.state).toBe('ok');
    expect(['ok', 'warning']).toContain(byName.get('llama.cpp backend')?.state);
    expect(byName.get('openai key')).toMatchObject({ state: 'ok' });
    expect(byName.get('anthropic key')).toMatchObject({ state: 'warning', fix: 'add it in Settings, or set ANTHROPIC_API_KEY' });

    const text = await runBaton(['doctor'], environment);
    expect(text.stdout).toMatch(/\nPROBLEM  local model broken: .*broken\.gguf is not a GGUF file — fix: delete it and download the model again\n/);
  }, 120_000);

  it('tries the cloud keys only with --check-keys: a key the provider refuses is a problem, with its fix', async () => {
    const { environment } = folders('doctor-keys');
    const openai = await startFakeOpenAIServer({ apiKey: 'sk-right' });
    const anthropic = await startFakeAnthropicServer({ apiKey: 'sk-ant-right' });
    try {
      const keys = {
        ...environment,
        OPENAI_API_KEY: 'sk-right',
        OPENAI_BASE_URL: `${openai.url}/v1`,
        ANTHROPIC_API_KEY: 'sk-ant-wrong',
        ANTHROPIC_BASE_URL: anthropic.url,
      };
      const quiet = JSON.parse((await runBaton(['doctor', '--json'], keys)).stdout).checks as { name: string; state: string; detail: string }[];
      expect(quiet.find((check) => check.name === 'openai key')).toMatchObject({ state: 'ok', detail: 'set (not tried: run baton doctor --check-keys to try it)' });
      expect(openai.requests).toEqual([]);
      expect(anthropic.requests).toEqual([]);

      const tried = await runBaton(['doctor', '--json', '--check-keys'], keys);
      expect(tried.code).toBe(1);
      const checks = new Map((JSON.parse(tried.stdout).checks as { name: string; state: string; detail: string; fix?: string }[]).map((check) => [check.name, check]));
      expect(checks.get('openai key')).toMatchObject({ state: 'ok', detail: 'set, and the key works: OpenAI lists 2 models' });
      expect(checks.get('anthropic key')).toMatchObject({ state: 'problem', detail: expect.stringMatching(/key/i), fix: 'check the key and address in Settings, or ANTHROPIC_API_KEY' });
      expect([...openai.requests, ...anthropic.requests].map((request) => request.method)).toEqual(['GET', 'GET']);
    } finally {
      await openai.close();
      await anthropic.close();
    }
  }, 120_000);

  it('says where the database key is, refuses a wrong key with a way out, and starts afresh keeping the old file', async () => {
    const { environment, dataDir } = folders('doctor');
    const keyFile = `${dataDir}-database.key`;
    const first = await runBaton(['doctor'], environment);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Encryption:  SQLCipher 4 (AES-256), key in the key file ${keyFile}`);
    expect(first.stdout).toMatch(/not in a keychain.*No keychain could hold it: The keychain is turned off/s);

    const status = JSON.parse((await runBaton(['doctor', '--json'], environment)).stdout);
    expect(status.encryption).toMatchObject({ keyStorage: 'file', keyFilePath: keyFile });

    writeFileSync(keyFile, `${'0'.repeat(64)}\n`, { mode: 0o600 });
    const refused = await runBaton(['models'], environment);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/The database key is wrong.*\nTo start afresh: baton doctor --start-afresh\n$/s);
    expect((await runBaton(['doctor'], environment)).code).toBe(3);

    const afresh = await runBaton(['doctor', '--start-afresh'], environment);
    expect(afresh.code).toBe(0);
    expect(afresh.stdout).toMatch(/Started afresh: the unreadable database is kept at .*baton\.sqlite\.unreadable-/);
    expect(readdirSync(dataDir).filter((name) => name.includes('.unreadable-'))).toHaveLength(1);
    expect((await runBaton(['doctor'], environment)).code).toBe(0);
  }, 120_000);
});
