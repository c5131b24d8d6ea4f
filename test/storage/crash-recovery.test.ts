import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3-multiple-ciphers';
import { openDatabase } from '../../electron/core/storage/database.js';
import { migrate } from '../../electron/core/storage/migrations.js';
import { isProcessAlive } from '../../electron/core/storage/process-liveness.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The child must write through the real repositories, not a copy of their SQL, or the test
 * proves nothing about them. tsx is not installed and Node 20 cannot strip types, so the test
 * transpiles the storage modules (and the shared files they import) with the TypeScript
 * compiler into a temporary folder whose node_modules points at the project's.
 */
function transpileStorage(outputRoot: string): void {
  const sources = [
    ...readdirSync(join(projectRoot, 'electron/core/storage'), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join('electron/core/storage', name)),
    'electron/shared/errors.ts',
    'electron/shared/domain.ts',
  ];
  for (const source of sources) {
    const output = ts.transpileModule(readFileSync(join(projectRoot, source), 'utf8'), {
      fileName: source,
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
      reportDiagnostics: true,
    });
    if (output.diagnostics !== undefined && output.diagnostics.length > 0) {
      throw new Error(`Cannot transpile ${source}: ${ts.flattenDiagnosticMessageText(output.diagnostics[0]!.messageText, '\n')}`);
    }
    const target = join(outputRoot, source.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
  }
  writeFileSync(join(outputRoot, 'package.json'), JSON.stringify({ type: 'module' }));
  symlinkSync(join(projectRoot, 'node_modules'), join(outputRoot, 'node_modules'), process.platform === 'win32' ? 'junction' : 'dir');
}

/** Starts an answer the way the orchestrator does, streams two chunks, then dies without a word. */
const childScript = `
import { randomUUID } from 'node:crypto';
import { openDatabase } from './electron/core/storage/database.js';

const database = openDatabase(process.argv[2]);
const conversation = database.conversations.create({ title: 'Bedtime story' });
const runId = randomUUID();
const user = database.messages.append({ conversationId: conversation.id, role: 'user', content: 'Tell me a story', runId });
const assistant = database.messages.append({
  conversationId: conversation.id, role: 'assistant', content: '', status: 'streaming', runId, modelId: 'local:stories260K',
});
database.runs.start({ id: runId, conversationId: conversation.id, userMessageId: user.id, assistantMessageId: assistant.id });
const done = database.subtasks.create({ runId, key: 's1', instruction: 'Pick a hero', kind: 'writing', difficulty: 1 });
database.subtasks.update(done.id, { status: 'finished', result: 'A fox' });
const running = database.subtasks.create({ runId, key: 's2', instruction: 'Tell it', kind: 'writing', difficulty: 2, dependsOn: ['s1'], status: 'running' });
const pending = database.subtasks.create({ runId, key: 's3', instruction: 'Title it', kind: 'writing', difficulty: 1, dependsOn: ['s2'] });

database.messages.updateContent(assistant.id, 'Once upon');
database.messages.updateContent(assistant.id, 'Once upon a time');

const ids = { conversationId: conversation.id, userMessageId: user.id, assistantMessageId: assistant.id, runId,
  subtaskIds: { done: done.id, running: running.id, pending: pending.id } };
process.stdout.write(JSON.stringify(ids) + '\\n', () => process.kill(process.pid, 'SIGKILL'));
`;

/** Opens the database (encrypting it when it is plaintext) and reports what it read. */
const openerScript = `
import { openDatabase } from './electron/core/storage/database.js';

const database = openDatabase(process.argv[2]);
const messages = database.connection.prepare('SELECT count(*) FROM messages').pluck().get();
process.stdout.write(JSON.stringify({ messages, encryptedNow: database.encryption.encryptedPlaintextDatabase }) + '\\n');
database.close();
`;

interface ChildIds {
  conversationId: string;
  userMessageId: string;
  assistantMessageId: string;
  runId: string;
  subtaskIds: { done: string; running: string; pending: string };
}

function runChild(scriptPath: string, databasePath: string): Promise<{ ids: ChildIds; pid: number; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [scriptPath, databasePath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    // 'exit' comes after Node has reaped the child, so its pid no longer exists (not even as a zombie).
    child.on('exit', (_code, signal) => {
      try {
        resolvePromise({ ids: JSON.parse(stdout) as ChildIds, pid: child.pid!, signal, stderr });
      } catch (error) {
        reject(new Error(`The child printed no ids (signal ${signal}). stderr:\n${stderr}`, { cause: error }));
      }
    });
  });
}

