import type { StopReason } from '@anthropic-ai/sdk/resources/messages';
import type { FinishReason } from '../../../shared/language-model.js';

/** Anthropic's `stop_reason` → Baton's FinishReason. */
export function mapAnthropicStopReason(reason: StopReason | null | undefined): FinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'refusal':
      return 'content-filter';
    case 'tool_use':
      return 'tool-calls';
    case 'end_turn':
    case 'stop_sequence':
    // Baton sends no server tools, so this only means "the turn ended".
    case 'pause_turn':
    case null:
    case undefined:
      return 'stop';
    default:
      // A stop reason newer than this code: the answer did end, so treat it as a normal stop.
      return 'stop';
  }
}
