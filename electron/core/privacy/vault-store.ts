import { vaultKeyPrefix } from '../storage/conversation-setting-keys.js';
import type { KeyValueSettings } from './consent-grant-store.js';
import { Vault } from './vault.js';

/** Where each conversation's vault lives, so placeholders stay stable across turns and restarts. */
export interface VaultStore {
  /** The conversation's vault; a new, empty one for a conversation without one. */
  get(conversationId: string): Vault;
  /** Called after the vault issued new placeholders. */
  save(conversationId: string, vault: Vault): void;
  /** Drops what is held in memory for a deleted conversation (its stored vault is deleted with it). */
  forget(conversationId: string): void;
}

export class InMemoryVaultStore implements VaultStore {
  private readonly vaults = new Map<string, Vault>();

  get(conversationId: string): Vault {
    let vault = this.vaults.get(conversationId);
    if (!vault) {
      vault = new Vault();
      this.vaults.set(conversationId, vault);
    }
    return vault;
  }

  save(conversationId: string, vault: Vault): void {
    this.vaults.set(conversationId, vault);
  }

  forget(conversationId: string): void {
    this.vaults.delete(conversationId);
  }
}

export { vaultKeyPrefix };

/**
 * Vaults in the settings table, one key per conversation (`privacyVault:<id>`). The values
 * stay in the local database, like the conversation's own messages. Loaded vaults are kept in
 * memory so that parallel subtasks of one conversation share one instance. A damaged stored
 * vault throws (from Vault.fromJSON): the boundary then blocks the call rather than hand out
 * placeholders that might collide with the old ones.
 */
export class SettingsVaultStore implements VaultStore {
  private readonly loaded = new Map<string, Vault>();

  constructor(private readonly settings: KeyValueSettings) {}

  get(conversationId: string): Vault {
    let vault = this.loaded.get(conversationId);
    if (!vault) {
      const stored = this.settings.get(vaultKeyPrefix + conversationId);
      vault = stored === undefined ? new Vault() : Vault.fromJSON(stored);
      this.loaded.set(conversationId, vault);
    }
    return vault;
  }

  save(conversationId: string, vault: Vault): void {
    this.loaded.set(conversationId, vault);
    this.settings.set(vaultKeyPrefix + conversationId, vault.toJSON());
  }

  forget(conversationId: string): void {
    this.loaded.delete(conversationId);
  }
}
