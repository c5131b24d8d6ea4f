import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { ChatMessage } from '../../../shared/language-model.js';

export interface AnthropicPrompt {
  /** All system messages joined with a blank line; undefined when there are none. */
  system: string | undefined;
  messages: MessageParam[];
}

/**
 * The Messages API takes the system prompt as its own `system` parameter, not as a turn, so every
 * system message (wherever it stands in the conversation) moves there, in order; the user and
 * assistant turns stay as they are.
 */
export function convertToAnthropicMessages(messages: readonly ChatMessage[]): AnthropicPrompt {
  const systemParts: string[] = [];
  const converted: MessageParam[] = [];
  for (const message of messages) {
    if (message.role === 'system') {
      systemParts.push(message.content);
    } else {
      converted.push({ role: message.role, content: message.content });
    }
  }
  return { system: systemParts.length > 0 ? systemParts.join('\n\n') : undefined, messages: converted };
}
