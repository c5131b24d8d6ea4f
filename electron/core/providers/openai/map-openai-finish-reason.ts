import type { FinishReason } from '../../../shared/language-model.js';

/** Chat Completions' `finish_reason` → Baton's FinishReason. */
export function mapOpenAIFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'stop':
      return 'stop';
    default:
      // null, or a reason some compatible server invented (e.g. 'eos'): the answer did end.
      return 'stop';
  }
}
