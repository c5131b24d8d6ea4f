import type Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsStreaming, StopReason } from '@anthropic-ai/sdk/resources/messages';
import { ModelCallError } from '../../../shared/errors.js';
import type { GenerateRequest, LanguageModel, ModelDescriptor, StreamPart, ToolCall } from '../../../shared/language-model.js';
import { convertToAnthropicMessages, convertToAnthropicToolChoice, convertToAnthropicTools } from './convert-to-anthropic-messages.js';
import { webPageInsteadOfStream } from '../web-page-instead-of-stream.js';
import { mapAnthropicError } from './map-anthropic-error.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';

/** The Messages API requires max_tokens; this is used when a request sets none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

/**
 * One Anthropic model over the streaming Messages API. Retries with backoff happen inside the SDK
 * (its maxRetries, honouring retry-after and retry-after-ms) before the first byte of an answer;
 * nothing here retries again.
 */
export class AnthropicMessagesModel implements LanguageModel {
  readonly id: string;
  readonly provider: string;
  readonly name: string;
  readonly displayName: string;
  readonly locality: LanguageModel['locality'];
  readonly contextWindow: number;
  readonly pricing: LanguageModel['pricing'];
  readonly acceptsImages: boolean;

  constructor(
    descriptor: ModelDescriptor,
    private readonly client: Anthropic,
  ) {
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
    let inputTokens = 0;
    let outputTokens = 0;
    let stopReason: StopReason | null = null;
    let complete = false;
    // A tool_use block streams its input as JSON in parts; it is whole at its content_block_stop.
    const toolCalls = new Map<number, ToolCall>();
    const finished: ToolCall[] = [];
    try {
      const { data: events, response } = await this.client.messages.create(this.toParams(request), { signal }).withResponse();
      const webPage = webPageInsteadOfStream(response, { provider: 'anthropic', vendor: 'Anthropic' });
      if (webPage) {
        // The page's body is not read: let the connection go.
        events.controller.abort();
        throw webPage;
      }
      for await (const event of events) {
        switch (event.type) {
          case 'message_start': {
            const usage = event.message.usage;
            // Cached input is billed too, so it counts as input here.
            inputTokens = usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
            outputTokens = usage.output_tokens;
            break;
          }
          case 'content_block_start':
            if (event.content_block.type === 'tool_use') {
              toolCalls.set(event.index, { id: event.content_block.id, name: event.content_block.name, arguments: '' });
            }
            break;
          case 'content_block_delta':
            // With output_config.format the JSON answer arrives as text deltas too.
            if (event.delta.type === 'text_delta' && event.delta.text.length > 0) {
              yield { type: 'text-delta', text: event.delta.text };
            } else if (event.delta.type === 'input_json_delta') {
              const call = toolCalls.get(event.index);
              if (call) call.arguments += event.delta.partial_json;
            }
            break;
          case 'content_block_stop': {
            const call = toolCalls.get(event.index);
            if (call) finished.push({ ...call, arguments: call.arguments.length > 0 ? call.arguments : '{}' });
            break;
          }
          case 'message_delta':
            stopReason = event.delta.stop_reason ?? stopReason;
            // message_delta carries cumulative counts, so the last one wins.
            outputTokens = event.usage.output_tokens;
            if (event.usage.input_tokens !== null && event.usage.input_tokens !== undefined) {
              inputTokens = event.usage.input_tokens + (event.usage.cache_creation_input_tokens ?? 0) + (event.usage.cache_read_input_tokens ?? 0);
            }
            break;
          case 'message_stop':
            complete = true;
            break;
          default:
            break;
        }
      }
    } catch (error) {
      if (signal?.aborted) {
        yield { type: 'finish', reason: 'aborted' };
        return;
      }
      yield { type: 'error', error: mapAnthropicError(error) };
      return;
    }
    // The SDK ends the iteration quietly when the signal aborts it mid-stream.
    if (signal?.aborted) {
      yield { type: 'finish', reason: 'aborted' };
      return;
    }
    if (!complete && stopReason === null) {
      yield {
        type: 'error',
        error: new ModelCallError('connection', 'The connection to Anthropic ended before the answer was complete.', {
          provider: 'anthropic',
          // The stream had opened (200): the server was reached.
          statusCode: 200,
        }),
      };
      return;
    }
    for (const call of finished) yield { type: 'tool-call', call };
    yield { type: 'usage', usage: { inputTokens, outputTokens } };
    yield { type: 'finish', reason: mapAnthropicStopReason(stopReason) };
  }

  /**
   * `temperature` is left out on purpose: the API version this SDK speaks (2026-10-21) rejects
   * every sampling parameter with a 400, and the SDK no longer has the field.
   */
  private toParams(request: GenerateRequest): MessageCreateParamsStreaming {
    const { system, messages } = convertToAnthropicMessages(request.messages);
    return {
      model: this.name,
      max_tokens: request.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
      ...(system === undefined ? {} : { system }),
      messages,
      ...(request.stopSequences && request.stopSequences.length > 0 ? { stop_sequences: request.stopSequences } : {}),
      ...(request.tools && request.tools.length > 0 ? { tools: convertToAnthropicTools(request.tools) } : {}),
      ...(request.toolChoice !== undefined ? { tool_choice: convertToAnthropicToolChoice(request.toolChoice) } : {}),
      // This SDK version has structured outputs: the answer is constrained to the schema and
      // streams as ordinary text, so no forced tool call is needed.
      ...(request.responseSchema ? { output_config: { format: { type: 'json_schema' as const, schema: request.responseSchema } } } : {}),
      stream: true,
    };
  }
}
