import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropicServer, type FakeCloudServer } from '../support/fake-anthropic-server.js';
import { storiesModelPath } from '../support/local-model-fixture.js';
import { makePdf } from '../documents/document-files.js';

/**
 * `baton analyze` as a person runs it: child processes of bin/baton.js (the compiled code:
 * `npx tsc -p tsconfig.json` or `npm test` builds it first), against the fake Anthropic server.
 */
const batonBin = fileURLToPath(new URL('../../bin/baton.js', import.meta.url));

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runBaton(args: string[], environment: Record<string, string>): Promise<CliResult> {
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
    child.stdin?.end('');
  });
}

let root: string;
let server: FakeCloudServer;
let clinicPdf: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'baton-analyze-cli-'));
  server = await startFakeAnthropicServer();
  clinicPdf = join(root, 'clinic.pdf');
  writeFileSync(clinicPdf, await makePdf([['The clinic opened in spring with two nurses.'], ['Appointments are booked by writing to ann@example.com before noon.']]));
});
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await server.close();
});

function folders(name: string, options: { localModel?: boolean } = {}) {
  const dataDir = join(root, name, 'data');
  const modelsDir = join(root, name, 'models');
  mkdirSync(modelsDir, { recursive: true });
  mkdirSync(dataDir, { recursive: true });
  if (options.localModel) copyFileSync(storiesModelPath, join(modelsDir, 'stories260K.gguf'));
  return { BATON_DATA_DIR: dataDir, BATON_MODELS_DIR: modelsDir };
}

const cloud = () => ({ ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: server.url });

