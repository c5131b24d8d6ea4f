import type { BatonError } from '../../electron/shared/errors.js';
import type { FinishReason, GenerateRequest, LanguageModel, Locality, Pricing, StreamPart } from '../../electron/shared/language-model.js';

/** One scripted answer: text (split into chunks, or given as chunks), a wait per chunk, an error or finish reason. */
export interface ProgrammedAnswer {
  text?: string;
  chunks?: string[];
  /** Wait before each chunk; an abort ends the wait at once. */
  delayMs?: number;
  /** Ends the stream with this error after the chunks. */
  error?: BatonError;
  finish?: FinishReason;
}

export interface ProgrammableModelOptions {
  locality?: Locality;
  contextWindow?: number;
  pricing?: Pricing;
  /** Answers by call (the request and its 0-based number); wins over `answers`. */
  answer?: (request: GenerateRequest, call: number) => ProgrammedAnswer | string;
  /** Answers in order; the last one repeats. */
  answers?: Array<ProgrammedAnswer | string>;
  /** Default wait per chunk. */
  delayMs?: number;
}

/**
 * A deterministic model for conductor tests: answers, latencies and errors per call are set by the
 * test; it records requests, how many calls were in flight at once, and which calls were aborted.
 */
export class ProgrammableModel implements LanguageModel {
  readonly provider: string;
  readonly name: string;
  readonly displayName: string;
  readonly locality: Locality;
  readonly contextWindow: number;
  readonly pricing: Pricing;
  readonly requests: GenerateRequest[] = [];
  inFlight = 0;
  peakInFlight = 0;
  abortedCalls = 0;
  completedCalls = 0;

  constructor(
    readonly id: string,
    private readonly options: ProgrammableModelOptions = {},
  ) {
    const separator = id.indexOf(':');
    this.provider = separator > 0 ? id.slice(0, separator) : 'scripted';
    this.name = separator > 0 ? id.slice(separator + 1) : id;
    this.displayName = id;
    this.locality = options.locality ?? 'on-device';
    this.contextWindow = options.contextWindow ?? 8192;
    this.pricing = options.pricing ?? (this.locality === 'on-device' ? { inputPerMTok: 0, outputPerMTok: 0 } : { inputPerMTok: 1, outputPerMTok: 5 });
  }

  /** The text of the last user message of each request. */
  get prompts(): string[] {
    return this.requests.map((request) => request.messages.filter((message) => message.role === 'user').at(-1)?.content ?? '');
  }

  async *stream(request: GenerateRequest, signal?: AbortSignal): AsyncIterable<StreamPart> {
    const call = this.requests.length;
    this.requests.push(request);
    const programmed = this.answerFor(request, call);
    const chunks = programmed.chunks ?? (programmed.text === undefined ? [] : splitWords(programmed.text));
    const delayMs = programmed.delayMs ?? this.options.delayMs ?? 0;
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    try {
      if (chunks.length === 0 && delayMs > 0) await wait(delayMs, signal);
      let outputTokens = 0;
      for (const chunk of chunks) {
        if (delayMs > 0) await wait(delayMs, signal);
        if (signal?.aborted) break;
        outputTokens += 1;
        yield { type: 'text-delta', text: chunk };
      }
      if (signal?.aborted) {
        this.abortedCalls += 1;
        yield { type: 'finish', reason: 'aborted' };
        return;
      }
      if (programmed.error) {
        yield { type: 'error', error: programmed.error };
        return;
      }
      const inputTokens = request.messages.reduce((total, message) => total + Math.ceil(message.content.length / 4), 0);
      yield { type: 'usage', usage: { inputTokens, outputTokens } };
      yield { type: 'finish', reason: programmed.finish ?? 'stop' };
      this.completedCalls += 1;
    } finally {
      this.inFlight -= 1;
    }
  }

  private answerFor(request: GenerateRequest, call: number): ProgrammedAnswer {
    const given = this.options.answer
      ? this.options.answer(request, call)
      : (this.options.answers?.[Math.min(call, (this.options.answers?.length ?? 1) - 1)] ?? 'ok');
    return typeof given === 'string' ? { text: given } : given;
  }
}

function splitWords(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text.length > 0 ? [text] : []);
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
