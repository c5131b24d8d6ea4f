import type { RunEventListener } from '../../shared/events.js';
import type { LanguageModel } from '../../shared/language-model.js';

/** Who is calling through the boundary, so consent and placeholders are per conversation. */
export interface CloudCallContext {
  conversationId: string;
  runId: string;
  subtaskId: string;
  /** The boundary reports consent-requested, consent-resolved and subtask-redacted here. */
  onEvent?: RunEventListener;
}

/**
 * The one wrapper around every model that is not on-device (cloud and private-network). The
 * wrapped model redacts what it sends, asks for consent, re-scans the final payload and refuses
 * (an `error` part with code 'consent-denied' or 'privacy-blocked') rather than let a detected
 * value through; answers come back with placeholders restored. Any failure of the shield blocks
 * the call: it fails closed.
 */
export interface CloudBoundary {
  wrap(model: LanguageModel, context: CloudCallContext): LanguageModel;
}
