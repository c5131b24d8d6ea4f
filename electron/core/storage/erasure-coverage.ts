/**
 * How deleting a conversation reaches every table in the schema. A test compares this list with
 * the tables SQLite actually has, so a new table (document chunks, a full-text or vector index)
 * cannot be added without saying here how its rows go away with their conversation.
 */

export type TableErasure =
  /** A foreign key with ON DELETE CASCADE to `parent`, itself covered here. */
  | { erasedBy: 'cascade'; parent: string }
  /** An explicit statement in data-erasure.ts; `what` says which rows. */
  | { erasedBy: 'statement'; what: string }
  /** Holds nothing derived from any conversation; kept on "delete all data" too. */
  | { erasedBy: 'nothing'; why: string };

export const erasureCoverage: Readonly<Record<string, TableErasure>> = {
  conversations: { erasedBy: 'statement', what: 'the conversation row itself' },
  messages: { erasedBy: 'cascade', parent: 'conversations' },
  runs: { erasedBy: 'cascade', parent: 'conversations' },
  subtasks: { erasedBy: 'cascade', parent: 'runs' },
  // Its foreign key is ON DELETE SET NULL (migration 2), which would keep the row: deleted first, explicitly.
  outcomes: { erasedBy: 'statement', what: "the outcomes of the conversation's subtasks" },
  settings: {
    erasedBy: 'statement',
    what: "the conversation's privacy vault (privacyVault:<id>) and its entry in consentGrants; other keys are preferences",
  },
};
