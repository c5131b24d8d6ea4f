import type { SerializedError } from './errors.js';
import type { FinishReason } from './language-model.js';

/**
 * Plain domain types shared by core, host and renderer. Times are ISO 8601 strings (UTC),
 * ids are `crypto.randomUUID()`. Money is US dollars.
 */

export interface Conversation {
  id: string;
  title: string;
  createdAt: string;
  /** Moves forward whenever a message is appended, so lists can show the most recent activity first. */
  updatedAt: string;
  /** Listed before the others, whatever their activity. */
  pinned: boolean;
  /** The model the person chose for it, which its next messages use; null: automatic. */
  modelId: string | null;
  /** The longest answer the person chose for it, in tokens; null: the app-wide setting. */
  maxAnswerTokens: number | null;
}

/** A document dropped into a conversation: parsed, chunked, scanned by the shield and indexed once. */
export interface ConversationDocument {
  id: string;
  conversationId: string;
  name: string;
  /** What it was read as: pdf, docx, html, markdown, text, csv, tsv, json, code. */
  kind: string;
  title?: string;
  pageCount?: number;
  /** SHA-256 of the file's bytes, hex: the same file dropped again in the conversation reuses its index. */
  contentHash: string;
  byteCount: number;
  /** How many passages it was indexed as. */
  chunkCount: number;
  addedAt: string;
}

export type MessageRole = 'user' | 'assistant' | 'system';

/**
 * `streaming`: a process is still writing the content. `incomplete`: the writer stopped
 * (crash, kill, power loss) before the end; the partial content stays readable.
 */
export type MessageStatus = 'complete' | 'streaming' | 'incomplete' | 'failed';

export interface Message {
  id: string;
  conversationId: string;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  /** The run that produced an assistant message (or that a user message started). */
  runId: string | null;
  /** The model that wrote an assistant message. */
  modelId: string | null;
  /** The document passages an answer from a conversation's documents rests on; null for other messages. */
  citations: MessageCitations | null;
  /**
   * The message that replaced this one, which is then an earlier version kept for the person to
   * see: an answer regenerated, or a question edited (it and every message after it). Null for the
   * conversation as it stands, the only messages a model is shown.
   */
  supersededBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One passage of a document, as it was given to the model that answered. */
export interface CitedPassage {
  /** The label the answer cites it by: "[report.pdf, page 3]" without the brackets. */
  label: string;
  document: string;
  /** The passage's first page; null for formats without pages. */
  page: number | null;
  text: string;
}

/**
 * 'answer': the passages the answer's citation markers name, in the order it first names them;
 * 'retrieval': it named none, so the passages it was given, best first.
 */
export interface MessageCitations {
  from: 'answer' | 'retrieval';
  passages: CitedPassage[];
}

/** `interrupted`: the process running it ended without finishing it (found on the next start). */
export type RunStatus = 'running' | 'finished' | 'failed' | 'cancelled' | 'interrupted';

/** One answer to one user message: a plan of subtasks, their execution and the merge. */
export interface Run {
  id: string;
  conversationId: string;
  userMessageId: string;
  assistantMessageId: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  error: SerializedError | null;
  /** Why the answer ended; null while running and for runs stored before Baton kept it. */
  finishReason: FinishReason | null;
  /** Who asked, when it was not the app itself: `gateway: CLIENT` for a request through the local gateway. */
  source: string | null;
}

export type SubtaskStatus = 'pending' | 'running' | 'finished' | 'failed' | 'cancelled';

export interface Subtask {
  id: string;
  runId: string;
  /** The plan's own id for the subtask (`s1`, `s2`, ...), which `dependsOn` refers to. */
  key: string;
  instruction: string;
  /** What sort of task it is (`code`, `summarize`, `extract`, ...); outcomes are learned per kind. */
  kind: string;
  /** How hard the planner judged it, 1 (trivial) to 5 (hard), as in the plan. */
  difficulty: number;
  /** Keys of the subtasks whose results this one needs. */
  dependsOn: string[];
  modelId: string | null;
  /** Why the router chose `modelId`, in words a person can read. */
  reason: string | null;
  status: SubtaskStatus;
  result: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  startedAt: string | null;
  finishedAt: string | null;
}

/** One attempt of one model at one kind of task: what the router learns from. */
export interface Outcome {
  id: string;
  /** Null once the conversation that held the subtask is deleted: what was learned is kept. */
  subtaskId: string | null;
  modelId: string;
  kind: string;
  /** 1 (trivial) to 5 (hard), as in the plan. */
  difficulty: number;
  /** The evaluator's score in [0, 1], when it gave one. */
  score: number | null;
  success: boolean;
  /** The person's rating (e.g. -1 or +1), when they gave one. */
  userFeedback: number | null;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  costUsd: number;
  createdAt: string;
}

/** Outcomes of one model on one kind of task, summed up. */
export interface OutcomeSummary {
  modelId: string;
  kind: string;
  count: number;
  successCount: number;
  /** successCount / count, in [0, 1]. */
  successRate: number;
  /** Mean of the scores given; null when no outcome had a score. */
  averageScore: number | null;
  totalCostUsd: number;
}