function runOpener(databasePath: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [openerPath, databasePath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

let folder: string;
let childPath: string;
let openerPath: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'baton-crash-'));
  const moduleRoot = join(folder, 'modules');
  transpileStorage(moduleRoot);
  childPath = join(moduleRoot, 'write-then-die.mjs');
  writeFileSync(childPath, childScript);
  openerPath = join(moduleRoot, 'open-and-count.mjs');
  writeFileSync(openerPath, openerScript);
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('a process killed in the middle of an answer', () => {
  it('leaves a readable, incomplete answer and an interrupted run', async () => {
    const databasePath = join(folder, 'killed', 'baton.sqlite');
    const { ids, pid, signal, stderr } = await runChild(childPath, databasePath);
    expect(stderr).toBe('');
    expect(signal).toBe('SIGKILL');
    expect(isProcessAlive(pid)).toBe(false);
    // Killed before any checkpoint: the answer exists only in the write-ahead log.
    expect(existsSync(`${databasePath}-wal`)).toBe(true);

    const database = openDatabase(databasePath);
    expect(database.recoveredOnOpen).toEqual({ messages: 1, runs: 1, subtasks: 2 });

    const answer = database.messages.get(ids.assistantMessageId)!;
    expect(answer).toMatchObject({ content: 'Once upon a time', status: 'incomplete', runId: ids.runId, modelId: 'local:stories260K' });
    expect(database.messages.get(ids.userMessageId)).toMatchObject({ content: 'Tell me a story', status: 'complete' });

    const run = database.runs.get(ids.runId)!;
    expect(run.status).toBe('interrupted');
    expect(run.finishedAt).not.toBeNull();

    const subtasks = Object.fromEntries(database.subtasks.listByRun(ids.runId).map((subtask) => [subtask.key, subtask]));
    expect(subtasks.s1).toMatchObject({ id: ids.subtaskIds.done, status: 'finished', result: 'A fox' });
    expect(subtasks.s2).toMatchObject({ id: ids.subtaskIds.running, status: 'cancelled', finishedAt: run.finishedAt });
    expect(subtasks.s3).toMatchObject({ id: ids.subtaskIds.pending, status: 'cancelled', startedAt: null, finishedAt: null });

    const writers = database.connection
      .prepare<[], number | null>("SELECT writer_pid FROM messages UNION ALL SELECT writer_pid FROM runs")
      .pluck()
      .all();
    expect(writers.every((writer) => writer === null)).toBe(true);
    // Recovery is done once: the next pass finds nothing.
    expect(database.recoverInterruptedWork()).toEqual({ messages: 0, runs: 0, subtasks: 0 });
    database.close();
  });
});

describe('work of a live process', () => {
  it('is left alone when a second connection opens the database', () => {
    const databasePath = join(folder, 'live', 'baton.sqlite');
    // The desktop app, mid-answer...
    const app = openDatabase(databasePath);
    const conversation = app.conversations.create({ title: 'Live' });
    const user = app.messages.append({ conversationId: conversation.id, role: 'user', content: 'Go on' });
    const answer = app.messages.append({ conversationId: conversation.id, role: 'assistant', content: 'Still', status: 'streaming' });
    const run = app.runs.start({ conversationId: conversation.id, userMessageId: user.id, assistantMessageId: answer.id });
    const subtask = app.subtasks.create({ runId: run.id, key: 's1', instruction: 'x', kind: 'chat', difficulty: 1, status: 'running' });

    // ...while the CLI opens the same file.
    const cli = openDatabase(databasePath);
    expect(cli.recoveredOnOpen).toEqual({ messages: 0, runs: 0, subtasks: 0 });
    expect(cli.messages.get(answer.id)).toMatchObject({ status: 'streaming', content: 'Still' });
    expect(cli.runs.get(run.id)!.status).toBe('running');
    expect(cli.subtasks.get(subtask.id)!.status).toBe('running');

    // The app goes on writing and the CLI sees it (WAL: readers and the writer do not block each other).
    app.messages.updateContent(answer.id, 'Still writing');
    app.messages.setStatus(answer.id, 'complete');
    expect(cli.messages.get(answer.id)).toMatchObject({ status: 'complete', content: 'Still writing' });
    cli.close();
    app.close();
  });
});

describe('a plaintext database opened by three processes at once', () => {
  it('is encrypted by one while the others wait for its lock, and every process reads every row', async () => {
    const databasePath = join(folder, 'together', 'baton.sqlite');
    mkdirSync(dirname(databasePath), { recursive: true });
    const old = new Database(databasePath);
    old.pragma('journal_mode = WAL');
    migrate(old);
    old.prepare("INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c1', 'Numbatcove', 't', 't')").run();
    const insert = old.prepare(
      "INSERT INTO messages (id, conversation_id, role, content, status, writer_pid, created_at, updated_at) VALUES (?, 'c1', 'user', ?, 'complete', NULL, 't', 't')",
    );
    old.transaction(() => {
      for (let index = 0; index < 5000; index += 1) insert.run(`m${index}`, `Numbatcove message ${index} `.repeat(10));
    })();
    old.close();

    const results = await Promise.all([runOpener(databasePath), runOpener(databasePath), runOpener(databasePath)]);

    for (const result of results) {
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    }
    const reports = results.map((result) => JSON.parse(result.stdout) as { messages: number; encryptedNow: boolean });
    expect(reports.map((report) => report.messages)).toEqual([5000, 5000, 5000]);
    expect(reports.filter((report) => report.encryptedNow)).toHaveLength(1);
    // No plaintext copy, second name or rollback journal is left. Processes that close at the
    // same moment may each leave the write-ahead log (encrypted like the file) to the other.
    const left = readdirSync(dirname(databasePath));
    expect(left.filter((name) => !/-(wal|shm)$/.test(name))).toEqual(['baton.sqlite']);
    for (const name of left) expect(readFileSync(join(dirname(databasePath), name)).includes('Numbatcove')).toBe(false);
  });
});

describe('isProcessAlive', () => {
  it('knows this process, init (alive even when not ours), and rejects group ids', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(1)).toBe(true);
    expect(isProcessAlive(0)).toBe(false);
    expect(isProcessAlive(-1)).toBe(false);
    expect(isProcessAlive(1.5)).toBe(false);
  });
});
