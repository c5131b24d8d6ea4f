/**
 * How deleting a conversation reaches every table in the schema. A test compares this list with
 * the tables SQLite actually has, so a new table (document chunks, a full-text or vector index)
 * cannot be added without saying here how its rows go away with their conversation.
 */

export type TableErasure =
  /** A foreign key with ON DELETE CASCADE to `parent`, itself covered here. */
  | { erasedBy: 'cascade'; parent: string }
  /** A full-text index whose rows a trigger on `parent` (itself covered here) deletes with each parent row. */
  | { erasedBy: 'trigger'; parent: string; trigger: string }
  /** An explicit statement in data-erasure.ts; `what` says which rows. */
  | { erasedBy: 'statement'; what: string }
  /** Holds nothing derived from any conversation; kept on "delete all data" too. */
  | { erasedBy: 'nothing'; why: string };

export const erasureCoverage: Readonly<Record<string, TableErasure>> = {
  conversations: { erasedBy: 'statement', what: 'the conversation row itself' },
  messages: { erasedBy: 'cascade', parent: 'conversations' },
  runs: { erasedBy: 'cascade', parent: 'conversations' },
  subtasks: { erasedBy: 'cascade', parent: 'runs' },
  run_events: { erasedBy: 'cascade', parent: 'runs' },
  // Its foreign key is ON DELETE SET NULL (migration 2), which would keep the row: deleted first, explicitly.
  outcomes: { erasedBy: 'statement', what: "the outcomes of the conversation's subtasks" },
  outcome_features: { erasedBy: 'cascade', parent: 'outcomes' },
  documents: { erasedBy: 'cascade', parent: 'conversations' },
  // Each chunk's text and the privacy scan's spans in it are columns of its row.
  document_chunks: { erasedBy: 'cascade', parent: 'documents' },
  document_chunk_vectors: { erasedBy: 'cascade', parent: 'document_chunks' },
  document_chunk_terms: { erasedBy: 'trigger', parent: 'document_chunks', trigger: 'document_chunks_unindexed' },
  settings: {
    erasedBy: 'statement',
    what: "the conversation's privacy vault (privacyVault:<id>) and its entry in consentGrants; other keys are preferences",
  },
};
