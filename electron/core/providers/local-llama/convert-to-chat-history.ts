import type { ChatHistoryItem } from 'node-llama-cpp';
import type { ChatMessage } from '../../../shared/language-model.js';

/** Baton's messages as node-llama-cpp chat history; the last model turn is left open for the answer. */
export function convertToChatHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((message): ChatHistoryItem => {
    if (message.role === 'system') return { type: 'system', text: message.content };
    if (message.role === 'user') return { type: 'user', text: message.content };
    return { type: 'model', response: [message.content] };
  });
  history.push({ type: 'model', response: [] });
  return history;
}
