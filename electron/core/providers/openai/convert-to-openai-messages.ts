import type { ChatCompletionMessageParam, ChatCompletionTool, ChatCompletionToolChoiceOption } from 'openai/resources/chat/completions';
import type { ChatMessage, ToolChoice, ToolDefinition } from '../../../shared/language-model.js';

/**
 * Chat Completions takes the conversation as it is, system messages included; the roles map
 * one to one. 'system' (not 'developer') is used because every compatible server knows it. An
 * assistant turn carries its tool calls; a tool turn answers one of them by its id; a user turn's
 * pictures go as data-URL image parts before its text.
 */
export function convertToOpenAIMessages(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((message): ChatCompletionMessageParam => {
    switch (message.role) {
      case 'system':
        return { role: 'system', content: message.content };
      case 'user':
        if (message.images && message.images.length > 0) {
          return {
            role: 'user',
            content: [
              ...message.images.map((image) => ({ type: 'image_url' as const, image_url: { url: `data:${image.mediaType};base64,${image.data}` } })),
              ...(message.content.length > 0 ? [{ type: 'text' as const, text: message.content }] : []),
            ],
          };
        }
        return { role: 'user', content: message.content };
      case 'assistant':
        if (message.toolCalls && message.toolCalls.length > 0) {
          return {
            role: 'assistant',
            content: message.content.length > 0 ? message.content : null,
            tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
          };
        }
        return { role: 'assistant', content: message.content };
      case 'tool':
        return { role: 'tool', tool_call_id: message.toolCallId ?? '', content: message.content };
    }
  });
}

export function convertToOpenAITools(tools: readonly ToolDefinition[]): ChatCompletionTool[] {
  return tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, ...(tool.description !== undefined ? { description: tool.description } : {}), parameters: tool.parameters },
  }));
}

export function convertToOpenAIToolChoice(choice: ToolChoice): ChatCompletionToolChoiceOption {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}
