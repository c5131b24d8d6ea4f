import { z } from 'zod';
import { BatonError } from '../../shared/errors.js';
import type { ChatMessage, ImageInput, ToolCall, ToolChoice, ToolDefinition } from '../../shared/language-model.js';
import { checkedImage } from '../../core/privacy/image-inputs.js';
import { gatewayTurnOf, type GatewayTurn } from './gateway-turn.js';

/**
 * What an Anthropic client sends to POST /v1/messages (and /v1/messages/count_tokens), as far as
 * Baton's gateway reads it, and the turn it becomes (with tools, the whole conversation as a
 * transcript). Blocks Baton cannot pass through its shield (documents, pictures by URL) are
 * refused with a reason, never dropped.
 */
const blockSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  // tool_use
  id: z.string().max(200).optional(),
  name: z.string().max(200).optional(),
  input: z.unknown().optional(),
  // tool_result
  tool_use_id: z.string().max(200).optional(),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))]).optional(),
  is_error: z.boolean().optional(),
  // image
  source: z.looseObject({ type: z.string(), media_type: z.string().optional(), data: z.string().optional() }).optional(),
});
const contentSchema = z.union([z.string(), z.array(blockSchema)]);

export const messagesRequestSchema = z.looseObject({
  model: z.string().min(1).max(300),
  messages: z.array(z.looseObject({ role: z.enum(['user', 'assistant']), content: contentSchema })).min(1).max(2000),
  system: contentSchema.nullable().optional(),
  max_tokens: z.number().int().positive().optional(),
  stream: z.boolean().nullable().optional(),
  tools: z
    .array(z.looseObject({ name: z.string().min(1).max(200), description: z.string().optional(), input_schema: z.record(z.string(), z.unknown()).optional(), type: z.string().optional() }))
    .max(128)
    .nullable()
    .optional(),
  tool_choice: z.looseObject({ type: z.enum(['auto', 'any', 'tool', 'none']), name: z.string().optional() }).nullable().optional(),
  temperature: z.number().min(0).max(1).nullable().optional(),
  stop_sequences: z.array(z.string()).max(64).nullable().optional(),
});

export type MessagesRequest = z.infer<typeof messagesRequestSchema>;

export function messagesTurn(request: MessagesRequest): GatewayTurn {
  const tools = (request.tools ?? []).map((tool, index): ToolDefinition => {
    // Anthropic's own server tools (web search, code execution) run at Anthropic, outside the shield.
    if (tool.type !== undefined && tool.type !== 'custom') throw new BatonError('invalid-request', `tools[${index}]: the server tool "${tool.type}" is not supported by Baton's gateway.`);
    return { name: tool.name, ...(tool.description !== undefined ? { description: tool.description } : {}), parameters: tool.input_schema ?? { type: 'object', properties: {} } };
  });
  const shared = {
    maxTokens: request.max_tokens,
    answerOptions: {
      ...(typeof request.temperature === 'number' ? { temperature: request.temperature } : {}),
      ...(request.stop_sequences && request.stop_sequences.length > 0 ? { stopSequences: request.stop_sequences } : {}),
      ...(tools.length > 0 ? { tools } : {}),
      ...(request.tool_choice ? { toolChoice: toolChoiceOf(request.tool_choice) } : {}),
    },
    stream: request.stream === true,
    // Anthropic's stream always ends with the usage (message_delta).
    includeUsage: true,
  };
  const system = request.system === null || request.system === undefined ? undefined : textOf(request.system, 'system');
  const systemText = system && system.length > 0 ? system : undefined;
  const turns = request.messages.flatMap((message, index) => turnsOf(message, `messages[${index}]`));
  return gatewayTurnOf(systemText, turns, shared);
}

/**
 * One Anthropic message as Baton's turns: an assistant message's tool_use blocks become its tool
 * calls; a user message's tool_result blocks become tool turns, before its text (if any).
 */
function turnsOf(message: MessagesRequest['messages'][number], where: string): ChatMessage[] {
  if (typeof message.content === 'string') return [{ role: message.role, content: message.content }];
  const texts: string[] = [];
  const images: ImageInput[] = [];
  const calls: ToolCall[] = [];
  const results: ChatMessage[] = [];
  message.content.forEach((block, index) => {
    const at = `${where}.content[${index}]`;
    if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
    else if (block.type === 'image' && message.role === 'user') images.push(imageOf(block, at));
    else if (block.type === 'tool_use' && message.role === 'assistant' && block.id && block.name) {
      calls.push({ id: block.id, name: block.name, arguments: JSON.stringify(block.input ?? {}) });
    } else if (block.type === 'tool_result' && message.role === 'user' && block.tool_use_id) {
      const content = typeof block.content === 'string' ? block.content : textOf(block.content ?? [], at);
      results.push({ role: 'tool', toolCallId: block.tool_use_id, content: block.is_error ? `Error: ${content}` : content });
    } else {
      throw new BatonError('invalid-request', `${at}: a "${block.type}" block cannot be checked by Baton's privacy shield, so it is not sent to any model. Send text only.`);
    }
  });
  const text = texts.join('\n');
  if (message.role === 'assistant') return [{ role: 'assistant', content: text, ...(calls.length > 0 ? { toolCalls: calls } : {}) }];
  const question = { role: 'user' as const, content: text, ...(images.length > 0 ? { images } : {}) };
  return [...results, ...(text.length > 0 || images.length > 0 || results.length === 0 ? [question] : [])];
}

/** A picture must come inline (base64): a URL would have the cloud fetch something Baton never saw. */
function imageOf(block: z.infer<typeof blockSchema>, where: string): ImageInput {
  const source = block.source;
  if (source?.type !== 'base64' || source.media_type === undefined || source.data === undefined) {
    throw new BatonError('invalid-request', `${where}: send the picture inline, as a base64 source with its media_type; Baton does not let a model fetch a URL.`);
  }
  return checkedImage(source.media_type, source.data, where);
}

function toolChoiceOf(choice: NonNullable<MessagesRequest['tool_choice']>): ToolChoice {
  if (choice.type === 'any') return 'required';
  if (choice.type === 'tool') {
    if (!choice.name) throw new BatonError('invalid-request', 'tool_choice of type "tool" needs the name of the tool.');
    return { name: choice.name };
  }
  return choice.type;
}

/** Every turn, the system text first, for counting: the same reading as messagesTurn, without its checks of the last turn. */
export function messagesTurns(request: MessagesRequest): ChatMessage[] {
  const system = request.system === null || request.system === undefined ? [] : [{ role: 'system' as const, content: textOf(request.system, 'system') }];
  return [...system, ...request.messages.flatMap((message, index) => turnsOf(message, `messages[${index}]`))];
}

function textOf(content: z.infer<typeof contentSchema>, where: string): string {
  if (typeof content === 'string') return content;
  return content
    .map((block) => {
      if (block.type === 'text' && typeof block.text === 'string') return block.text;
      throw new BatonError('invalid-request', `${where}: a "${block.type}" block cannot be checked by Baton's privacy shield, so it is not sent to any model. Send text only.`);
    })
    .join('\n');
}
