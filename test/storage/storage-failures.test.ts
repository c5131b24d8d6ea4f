import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Conductor } from '../../electron/core/orchestration/conductor.js';
import { StaticModelPool } from '../../electron/core/orchestration/model-pool.js';
import { openDatabase } from '../../electron/core/storage/database.js';
import { toBatonError } from '../../electron/shared/errors.js';
import { ScriptedModel } from '../support/scripted-model.js';

let folder: string;
let path: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'baton-storage-failure-'));
  path = join(folder, 'baton.sqlite');
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** A conversation with one answered question, as a person would have before the disk filled up. */
function storeEarlierConversation(): string {
  const database = openDatabase(path);
  const conversation = database.conversations.create({ title: 'Before' });
  database.messages.append({ conversationId: conversation.id, role: 'user', content: 'Kept question' });
  database.messages.append({ conversationId: conversation.id, role: 'assistant', content: 'Kept answer' });
  database.close();
  return conversation.id;
}

async function failedRun(limit: (database: ReturnType<typeof openDatabase>) => void): Promise<unknown> {
  const database = openDatabase(path);
  try {
    limit(database);
    const conductor = new Conductor({ database, models: new StaticModelPool([{ model: new ScriptedModel('local:writer', [{ chunks: ['ok'] }]) }]) });
    return await conductor.run({ text: `Remember this: ${'a long note '.repeat(20_000)}` }).then(
      () => undefined,
      (error: unknown) => error,
    );
  } finally {
    database.close();
  }
}

function expectEarlierConversationKept(conversationId: string): void {
  const database = openDatabase(path);
  try {
    expect(database.connection.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(database.messages.listByConversation(conversationId).map((message) => message.content)).toEqual(['Kept question', 'Kept answer']);
    expect(database.conversations.list()).toHaveLength(1);
  } finally {
    database.close();
  }
}

describe('a write that the disk refuses', () => {
  it('a full disk: the person is told so and what to do, and nothing stored before is lost', async () => {
    const conversationId = storeEarlierConversation();
    // SQLite answers SQLITE_FULL once the file may not grow, as on a full disk.
    const error = await failedRun((database) => database.connection.pragma(`max_page_count = ${database.connection.pragma('page_count', { simple: true }) as number}`));
    expect(toBatonError(error)).toMatchObject({
      code: 'storage',
      message: "The disk that holds Baton's data is full, so this could not be saved. Free some space and try again. Nothing stored before was lost.",
    });
    expectEarlierConversationKept(conversationId);
  });

  it('a read-only data folder: the person is told so and what to do, and nothing stored before is lost', async () => {
    const conversationId = storeEarlierConversation();
    const error = await failedRun((database) => database.connection.pragma('query_only = ON'));
    expect(toBatonError(error)).toMatchObject({ code: 'storage', message: expect.stringMatching(/^Baton's data folder cannot be written \(it is read-only, or belongs to another user\)/) });
    expectEarlierConversationKept(conversationId);
  });

  it('maps the file system\'s own codes the same way, and leaves other errors as they are', () => {
    expect(toBatonError(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })).code).toBe('storage');
    expect(toBatonError(Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' })).message).toMatch(/^Baton's data folder cannot be written/);
    expect(toBatonError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toMatchObject({ code: 'unknown', message: 'socket hang up' });
  });
});