describe('baton analyze --question', () => {
  it('allow-once: the cloud sees the passages redacted; --json prints the restored answer and the passages it cites', async () => {
    server.enqueue({ kind: 'text', text: 'Write to ⟦EMAIL_1⟧ before noon [clinic.pdf, page 2].' });
    const before = server.requests.length;
    const copy = join(root, 'copy of clinic.pdf');
    copyFileSync(clinicPdf, copy);
    const result = await runBaton(
      ['analyze', clinicPdf, copy, '--question', 'How are appointments booked?', '--consent', 'allow-once', '-m', 'anthropic:claude-haiku-4-5', '--json'],
      { ...folders('allow'), ...cloud() },
    );
    expect(result.stderr).toBe(
      [
        'baton: indexing clinic.pdf…',
        'baton: clinic.pdf: 2 pages, 1 passage',
        'baton: indexing copy of clinic.pdf…',
        'baton: copy of clinic.pdf: 2 pages, 1 passage (same content as a file already indexed: its index is reused)',
        'baton: No embedding model is set up: the documents were searched by keyword alone.',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(0);
    const sent = server.requests.slice(before);
    expect(sent).toHaveLength(1);
    const body = JSON.stringify(sent[0]?.body);
    expect(body).toContain('Appointments are booked by writing to ⟦EMAIL_1⟧ before noon.');
    expect(body).not.toContain('ann@example.com');

    const output = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(output).toMatchObject({
      answer: 'Write to ann@example.com before noon [clinic.pdf, page 2].',
      citations: [
        { document: 'clinic.pdf', page: 1, text: 'The clinic opened in spring with two nurses.\n\nAppointments are booked by writing to ann@example.com before noon.' },
      ],
      citationsFrom: 'answer',
      retrieval: { mode: 'keyword' },
      model: 'anthropic:claude-haiku-4-5',
    });
    expect(output.documents).toEqual([
      { id: expect.any(String), name: 'clinic.pdf', pages: 2, passages: 1, bytes: expect.any(Number), reused: false },
      { id: (output.documents as { id: string }[])[0]!.id, name: 'clinic.pdf', pages: 2, passages: 1, bytes: expect.any(Number), reused: true },
    ]);
  });

  it('--conversation continues a conversation, whose files are not indexed again', async () => {
    const environment = folders('continue', { localModel: true });
    const first = await runBaton(['analyze', clinicPdf, '-q', 'When did it open?', '-n', '4', '--json'], environment);
    expect(first.code).toBe(0);
    const { conversationId } = JSON.parse(first.stdout) as { conversationId: string };
    const second = await runBaton(['analyze', clinicPdf, '-q', 'Who books?', '-n', '4', '--json', '--conversation', conversationId], environment);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('baton: clinic.pdf: 2 pages, 1 passage (same content as a file already indexed: its index is reused)\n');
    expect(JSON.parse(second.stdout)).toMatchObject({ conversationId, documents: [{ name: 'clinic.pdf', reused: true }] });
    const missing = await runBaton(['analyze', clinicPdf, '-q', 'Who?', '--conversation', 'nope'], environment);
    expect(missing).toMatchObject({ code: 1, stderr: 'baton: There is no conversation "nope".\n' });
  }, 120_000);

  it('deny: answered by the local model on this device, and nothing reaches the cloud', async () => {
    const before = server.requests.length;
    const result = await runBaton(
      ['analyze', clinicPdf, '-q', 'How are appointments booked?', '--consent', 'deny', '-n', '6', '-m', 'anthropic:claude-haiku-4-5', '--json'],
      { ...folders('deny', { localModel: true }), ...cloud() },
    );
    expect(server.requests.length).toBe(before);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('baton: s1: sending to anthropic:claude-haiku-4-5 was not allowed; answering with local:stories260K on this device instead.');
    const output = JSON.parse(result.stdout) as { model: string; answer: string; citationsFrom: string; citations: unknown[] };
    expect(output.model).toBe('local:stories260K');
    expect(output.answer.length).toBeGreaterThan(0);
    expect(output.citations).toHaveLength(1);
  }, 120_000);

  it.each([
    [['analyze', '/nowhere/report.pdf', '-q', 'Why?'], 'baton: Cannot read "/nowhere/report.pdf": there is no such file.\n'],
    [['analyze', 'FILE', '--mode', 'compare'], 'baton: Compare mode needs at least two files.\n'],
    [['analyze', 'FILE'], 'baton: Ask mode needs a question: add --question "...".\n'],
  ])('%j fails with a clear sentence', async (args, message) => {
    const result = await runBaton(args.map((arg) => (arg === 'FILE' ? clinicPdf : arg)), folders('errors'));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(message);
    expect(result.stdout).toBe('');
  });

  it('--mode summarize: map-reduce on this device after deny, a line per part on stderr, the parts in --json', async () => {
    const before = server.requests.length;
    const result = await runBaton(['analyze', clinicPdf, '--mode', 'summarize', '--consent', 'deny', '-n', '6', '-m', 'anthropic:claude-haiku-4-5', '--json'], {
      ...folders('summarize', { localModel: true }),
      ...cloud(),
    });
    expect(server.requests.length).toBe(before);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('baton: summarized part 1 of 1 (clinic.pdf, pages 1-2)\n');
    const output = JSON.parse(result.stdout) as { answer: string; citations: unknown[]; parts: unknown[]; model: string };
    expect(output.model).toBe('local:stories260K');
    expect(output.citations).toEqual([]);
    expect(output.parts).toEqual([{ document: 'clinic.pdf', place: 'pages 1-2', passages: 1, summary: output.answer, model: 'local:stories260K' }]);
  }, 120_000);

  it('a binary file is refused by the parser with its reason', async () => {
    const binary = join(root, 'photo.png');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3]));
    const result = await runBaton(['analyze', binary, '-q', 'What is in it?', '--consent', 'deny'], folders('binary', { localModel: true }));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'baton: indexing photo.png…\nbaton: "photo.png" is a binary file, not text, and Baton cannot read it. Attach a PDF, Word document (.docx), web page, Markdown, text, CSV, JSON or source file.\n',
    );
  });

  it.skipIf(spawnSync('qpdf', ['--version']).status !== 0)("a password-protected PDF (made with Debian's qpdf) is refused with the reason", async () => {
    const locked = join(root, 'locked.pdf');
    execFileSync('qpdf', ['--encrypt', 'user-secret', 'owner-secret', '256', '--', clinicPdf, locked]);
    const result = await runBaton(['analyze', locked, '-q', 'What is in it?', '--consent', 'deny'], folders('locked', { localModel: true }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^baton: indexing locked\.pdf…\nbaton: "locked\.pdf" is protected by a password, so Baton cannot read it\./);
  });
});
