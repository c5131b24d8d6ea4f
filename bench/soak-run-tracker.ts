import type { RunEvent } from '../electron/shared/events.js';
import type { SerializedError } from '../electron/shared/errors.js';

/**
 * What one soak run showed on the event stream: the answer as a person saw it stream, and how
 * (and whether) it ended. The streamed text follows the UI's rule: a subtask escalated with
 * `answerRestarts` clears what was shown, and the next model's deltas start the answer again.
 */
export class RunTracker {
  streamed = '';
  terminal: Extract<RunEvent, { type: 'run-finished' | 'run-failed' }> | undefined;
  private readonly waiters: Array<() => void> = [];

  observe(event: RunEvent): void {
    if (event.type === 'answer-delta') this.streamed += event.text;
    if (event.type === 'subtask-escalated' && event.answerRestarts) this.streamed = '';
    if (event.type === 'run-finished' || event.type === 'run-failed') {
      // A second terminal event is itself a finding; the first one is kept.
      if (this.terminal) this.extraTerminalEvents += 1;
      else this.terminal = event;
      for (const waiter of this.waiters.splice(0)) waiter();
    }
  }

  extraTerminalEvents = 0;

  /** Resolves true at the terminal event, false when none came within `timeoutMs`. */
  ended(timeoutMs: number): Promise<boolean> {
    if (this.terminal) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

/**
 * Words that only a raw SDK, HTTP or JSON error would put in a message: a person must never see
 * them, only a mapped message that says what happened.
 */
const rawErrorMarkers = /<!doctype|<html|unexpected token|is not valid json|syntaxerror|econnreset|econnrefused|socket hang up|fetch failed|^terminated$|premature close|\[object object\]|undefined/i;

/** Why a message does not count as a clear reason; undefined when it does. */
export function unclearReasonOf(error: SerializedError): string | undefined {
  if (error.code === 'unknown') return `code "unknown": ${error.message}`;
  if (error.message.trim().length === 0) return `code "${error.code}" with an empty message`;
  if (rawErrorMarkers.test(error.message)) return `a raw error: ${error.message}`;
  return undefined;
}

/** The reason a run failed, grouped: its code and its message with numbers and ids blanked. */
export function failureGroupOf(error: SerializedError): string {
  return `${error.code}: ${error.message.replace(/\d+(\.\d+)?/g, 'N')}`;
}
