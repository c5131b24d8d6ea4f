import { describe, expect, it } from 'vitest';
import { failureGroupOf, RunTracker, unclearReasonOf } from '../../bench/soak-run-tracker.js';

const usage = { inputTokens: 1, outputTokens: 1 };

describe('what the soak counts of one run', () => {
  it('the streamed answer starts again when an escalation restarts it, and the first terminal event is kept', async () => {
    const tracker = new RunTracker();
    tracker.observe({ type: 'answer-delta', runId: 'r', text: 'Half an ' });
    tracker.observe({ type: 'subtask-escalated', runId: 'r', subtaskId: 's1', fromModelId: 'a', toModelId: 'b', reason: 'weak', score: 0.2, answerRestarts: true });
    tracker.observe({ type: 'answer-delta', runId: 'r', text: 'A whole ' });
    tracker.observe({ type: 'answer-delta', runId: 'r', text: 'answer.' });
    tracker.observe({ type: 'run-finished', runId: 'r', answer: 'A whole answer.', usage, costUsd: 0, durationMs: 1, finishReason: 'stop' });
    tracker.observe({ type: 'run-finished', runId: 'r', answer: 'Again.', usage, costUsd: 0, durationMs: 1, finishReason: 'stop' });
    expect(tracker.streamed).toBe('A whole answer.');
    expect(tracker.terminal).toMatchObject({ type: 'run-finished', answer: 'A whole answer.' });
    expect(tracker.extraTerminalEvents).toBe(1);
    await expect(tracker.ended(10)).resolves.toBe(true);
  });

  it('a run without a terminal event is not taken as ended', async () => {
    const tracker = new RunTracker();
    tracker.observe({ type: 'answer-delta', runId: 'r', text: 'Still going' });
    await expect(tracker.ended(20)).resolves.toBe(false);
  });

  it('a raw SDK, HTTP or JSON error, or code "unknown", is not a clear reason', () => {
    const error = (code: 'connection' | 'unknown', message: string) => ({ name: 'ModelCallError', code, message, retryable: true });
    expect(unclearReasonOf(error('connection', 'The connection to OpenAI failed (the connection closed before the answer was complete).'))).toBeUndefined();
    expect(unclearReasonOf(error('connection', `Unexpected token '<', "<!DOCTYPE "... is not valid JSON`))).toBe(
      `a raw error: Unexpected token '<', "<!DOCTYPE "... is not valid JSON`,
    );
    expect(unclearReasonOf(error('connection', 'terminated'))).toBe('a raw error: terminated');
    expect(unclearReasonOf(error('unknown', 'Something broke.'))).toBe('code "unknown": Something broke.');
    expect(unclearReasonOf(error('connection', ' '))).toBe('code "connection" with an empty message');
    expect(failureGroupOf(error('connection', 'anthropic is rate-limited until 3:25 PM (429)'))).toBe('connection: anthropic is rate-limited until N:N PM (N)');
  });
});
