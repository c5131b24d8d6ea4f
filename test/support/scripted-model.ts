import type { BatonError } from '../../electron/shared/errors.js';
import type { GenerateRequest, LanguageModel, Locality, StreamPart } from '../../electron/shared/language-model.js';

export interface ScriptedAnswer {
  chunks: string[];
  /** Wait before each chunk, so tests can cancel or overlap calls. */
  delayMs?: number;
  /** Ends the stream with this error after the chunks. */
  error?: BatonError;
}

/** A deterministic model for tests: its answers and latencies are set by the test, its requests recorded. */
export class ScriptedModel implements LanguageModel {
  readonly requests: GenerateRequest[] = [];
  readonly provider: string;
  readonly name: string;
  readonly displayName: string;
  readonly contextWindow = 4096;
  readonly pricing = { inputPerMTok: 1, outputPerMTok: 2 };

  constructor(
    readonly id: string,
    private readonly answers: ScriptedAnswer[],
    readonly locality: Locality = 'on-device',
  ) {
    [this.provider = 'scripted', this.name = id] = id.split(':');
    this.displayName = id;
  }

  async *stream(request: GenerateRequest, signal?: AbortSignal): AsyncIterable<StreamPart> {
    this.requests.push(request);
    const answer = this.answers.shift() ?? { chunks: ['(no scripted answer)'] };
    let outputTokens = 0;
    for (const chunk of answer.chunks) {
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      if (signal?.aborted) {
        yield { type: 'finish', reason: 'aborted' };
        return;
      }
      outputTokens += 1;
      yield { type: 'text-delta', text: chunk };
    }
    if (answer.error) {
      yield { type: 'error', error: answer.error };
      return;
    }
    const inputTokens = request.messages.reduce((total, message) => total + message.content.split(/\s+/).length, 0);
    yield { type: 'usage', usage: { inputTokens, outputTokens } };
    yield { type: 'finish', reason: 'stop' };
  }
}
