import type { BatonError } from '../../shared/errors.js';
import type { FinishReason, ToolCall, Usage } from '../../shared/language-model.js';

/** Who the answer is: its id, when it was made (seconds since the epoch), and the model that answered. */
export interface AnswerIdentity {
  id: string;
  created: number;
  model: string;
}

/**
 * One vendor's API as the gateway speaks it (OpenAI's, Anthropic's): the shape of an answer, of
 * its stream and of an error. The path a client calls decides the dialect; the run is the same.
 */
export interface GatewayDialect {
  newId(): string;
  /** A whole answer: its text, and the client's tools the model called (empty for text alone). */
  answer(identity: AnswerIdentity, text: string, toolCalls: readonly ToolCall[], finishReason: FinishReason, usage: Usage): unknown;
  /** What opens a stream, before any text. */
  streamStart(identity: AnswerIdentity): string;
  streamText(identity: AnswerIdentity, text: string): string;
  /** The stream's end: the tool calls, whole (a model's calls are complete only at its end), then the finish. */
  streamEnd(identity: AnswerIdentity, toolCalls: readonly ToolCall[], finishReason: FinishReason, usage: Usage, includeUsage: boolean): string;
  /** An error once the stream's headers are sent, in the stream as the vendor sends one. */
  streamError(error: BatonError): string;
  error(error: BatonError): { status: number; body: unknown };
}
