import { z } from 'zod';
import { BatonError } from '../../shared/errors.js';
import type { GatewayTurn } from './gateway-turn.js';

/**
 * What an Anthropic client sends to POST /v1/messages (and /v1/messages/count_tokens), as far as
 * Baton's gateway reads it, and the turn it becomes. Blocks Baton cannot pass through its shield
 * (images, documents) and tool use are refused with a reason, never dropped.
 */
const blockSchema = z.looseObject({ type: z.string(), text: z.string().optional() });
const contentSchema = z.union([z.string(), z.array(blockSchema)]);

export const messagesRequestSchema = z.looseObject({
  model: z.string().min(1).max(300),
  messages: z.array(z.looseObject({ role: z.enum(['user', 'assistant']), content: contentSchema })).min(1).max(2000),
  system: contentSchema.nullable().optional(),
  max_tokens: z.number().int().positive().optional(),
  stream: z.boolean().nullable().optional(),
  tools: z.array(z.unknown()).nullable().optional(),
  temperature: z.number().min(0).max(1).nullable().optional(),
  stop_sequences: z.array(z.string()).max(64).nullable().optional(),
});

export type MessagesRequest = z.infer<typeof messagesRequestSchema>;

export function messagesTurn(request: MessagesRequest): GatewayTurn {
  if (request.tools && request.tools.length > 0) {
    throw new BatonError('invalid-request', "Tool use is not supported by Baton's gateway yet: send the request without tools.");
  }
  const turns = request.messages.map((message, index) => ({ role: message.role, content: textOf(message.content, `messages[${index}]`) }));
  const last = turns.pop();
  if (!last || last.role !== 'user') throw new BatonError('invalid-request', 'The last message must be from the user: it is the question Baton answers.');
  if (last.content.trim().length === 0) throw new BatonError('invalid-request', 'The last user message is empty.');
  const system = request.system === null || request.system === undefined ? undefined : textOf(request.system, 'system');
  return {
    system: system && system.length > 0 ? system : undefined,
    history: turns,
    question: last.content,
    maxTokens: request.max_tokens,
    answerOptions: {
      ...(typeof request.temperature === 'number' ? { temperature: request.temperature } : {}),
      ...(request.stop_sequences && request.stop_sequences.length > 0 ? { stopSequences: request.stop_sequences } : {}),
    },
    stream: request.stream === true,
    // Anthropic's stream always ends with the usage (message_delta).
    includeUsage: true,
  };
}

/** Every message's text, for counting: the same reading as messagesTurn, without its checks of the last turn. */
export function messagesText(request: MessagesRequest): string[] {
  const system = request.system === null || request.system === undefined ? [] : [textOf(request.system, 'system')];
  return [...system, ...request.messages.map((message, index) => textOf(message.content, `messages[${index}]`))];
}

function textOf(content: z.infer<typeof contentSchema>, where: string): string {
  if (typeof content === 'string') return content;
  return content
    .map((block) => {
      if (block.type === 'text' && typeof block.text === 'string') return block.text;
      if (block.type === 'tool_use' || block.type === 'tool_result') {
        throw new BatonError('invalid-request', `${where}: tool use and tool results are not supported by Baton's gateway yet.`);
      }
      throw new BatonError('invalid-request', `${where}: a "${block.type}" block cannot be checked by Baton's privacy shield, so it is not sent to any model. Send text only.`);
    })
    .join('\n');
}
