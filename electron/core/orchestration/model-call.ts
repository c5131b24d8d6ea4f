import { BatonError, ModelCallError, toBatonError } from '../../shared/errors.js';
import type { FinishReason, GenerateRequest, LanguageModel, ToolCall, Usage } from '../../shared/language-model.js';
import { linkedAbortSignal } from '../support/linked-abort-signal.js';

export interface ModelCallResult {
  text: string;
  usage: Usage;
  finishReason: FinishReason;
  /** The tools the model asked to call (a gateway client's), in order; empty for an answer in text. */
  toolCalls: ToolCall[];
  /** Set when the call failed (after the text it managed to send). */
  error?: BatonError;
  durationMs: number;
}

export interface ModelCallOptions {
  /** The run's signal: aborting it cancels the call (finishReason 'aborted', no error). */
  signal: AbortSignal;
  /** Past this the call is cancelled and fails with a retryable 'timeout' error. */
  timeoutMs: number;
  onDelta?: (text: string) => void;
}

/**
 * One streamed call, collected: text, usage, finish reason, or the error it ended with. Never
 * throws (a provider that throws anyway is reported as an error part would be).
 */
export async function callModel(model: LanguageModel, request: GenerateRequest, options: ModelCallOptions): Promise<ModelCallResult> {
  const started = performance.now();
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  timer.unref?.();
  const linked = linkedAbortSignal([options.signal, timeout.signal]);
  const signal = linked.signal;
  let text = '';
  let usage: Usage = { inputTokens: 0, outputTokens: 0 };
  let finishReason: FinishReason = 'stop';
  let error: BatonError | undefined;
  const toolCalls: ToolCall[] = [];
  try {
    for await (const part of model.stream(request, signal)) {
      if (part.type === 'text-delta') {
        text += part.text;
        options.onDelta?.(part.text);
      } else if (part.type === 'usage') {
        usage = part.usage;
      } else if (part.type === 'finish') {
        finishReason = part.reason;
      } else if (part.type === 'tool-call') {
        toolCalls.push(part.call);
      } else {
        error = part.error;
      }
    }
  } catch (thrown) {
    error = toBatonError(thrown);
  } finally {
    clearTimeout(timer);
    linked.release();
  }
  if (timeout.signal.aborted && !options.signal.aborted) {
    error = new BatonError('timeout', `${model.id} took longer than ${Math.round(options.timeoutMs / 1000)} s and was stopped.`, { retryable: true });
    finishReason = 'error';
  } else if (options.signal.aborted) {
    // Cancellation wins over whatever error the abort provoked in the provider.
    error = undefined;
    finishReason = 'aborted';
  } else if (error) {
    finishReason = 'error';
  }
  return { text, usage, finishReason, toolCalls, ...(error ? { error } : {}), durationMs: performance.now() - started };
}

export interface RetryOptions {
  maxRetries: number;
  baseDelayMs: number;
  /** A server's retry-after longer than this is not waited for (default 30 s). */
  maxWaitMs?: number;
  signal: AbortSignal;
  /** Called before each retry, with the error and the wait. */
  onRetry?: (error: BatonError, attempt: number, delayMs: number) => void;
}

/**
 * Repeats a call that failed with a retryable error (429, 5xx, timeout) before it sent any
 * text, with exponential backoff (base × 2^n, ±20% jitter; a server's retry-after wins). A
 * retry-after longer than `maxWaitMs` is not waited for: the failure is returned at once, so
 * that another model can answer. A 'connection' failure is not retried here either.
 */
export async function callWithRetry(call: () => Promise<ModelCallResult>, options: RetryOptions): Promise<ModelCallResult> {
  let attempt = 0;
  for (;;) {
    const result = await call();
    const error = result.error;
    if (!error || !error.retryable || error.code === 'connection' || result.text.length > 0 || attempt >= options.maxRetries) {
      return result;
    }
    if (options.signal.aborted) return result;
    const retryAfter = error instanceof ModelCallError ? error.retryAfterMs : undefined;
    const maxWaitMs = options.maxWaitMs ?? 30_000;
    if (retryAfter !== undefined && retryAfter > maxWaitMs) return result;
    const backoff = options.baseDelayMs * 2 ** attempt * (0.8 + Math.random() * 0.4);
    const delayMs = Math.min(maxWaitMs, Math.round(retryAfter ?? backoff));
    attempt += 1;
    options.onRetry?.(error, attempt, delayMs);
    await sleep(delayMs, options.signal);
    if (options.signal.aborted) return { ...result, error: undefined, finishReason: 'aborted' };
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
