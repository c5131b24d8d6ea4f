import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ChatMessage } from '../../../shared/language-model.js';

/**
 * Chat Completions takes the conversation as it is, system messages included; the roles map
 * one to one. 'system' (not 'developer') is used because every compatible server knows it.
 */
export function convertToOpenAIMessages(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((message): ChatCompletionMessageParam => {
    switch (message.role) {
      case 'system':
        return { role: 'system', content: message.content };
      case 'user':
        return { role: 'user', content: message.content };
      case 'assistant':
        return { role: 'assistant', content: message.content };
    }
  });
}
