/**
 * Settings keys that hold what belongs to one conversation. They live here, not beside the privacy
 * stores that write them, because deleting a conversation (data-erasure.ts) must find them and the
 * storage modules import nothing outside storage/ and shared/.
 */

/** One key per conversation: `privacyVault:<conversation id>` → the vault's JSON snapshot. */
export const vaultKeyPrefix = 'privacyVault:';

/** One key for all: conversation id → the providers allowed for it. */
export const consentGrantsKey = 'consentGrants';
