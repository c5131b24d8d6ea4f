import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/storage/database.js';
import { startFakeAnthropicServer, type FakeCloudServer } from '../support/fake-anthropic-server.js';
import { storiesModelPath } from '../support/local-model-fixture.js';

/**
 * `baton scan` and `baton ask --consent` as a person runs them: child processes of bin/baton.js
 * (the compiled code: `npx tsc -p tsconfig.json` or `npm test` builds it first).
 */
const batonBin = fileURLToPath(new URL('../../bin/baton.js', import.meta.url));
const tinyNerPath = fileURLToPath(new URL('../../../shared/models/tiny-pii-ner', import.meta.url));

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runBaton(args: string[], environment: Record<string, string>, stdin?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [batonBin, ...args],
      { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', BATON_KEYCHAIN: 'off', ...environment }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? 1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(stdin ?? '');
  });
}

let root: string;
let server: FakeCloudServer;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'baton-privacy-cli-'));
  server = await startFakeAnthropicServer();
});
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await server.close();
});

function folders(name: string, options: { localModel?: boolean; ner?: boolean } = {}) {
  const dataDir = join(root, name, 'data');
  const modelsDir = join(root, name, 'models');
  mkdirSync(modelsDir, { recursive: true });
  mkdirSync(dataDir, { recursive: true });
  if (options.localModel) copyFileSync(storiesModelPath, join(modelsDir, 'stories260K.gguf'));
  if (options.ner) {
    mkdirSync(join(dataDir, 'ner'), { recursive: true });
    symlinkSync(tinyNerPath, join(dataDir, 'ner', 'tiny-pii-ner'), 'dir');
  }
  return { BATON_DATA_DIR: dataDir, BATON_MODELS_DIR: modelsDir };
}

const text = 'Mail ann@example.com, card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00.';

describe('baton scan', () => {
  it('--json prints the spans and the redacted text, reading stdin', async () => {
    const result = await runBaton(['scan', '--json', '-'], folders('scan-json'), text);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      spans: [
        { type: 'EMAIL', start: 5, end: 20, score: expect.any(Number), text: 'ann@example.com' },
        { type: 'CREDIT_CARD', start: 27, end: 46, score: expect.any(Number), text: '4111 1111 1111 1111' },
        { type: 'IBAN', start: 53, end: 80, score: expect.any(Number), text: 'DE89 3704 0044 0532 0130 00' },
      ],
      redacted: 'Mail ⟦EMAIL_1⟧, card ⟦CREDIT_CARD_1⟧, IBAN ⟦IBAN_1⟧.',
    });
  });

  it('reads a file, prints a table and the redacted text, and uses an installed NER model', async () => {
    const environment = folders('scan-file', { ner: true });
    const file = join(root, 'scan-file', 'note.txt');
    // One sentence of the kind the tiny fixture model was trained on.
    writeFileSync(file, 'My name is John Smith and I live in Paris.\n');
    const result = await runBaton(['scan', file], environment);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        'PERSON    11-21        1.00  "John Smith"',
        'LOCATION  36-41        1.00  "Paris"',
        '2 values found.',
        '',
        'Redacted:',
        'My name is ⟦PERSON_1⟧ and I live in ⟦LOCATION_1⟧.',
        '',
      ].join('\n'),
    );
  });

  it('--redact and --never-redact add to the stored lists; never-redact releases a name, never an e-mail', async () => {
    const environment = folders('scan-lists');
    const database = openDatabase(join(environment.BATON_DATA_DIR, 'baton.sqlite'));
    try {
      database.settings.set('denyList', ['Osprey']);
    } finally {
      database.close();
    }
    // Lower-case codenames, which the entity classifier leaves alone: only the lists flag them.
    const text = 'Mail ann@example.com about project falcon and the osprey plan.';
    const listed = await runBaton(['scan', '--json', '--redact', 'Falcon', '--never-redact', 'ann@example.com', '-'], environment, text);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual({
      spans: [
        { type: 'EMAIL', start: 5, end: 20, score: expect.any(Number), text: 'ann@example.com' },
        { type: 'CUSTOM', start: 35, end: 41, score: 1, text: 'falcon' },
        { type: 'CUSTOM', start: 50, end: 56, score: 1, text: 'osprey' },
      ],
      redacted: 'Mail ⟦EMAIL_1⟧ about project ⟦CUSTOM_1⟧ and the ⟦CUSTOM_2⟧ plan.',
    });

    // One sentence of the kind the tiny NER fixture was trained on: John Smith is released, Paris is not.
    const released = await runBaton(['scan', '--json', '--never-redact', 'John Smith', '-'], folders('scan-release', { ner: true }), 'My name is John Smith and I live in Paris.');
    expect(released.code).toBe(0);
    expect(JSON.parse(released.stdout)).toEqual({
      spans: [{ type: 'LOCATION', start: 36, end: 41, score: expect.any(Number), text: 'Paris' }],
      redacted: 'My name is John Smith and I live in ⟦LOCATION_1⟧.',
    });

    // Without the flags, only the stored lists apply.
    const plain = await runBaton(['scan', '--json', '-'], environment, text);
    expect(JSON.parse(plain.stdout).redacted).toBe('Mail ⟦EMAIL_1⟧ about project falcon and the ⟦CUSTOM_1⟧ plan.');
    const empty = await runBaton(['scan', '--redact', '', '-'], environment, 'x');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("option '--redact <term>' argument '' is invalid. must not be empty.");
  }, 120_000);

  it('scans a file larger than one window section by section, with the same placeholders throughout', async () => {
    const environment = folders('scan-sections');
    const file = join(root, 'scan-sections', 'long.txt');
    // About 90 KB: four windows of the sectioned scan, whose edges fall inside some of the values.
    const lines = Array.from({ length: 2000 }, (_, index) => `${index}: please copy user${index % 7}@example.com on the note`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const result = await runBaton(['scan', '--json', file], environment);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { spans: { type: string; text: string }[]; redacted: string };
    expect(output.spans.filter((span) => span.type === 'EMAIL').map((span) => span.text)).toEqual(lines.map((_, index) => `user${index % 7}@example.com`));
    const placeholders = new Map(Array.from({ length: 7 }, (_, user) => [`user${user}@example.com`, `⟦EMAIL_${user + 1}⟧`]));
    expect(output.redacted).toBe(`${lines.map((line) => line.replace(/user\d@example\.com/, (email) => placeholders.get(email) as string)).join('\n')}\n`);
  }, 120_000);

  it('says clearly when the file cannot be read', async () => {
    const result = await runBaton(['scan', join(root, 'missing.txt')], folders('scan-missing'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^baton: Cannot read ".*missing\.txt": ENOENT/);
  });
});

