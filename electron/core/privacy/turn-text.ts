import type { ChatMessage } from '../../shared/language-model.js';
import { describeImage } from './image-inputs.js';

/**
 * A turn as text, its tool result, pictures and tool calls marked: what the consent dialog shows,
 * what the router's privacy check reads, and what a stored conversation keeps of a client's turn.
 */
export function turnText(message: ChatMessage): string {
  const result = message.toolCallId !== undefined ? [`[result of ${message.toolCallId}]`] : [];
  const pictures = (message.images ?? []).map(describeImage);
  const calls = (message.toolCalls ?? []).map((call) => `[calls ${call.name} with ${call.arguments}]`);
  return [...result, ...pictures, message.content, ...calls].filter((part) => part.length > 0).join('\n');
}
