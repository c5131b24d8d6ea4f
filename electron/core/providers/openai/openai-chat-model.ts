import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { ModelCallError } from '../../../shared/errors.js';
import type { GenerateRequest, LanguageModel, ModelDescriptor, StreamPart, ToolCall, Usage } from '../../../shared/language-model.js';
import { convertToOpenAIMessages, convertToOpenAIToolChoice, convertToOpenAITools } from './convert-to-openai-messages.js';
import { webPageInsteadOfStream } from '../web-page-instead-of-stream.js';
import { mapOpenAIError, type OpenAIErrorContext } from './map-openai-error.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';

/**
 * OpenAI itself wants `max_completion_tokens` (its reasoning models reject `max_tokens`), while
 * some OpenAI-compatible servers only know the older `max_tokens`; each provider picks.
 */
export type MaxTokensParameter = 'max_tokens' | 'max_completion_tokens';

export interface OpenAIChatModelOptions {
  descriptor: ModelDescriptor;
  client: OpenAI;
  /** The model as the server knows it (for a compatible server, without the `NAME/` prefix). */
  remoteModel: string;
  maxTokensParameter: MaxTokensParameter;
  errorContext: OpenAIErrorContext;
}

/**
 * A model over the streaming Chat Completions API, for OpenAI and for OpenAI-compatible servers
 * (Ollama, LM Studio, llama-server, vLLM). Retries with backoff happen inside the SDK (its
 * maxRetries, honouring retry-after and retry-after-ms) before the first byte of an answer;
 * nothing here retries again.
 */
export class OpenAIChatModel implements LanguageModel {
  readonly id: string;
  readonly provider: string;
  readonly name: string;
  readonly displayName: string;
  readonly locality: LanguageModel['locality'];
  readonly contextWindow: number;
  readonly pricing: LanguageModel['pricing'];
  readonly acceptsImages: boolean;

  constructor(private readonly options: OpenAIChatModelOptions) {
    const { descriptor } = options;
    this.id = descriptor.id;
    this.provider = descriptor.provider;
    this.name = descriptor.name;
    this.displayName = descriptor.displayName;
    this.locality = descriptor.locality;
    this.contextWindow = descriptor.contextWindow;
    this.pricing = descriptor.pricing;
    this.acceptsImages = descriptor.acceptsImages === true;
  }

  /** Never throws: a failure is a final `error` part, a cancellation a final `finish: aborted`. */
  async *stream(request: GenerateRequest, signal?: AbortSignal): AsyncIterable<StreamPart> {
    if (signal?.aborted) {
      yield { type: 'finish', reason: 'aborted' };
      return;
    }
    let usage: Usage | undefined;
    let finishReason: string | null = null;
    let refused = false;
    // Tool calls stream in pieces, by index: the id and name first, the arguments' JSON in parts.
    const toolCalls = new Map<number, ToolCall>();
    try {
      const { data: chunks, response } = await this.options.client.chat.completions.create(this.toParams(request), { signal }).withResponse();
      const webPage = webPageInsteadOfStream(response, this.options.errorContext);
      if (webPage) {
        // The page's body is not read: let the connection go.
        chunks.controller.abort();
        throw webPage;
      }
      for await (const chunk of chunks) {
        // With include_usage the last chunk has no choices, only the usage of the whole call.
        if (chunk.usage) {
          usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
        }
        const choice = chunk.choices[0];
        if (!choice) continue;
        const content = choice.delta?.content;
        if (content) yield { type: 'text-delta', text: content };
        // A structured-output refusal comes as `refusal` text instead of content; show it, and
        // let the finish reason tell the caller it is not an answer.
        const refusal = choice.delta?.refusal;
        if (refusal) {
          refused = true;
          yield { type: 'text-delta', text: refusal };
        }
        for (const piece of choice.delta?.tool_calls ?? []) {
          const call = toolCalls.get(piece.index) ?? { id: '', name: '', arguments: '' };
          if (piece.id) call.id = piece.id;
          if (piece.function?.name) call.name += piece.function.name;
          if (piece.function?.arguments) call.arguments += piece.function.arguments;
          toolCalls.set(piece.index, call);
        }
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
    } catch (error) {
      if (signal?.aborted) {
        yield { type: 'finish', reason: 'aborted' };
        return;
      }
      yield { type: 'error', error: mapOpenAIError(error, this.options.errorContext) };
      return;
    }
    // The SDK ends the iteration quietly when the signal aborts it mid-stream.
    if (signal?.aborted) {
      yield { type: 'finish', reason: 'aborted' };
      return;
    }
    if (finishReason === null) {
      yield {
        type: 'error',
        error: new ModelCallError('connection', `The connection to ${this.options.errorContext.vendor} ended before the answer was complete.`, {
          provider: this.options.errorContext.provider,
          // The stream had opened (200): the server was reached.
          statusCode: 200,
        }),
      };
      return;
    }
    for (const [, call] of [...toolCalls].sort(([a], [b]) => a - b)) yield { type: 'tool-call', call };
    // A compatible server that ignores stream_options sends no usage; no usage part beats a made-up one.
    if (usage) yield { type: 'usage', usage };
    yield { type: 'finish', reason: refused ? 'content-filter' : mapOpenAIFinishReason(finishReason) };
  }

  private toParams(request: GenerateRequest): ChatCompletionCreateParamsStreaming {
    const params: ChatCompletionCreateParamsStreaming = {
      model: this.options.remoteModel,
      messages: convertToOpenAIMessages(request.messages),
      stream: true,
      stream_options: { include_usage: true },
    };
    if (request.maxTokens !== undefined) {
      if (this.options.maxTokensParameter === 'max_tokens') params.max_tokens = request.maxTokens;
      else params.max_completion_tokens = request.maxTokens;
    }
    if (request.temperature !== undefined) params.temperature = request.temperature;
    if (request.stopSequences && request.stopSequences.length > 0) params.stop = request.stopSequences;
    if (request.tools && request.tools.length > 0) params.tools = convertToOpenAITools(request.tools);
    if (request.toolChoice !== undefined) params.tool_choice = convertToOpenAIToolChoice(request.toolChoice);
    if (request.responseSchema) {
      params.response_format = { type: 'json_schema', json_schema: { name: 'response', schema: request.responseSchema, strict: true } };
    }
    return params;
  }
}