describe('baton ask --consent', () => {
  const cloudEnvironment = () => ({ ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: server.url });
  const prompt = 'Write to ann@example.com about card 4111 1111 1111 1111.';

  it('allow-once sends only the redacted text and prints the answer restored', async () => {
    server.enqueue({ kind: 'text', text: 'Sent to ⟦EMAIL_1⟧.' });
    const before = server.requests.length;
    const result = await runBaton(['ask', '--consent', 'allow-once', '-m', 'anthropic:claude-haiku-4-5', prompt], { ...folders('ask-allow'), ...cloudEnvironment() });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Sent to ann@example.com.\n');
    const sent = server.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0]?.body)).toContain('Write to ⟦EMAIL_1⟧ about card ⟦CREDIT_CARD_1⟧.');
    expect(JSON.stringify(sent[0]?.body)).not.toContain('ann@example.com');
  });

  it('deny answers with the downloaded local model, says why, and sends nothing', async () => {
    const before = server.requests.length;
    const result = await runBaton(['ask', '--consent', 'deny', '-n', '6', '-m', 'anthropic:claude-haiku-4-5', prompt], {
      ...folders('ask-deny', { localModel: true }),
      ...cloudEnvironment(),
    });
    expect(server.requests.length).toBe(before);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'baton: s1: sending to anthropic:claude-haiku-4-5 was not allowed; answering with local:stories260K on this device instead.',
    );
    expect(result.stderr).toContain('— local:stories260K');
  });

  it('ask (the default) without a terminal denies, and without a local model the run fails with the reason', async () => {
    const before = server.requests.length;
    const result = await runBaton(['ask', '-m', 'anthropic:claude-haiku-4-5', prompt], { ...folders('ask-no-tty'), ...cloudEnvironment() });
    expect(server.requests.length).toBe(before);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('there is no terminal to ask in, so nothing is sent');
    expect(result.stderr).toContain('baton: Nothing was sent to Claude Haiku 4.5: You chose not to send this request.');
  });
});
