import type { RunEvent } from '../../shared/events.js';
import { BatonError } from '../../shared/errors.js';
import type { ChatMessage, LanguageModel } from '../../shared/language-model.js';
import { hasImages } from '../../core/privacy/image-inputs.js';
import { usesTools } from '../../core/privacy/tool-call-redaction.js';
import { turnText } from '../../core/privacy/turn-text.js';
import type { Baton } from '../../core/app.js';
import type { ConductorResult } from '../../core/orchestration/conductor.js';
import type { AnswerOptions } from '../../core/orchestration/run-session.js';
import { titleFrom } from '../../core/orchestration/conversation-title.js';

/** A client's request, whatever API it came by: what Baton answers and how. */
export interface GatewayTurn {
  /** The client's system text (OpenAI's system and developer messages, Anthropic's system); undefined: the system prompt in Settings. */
  system: string | undefined;
  /** Earlier turns, oldest first. */
  history: Array<{ role: 'user' | 'assistant'; content: string }>;
  /** The last user message: what is answered. */
  question: string;
  maxTokens: number | undefined;
  /** Temperature, stop sequences and a JSON schema for the answer, as the client asked. */
  answerOptions: AnswerOptions;
  stream: boolean;
  includeUsage: boolean;
  /**
   * With tools: the whole conversation (system text apart), tool calls and results included, sent
   * as it is; `history` and `question` are then its text, for the stored conversation.
   */
  transcript?: ChatMessage[];
}

/** What both APIs' requests share, besides the conversation itself. */
export type GatewayTurnOptions = Pick<GatewayTurn, 'maxTokens' | 'answerOptions' | 'stream' | 'includeUsage'>;

/**
 * A client's conversation as the turn Baton answers. Without tools or pictures: its earlier turns
 * and the question, the last user message. With tools (offered, or calls and results in it) or
 * pictures: the whole conversation as a transcript, sent as it is, which ends with the user's
 * question or with the results of the calls the model asked for; its text (pictures named, not
 * kept) is what the stored conversation keeps.
 */
export function gatewayTurnOf(system: string | undefined, turns: ChatMessage[], options: GatewayTurnOptions): GatewayTurn {
  const last = turns.at(-1);
  if (hasImages(turns) || usesTools({ messages: turns, ...(options.answerOptions.tools ? { tools: options.answerOptions.tools } : {}) })) {
    if (!last || (last.role !== 'user' && last.role !== 'tool')) {
      throw new BatonError('invalid-request', 'The last message must be from the user or a tool result: it is what Baton answers.');
    }
    const asText = (turn: ChatMessage) => ({ role: turn.role === 'assistant' ? ('assistant' as const) : ('user' as const), content: turnText(turn) });
    return { system, history: turns.slice(0, -1).map(asText), question: asText(last).content, transcript: turns, ...options };
  }
  if (!last || last.role !== 'user') throw new BatonError('invalid-request', 'The last message must be from the user: it is the question Baton answers.');
  if (last.content.trim().length === 0) throw new BatonError('invalid-request', 'The last user message is empty.');
  return {
    system,
    history: turns.slice(0, -1).map((turn) => ({ role: turn.role === 'user' ? 'user' : 'assistant', content: turn.content })),
    question: last.content,
    ...options,
  };
}

export interface GatewayRunOptions {
  /** undefined: the conductor plans and routes (`baton/auto`). */
  model: LanguageModel | undefined;
  /** Who asked, stored with the run: `gateway: CLIENT`. */
  source: string;
  signal: AbortSignal;
  onEvent?: (event: RunEvent) => void;
}

/**
 * One client request, answered as a chat turn is: stored as a conversation of its own (the
 * client's earlier turns first, since an API client sends the whole conversation each time), then
 * run by the conductor, through the same shield, consent, routing, budget and outcome log.
 */
export async function runGatewayTurn(baton: Baton, turn: GatewayTurn, options: GatewayRunOptions): Promise<ConductorResult> {
  const { database } = baton;
  const conversationId = database.connection.transaction(() => {
    const first = turn.history.find((message) => message.role === 'user')?.content ?? turn.question;
    const conversation = database.conversations.create({ title: titleFrom(first) });
    for (const message of turn.history) database.messages.append({ conversationId: conversation.id, role: message.role, content: message.content });
    return conversation.id;
  })();
  try {
    return await baton.conductor.run({
      conversationId,
      text: turn.question,
      ...(turn.system !== undefined ? { systemPrompt: turn.system } : {}),
      ...(turn.maxTokens !== undefined ? { maxTokens: turn.maxTokens } : {}),
      answerOptions: turn.answerOptions,
      ...(turn.transcript ? { transcript: turn.transcript } : {}),
      source: options.source,
      ...(options.model ? { modelOverride: options.model, modelOverrideReason: 'named by the gateway client' } : {}),
      signal: options.signal,
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
  } finally {
    // A client sends its whole conversation with every request, so the gateway never continues
    // this one: its vault (stored with it) need not stay in memory, where a long-running gateway
    // kept one per request. Opened in the app later, it is read back from the database.
    baton.privacy.boundary.forgetConversation(conversationId);
  }
}
