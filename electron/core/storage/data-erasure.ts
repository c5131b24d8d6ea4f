import type { Connection } from './connection.js';
import { consentGrantsKey, vaultKeyPrefix } from './conversation-setting-keys.js';
import { reclaimFreedSpace, type ReclaimReport } from './space-reclamation.js';
import type { SettingsRepository } from './settings-repository.js';

/**
 * Deleting is deleting: a conversation goes with everything derived from it, in one transaction,
 * and then off the disk (see space-reclamation.ts). erasure-coverage.ts lists how each table is
 * reached; the statements for its 'statement' entries are here.
 */
export class DataErasure {
  private readonly deleteConversationOutcomesStatement;
  private readonly deleteConversationStatement;
  private readonly deleteAllOutcomesStatement;
  private readonly deleteAllConversationsStatement;
  private readonly deleteAllVaultsStatement;
  private readonly eraseConversationTransaction;
  private readonly eraseAllTransaction;

  constructor(
    private readonly connection: Connection,
    private readonly settings: SettingsRepository,
  ) {
    this.deleteConversationOutcomesStatement = connection.prepare<[string]>(
      `DELETE FROM outcomes WHERE subtask_id IN (
         SELECT subtasks.id FROM subtasks JOIN runs ON runs.id = subtasks.run_id WHERE runs.conversation_id = ?)`,
    );
    // Messages, runs and subtasks follow by ON DELETE CASCADE.
    this.deleteConversationStatement = connection.prepare<[string]>('DELETE FROM conversations WHERE id = ?');
    this.deleteAllOutcomesStatement = connection.prepare('DELETE FROM outcomes');
    this.deleteAllConversationsStatement = connection.prepare('DELETE FROM conversations');
    // substr, not LIKE: the prefix is compared literally, whatever characters it holds.
    this.deleteAllVaultsStatement = connection.prepare<[{ prefix: string }]>(
      'DELETE FROM settings WHERE substr(key, 1, length(@prefix)) = @prefix',
    );
    this.eraseConversationTransaction = connection.transaction((id: string): boolean => {
      // Before the conversation: its foreign key would otherwise only set subtask_id to NULL.
      this.deleteConversationOutcomesStatement.run(id);
      this.settings.delete(vaultKeyPrefix + id);
      this.removeConsentGrants(id);
      return this.deleteConversationStatement.run(id).changes > 0;
    });
    this.eraseAllTransaction = connection.transaction(() => {
      this.deleteAllOutcomesStatement.run();
      this.deleteAllVaultsStatement.run({ prefix: vaultKeyPrefix });
      this.settings.delete(consentGrantsKey);
      this.deleteAllConversationsStatement.run();
    });
  }

  /**
   * Deletes the conversation with its messages, runs, subtasks, their outcomes, its privacy vault
   * and consent grants. False when there was no such conversation (what it left behind, if
   * anything, is deleted all the same).
   */
  eraseConversation(id: string): boolean {
    const deleted = this.eraseConversationTransaction.immediate(id);
    reclaimFreedSpace(this.connection);
    return deleted;
  }

  /**
   * Deletes every conversation and everything derived from them, the router's outcomes included.
   * Preferences in the settings table stay.
   */
  eraseAllData(): ReclaimReport {
    this.eraseAllTransaction.immediate();
    return reclaimFreedSpace(this.connection);
  }

  private removeConsentGrants(conversationId: string): void {
    let stored: unknown;
    try {
      stored = this.settings.get(consentGrantsKey);
    } catch {
      // Unreadable grants count as none (SettingsConsentGrantStore) and may name this conversation: drop them.
      this.settings.delete(consentGrantsKey);
      return;
    }
    if (typeof stored !== 'object' || stored === null || !Object.hasOwn(stored, conversationId)) return;
    const remaining = Object.fromEntries(Object.entries(stored).filter(([key]) => key !== conversationId));
    this.settings.set(consentGrantsKey, remaining);
  }
}
