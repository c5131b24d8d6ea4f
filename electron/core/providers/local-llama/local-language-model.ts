import { basename } from 'node:path';
import type { ChatWrapper, Llama, LlamaChat, LlamaContextSequence, LlamaGrammar } from 'node-llama-cpp';
import { llamaModule } from './llama-module.js';
import { BatonError, toBatonError } from '../../../shared/errors.js';
import type {
  ChatMessage,
  FinishReason,
  GenerateRequest,
  JsonSchema,
  LanguageModel,
  StreamPart,
} from '../../../shared/language-model.js';
import { AsyncPushQueue } from '../../support/async-push-queue.js';
import { convertToChatHistory } from './convert-to-chat-history.js';
import type { LocalModelHost } from './local-model-host.js';
import { hasImages } from '../../privacy/image-inputs.js';

/** Without a limit a small model can ramble until the context is full. */
const defaultMaxTokens = 1024;

/** A GGUF model served through one of its host's context sequences. */
export class LocalLanguageModel implements LanguageModel {
  readonly provider = 'local';
  readonly locality = 'on-device' as const;
  readonly pricing = { inputPerMTok: 0, outputPerMTok: 0 };
  readonly id: string;
  readonly displayName: string;
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();
  /** One chat per sequence, kept for the sequence's life: making one per request costs throughput. */
  private readonly chats = new WeakMap<LlamaContextSequence, LlamaChat>();

  constructor(
    readonly name: string,
    private readonly host: LocalModelHost,
    private readonly llama: () => Promise<Llama>,
    /** The context per sequence of the loaded model. */
    readonly contextWindow: number,
  ) {
    this.id = `local:${name}`;
    this.displayName = basename(host.path);
  }

  async countPromptTokens(messages: ChatMessage[], signal?: AbortSignal): Promise<number> {
    const loaded = await this.host.load(signal);
    // Exactly what generate() tokenizes before it decodes: the chat template's whole text.
    return loaded.chatWrapper.generateContextState({ chatHistory: convertToChatHistory(messages) }).contextText.tokenize(loaded.model.tokenizer).length;
  }

  stream(request: GenerateRequest, signal?: AbortSignal): AsyncIterable<StreamPart> {
    const parts = new AsyncPushQueue<StreamPart>();
    void this.generate(request, parts, signal).finally(() => parts.end());
    return parts;
  }

  private async generate(request: GenerateRequest, parts: AsyncPushQueue<StreamPart>, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) {
      parts.push({ type: 'finish', reason: 'aborted' });
      return;
    }
    if ((request.tools?.length ?? 0) > 0 || request.messages.some((message) => message.role === 'tool' || (message.toolCalls?.length ?? 0) > 0)) {
      // Routing keeps tool use off this device; this is the guard should a caller not.
      parts.push({ type: 'error', error: new BatonError('invalid-request', `${this.id} cannot call a client's tools: that needs a cloud model.`) });
      return;
    }
    if (hasImages(request.messages)) {
      // Likewise for pictures: answering without them would answer another question.
      parts.push({ type: 'error', error: new BatonError('invalid-request', `${this.id} cannot read pictures: that needs a model that takes images.`) });
      return;
    }
    const history = convertToChatHistory(request.messages);
    // Tokenised once the model is loaded, before a sequence is chosen: the one that has the
    // prompt's start cached (a follow-up turn) decodes only the rest.
    let inputTokens = 0;
    let lease;
    try {
      lease = await this.host.acquire(signal, (loaded) => {
        const tokens = loaded.chatWrapper.generateContextState({ chatHistory: history }).contextText.tokenize(loaded.model.tokenizer);
        inputTokens = tokens.length;
        return tokens;
      });
    } catch (error) {
      parts.push(signal?.aborted ? { type: 'finish', reason: 'aborted' } : { type: 'error', error: toBatonError(error) });
      return;
    }
    const chat = this.chatFor(lease.sequence, lease.loaded.chatWrapper, (await llamaModule()).LlamaChat);
    try {
      const contextSize = lease.sequence.contextSize;
      if (inputTokens >= contextSize) {
        throw new BatonError(
          'context-overflow',
          `The prompt has ${inputTokens} tokens but ${this.id} holds ${contextSize} per request.`,
        );
      }
      const grammar = request.responseSchema ? await this.grammarFor(request.responseSchema) : undefined;
      let outputTokens = 0;
      const response = await chat.generateResponse(history, {
        maxTokens: Math.min(request.maxTokens ?? defaultMaxTokens, contextSize - inputTokens),
        temperature: request.temperature ?? 0,
        customStopTriggers: request.stopSequences?.length ? request.stopSequences : undefined,
        grammar,
        signal,
        stopOnAbortSignal: true,
        onToken: (tokens) => {
          outputTokens += tokens.length;
        },
        onTextChunk: (text) => {
          if (text.length > 0) parts.push({ type: 'text-delta', text });
        },
      });
      parts.push({ type: 'usage', usage: { inputTokens, outputTokens } });
      parts.push({ type: 'finish', reason: mapStopReason(response.metadata.stopReason) });
    } catch (error) {
      parts.push(signal?.aborted ? { type: 'finish', reason: 'aborted' } : { type: 'error', error: toBatonError(error) });
    } finally {
      lease.release();
    }
  }

  private chatFor(sequence: LlamaContextSequence, chatWrapper: ChatWrapper, Chat: typeof LlamaChat): LlamaChat {
    let chat = this.chats.get(sequence);
    if (!chat || chat.disposed) {
      chat = new Chat({ contextSequence: sequence, chatWrapper, autoDisposeSequence: false });
      this.chats.set(sequence, chat);
    }
    return chat;
  }

  /** Grammars are compiled once per schema: compiling one costs more than a short answer. */
  private grammarFor(schema: JsonSchema): Promise<LlamaGrammar> {
    const key = JSON.stringify(schema);
    let grammar = this.grammars.get(key);
    if (!grammar) {
      // node-llama-cpp's GBNF schema type is narrower than JSON schema; it validates at run time.
      grammar = this.llama().then((llama) => llama.createGrammarForJsonSchema(schema as never));
      this.grammars.set(key, grammar);
      grammar.catch(() => this.grammars.delete(key));
    }
    return grammar;
  }
}

function mapStopReason(stopReason: string): FinishReason {
  if (stopReason === 'maxTokens') return 'length';
  if (stopReason === 'abort') return 'aborted';
  return 'stop';
}
