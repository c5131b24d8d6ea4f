import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consentGrantsKey, SettingsConsentGrantStore } from '../../electron/core/privacy/consent-grant-store.js';
import { SettingsVaultStore, vaultKeyPrefix } from '../../electron/core/privacy/vault-store.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import { steppingClock } from './stepping-clock.js';

let database: BatonDatabase;

beforeEach(() => {
  database = openDatabase(':memory:', { clock: steppingClock() });
});

afterEach(() => {
  database.close();
});

/** A conversation with one run, one subtask, its outcome, a vault entry and a consent grant. */
function fullConversation(title: string) {
  const conversation = database.conversations.create({ title });
  const user = database.messages.append({ conversationId: conversation.id, role: 'user', content: `${title} question` });
  const assistant = database.messages.append({ conversationId: conversation.id, role: 'assistant', content: `${title} answer` });
  const run = database.runs.start({ conversationId: conversation.id, userMessageId: user.id, assistantMessageId: assistant.id });
  const subtask = database.subtasks.create({ runId: run.id, key: 's1', instruction: `${title} task`, kind: 'chat', difficulty: 2 });
  const outcome = database.outcomes.record({
    subtaskId: subtask.id, modelId: 'local:a', kind: 'chat', difficulty: 2, success: true,
    inputTokens: 1, outputTokens: 2, latencyMs: 3, costUsd: 0,
  });
  const vaults = new SettingsVaultStore(database.settings);
  const vault = vaults.get(conversation.id);
  vault.placeholderFor(`${title}@example.com`, 'EMAIL');
  vaults.save(conversation.id, vault);
  new SettingsConsentGrantStore(database.settings).add(conversation.id, 'anthropic');
  return { conversation, run, subtask, outcome };
}

describe('deleting a conversation', () => {
  it('removes its messages, runs, subtasks, outcomes, vault and consent grants, and nothing of another', () => {
    const gone = fullConversation('gone');
    const kept = fullConversation('kept');
    database.settings.set('defaultModel', 'local:a');

    expect(database.conversations.delete(gone.conversation.id)).toBe(true);

    expect(database.conversations.list().map((conversation) => conversation.id)).toEqual([kept.conversation.id]);
    expect(database.messages.listByConversation(gone.conversation.id)).toEqual([]);
    expect(database.runs.listByConversation(gone.conversation.id)).toEqual([]);
    expect(database.subtasks.listByRun(gone.run.id)).toEqual([]);
    expect(database.outcomes.list()).toEqual([kept.outcome]);
    expect(Object.keys(database.settings.all())).toEqual([consentGrantsKey, 'defaultModel', vaultKeyPrefix + kept.conversation.id]);
    expect(database.settings.get(consentGrantsKey)).toEqual({ [kept.conversation.id]: ['anthropic'] });
    // A fresh store reads what is stored: the deleted conversation's vault is empty, the other's intact.
    const vaults = new SettingsVaultStore(database.settings);
    expect(vaults.get(gone.conversation.id).values()).toEqual([]);
    expect(vaults.get(kept.conversation.id).values()).toEqual(['kept@example.com']);
    const grants = new SettingsConsentGrantStore(database.settings);
    expect(grants.has(gone.conversation.id, 'anthropic')).toBe(false);
    expect(grants.has(kept.conversation.id, 'anthropic')).toBe(true);
  });

  it('removes what a conversation left in settings even when the conversation row is already gone', () => {
    database.settings.set(vaultKeyPrefix + 'orphan', { entries: [] });
    database.settings.set(consentGrantsKey, { orphan: ['openai'], other: ['anthropic'] });

    expect(database.conversations.delete('orphan')).toBe(false);

    expect(database.settings.all()).toEqual({ [consentGrantsKey]: { other: ['anthropic'] } });
  });

  it('drops unreadable consent grants, which count as none anyway', () => {
    const { conversation } = fullConversation('damaged');
    database.connection.prepare("UPDATE settings SET value = '{not json' WHERE key = ?").run(consentGrantsKey);

    expect(database.conversations.delete(conversation.id)).toBe(true);

    expect(database.settings.get(consentGrantsKey)).toBeUndefined();
  });

  it('leaves nothing behind when one of its statements fails', () => {
    const { conversation, outcome } = fullConversation('atomic');
    database.connection.exec(`
      CREATE TRIGGER refuse_conversation_delete BEFORE DELETE ON conversations
      BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;
    `);

    expect(() => database.conversations.delete(conversation.id)).toThrow('refused by the test');

    // The outcome and settings statements ran before the refused one: all rolled back together.
    expect(database.outcomes.list()).toEqual([outcome]);
    expect(new SettingsVaultStore(database.settings).get(conversation.id).values()).toEqual(['atomic@example.com']);
    expect(database.settings.get(consentGrantsKey)).toEqual({ [conversation.id]: ['anthropic'] });
    expect(database.messages.listByConversation(conversation.id)).toHaveLength(2);
  });
});

describe('deleting all data', () => {
  it('removes every conversation, outcome, vault and grant and keeps the preferences', () => {
    fullConversation('first');
    fullConversation('second');
    database.outcomes.record({ modelId: 'local:b', kind: 'code', difficulty: 1, success: false, inputTokens: 0, outputTokens: 0, latencyMs: 0, costUsd: 0 });
    database.settings.set('defaultModel', 'local:a');
    // Stays: only keys that start with the vault prefix are vaults.
    database.settings.set('notAprivacyVault:x', 1);

    expect(database.deleteAllData()).toEqual({ logEmptied: true });

    expect(database.conversations.list()).toEqual([]);
    expect(database.connection.prepare('SELECT COUNT(*) FROM messages').pluck().get()).toBe(0);
    expect(database.connection.prepare('SELECT COUNT(*) FROM runs').pluck().get()).toBe(0);
    expect(database.connection.prepare('SELECT COUNT(*) FROM subtasks').pluck().get()).toBe(0);
    expect(database.outcomes.list()).toEqual([]);
    expect(database.settings.all()).toEqual({ defaultModel: 'local:a', 'notAprivacyVault:x': 1 });
  });
});
