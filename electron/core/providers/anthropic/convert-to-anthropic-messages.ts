import type { ContentBlockParam, MessageParam, Tool, ToolChoice as AnthropicToolChoice, ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { BatonError } from '../../../shared/errors.js';
import { toolCallArgumentsObject, type ChatMessage, type ToolCall, type ToolChoice, type ToolDefinition } from '../../../shared/language-model.js';

export interface AnthropicPrompt {
  /** All system messages joined with a blank line; undefined when there are none. */
  system: string | undefined;
  messages: MessageParam[];
}

/**
 * The Messages API takes the system prompt as its own `system` parameter, not as a turn, so every
 * system message (wherever it stands in the conversation) moves there, in order; the user and
 * assistant turns stay as they are. An assistant turn's tool calls become `tool_use` blocks, and
 * tool results `tool_result` blocks of one user turn (consecutive results together, as the API
 * wants them right after the calls). A user turn's pictures become base64 `image` blocks before its text.
 */
export function convertToAnthropicMessages(messages: readonly ChatMessage[]): AnthropicPrompt {
  const systemParts: string[] = [];
  const converted: MessageParam[] = [];
  let results: ToolResultBlockParam[] | undefined;
  for (const message of messages) {
    if (message.role === 'system') {
      systemParts.push(message.content);
      continue;
    }
    if (message.role === 'tool') {
      const block: ToolResultBlockParam = { type: 'tool_result', tool_use_id: message.toolCallId ?? '', content: message.content };
      if (results) results.push(block);
      else converted.push({ role: 'user', content: (results = [block]) });
      continue;
    }
    results = undefined;
    if (message.role === 'assistant' && message.toolCalls && message.toolCalls.length > 0) {
      const blocks: ContentBlockParam[] = [
        ...(message.content.length > 0 ? [{ type: 'text' as const, text: message.content }] : []),
        ...message.toolCalls.map((call) => ({ type: 'tool_use' as const, id: call.id, name: call.name, input: argumentsOf(call) })),
      ];
      converted.push({ role: 'assistant', content: blocks });
      continue;
    }
    if (message.role === 'user' && message.images && message.images.length > 0) {
      converted.push({
        role: 'user',
        content: [
          ...message.images.map((image) => ({ type: 'image' as const, source: { type: 'base64' as const, media_type: image.mediaType, data: image.data } })),
          ...(message.content.length > 0 ? [{ type: 'text' as const, text: message.content }] : []),
        ],
      });
      continue;
    }
    converted.push({ role: message.role, content: message.content });
  }
  return { system: systemParts.length > 0 ? systemParts.join('\n\n') : undefined, messages: converted };
}

export function convertToAnthropicTools(tools: readonly ToolDefinition[]): Tool[] {
  return tools.map((tool) => ({
    name: tool.name,
    ...(tool.description !== undefined ? { description: tool.description } : {}),
    input_schema: { type: 'object', ...tool.parameters },
  }));
}

export function convertToAnthropicToolChoice(choice: ToolChoice): AnthropicToolChoice {
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any' };
  return { type: 'tool', name: choice.name };
}

function argumentsOf(call: ToolCall): Record<string, unknown> {
  const input = toolCallArgumentsObject(call);
  if (!input) throw new BatonError('invalid-request', `The arguments of the tool call ${call.name} are not a JSON object.`);
  return input;
}
