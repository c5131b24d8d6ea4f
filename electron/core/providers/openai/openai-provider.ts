import type OpenAI from 'openai';
import { createOpenAIClient } from './openai-sdk.js';
import { BatonError } from '../../../shared/errors.js';
import type { LanguageModel, ModelDescriptor, ModelListing } from '../../../shared/language-model.js';
import type { ModelProvider } from '../model-provider.js';
import { describeCloudModel, type PricingTable } from '../pricing-table.js';
import { mapOpenAIError } from './map-openai-error.js';
import { OpenAIChatModel } from './openai-chat-model.js';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

const openAIErrorContext = { provider: 'openai', vendor: 'OpenAI', keyHint: 'Settings or OPENAI_API_KEY' };

export const MISSING_OPENAI_KEY_MESSAGE = 'No OpenAI API key: set OPENAI_API_KEY or add the key in Settings.';

export interface OpenAIProviderOptions {
  /** Resolved by resolveCloudCredentials; without one every model is listed as unavailable. */
  apiKey?: string;
  /** Defaults to https://api.openai.com/v1; tests point it at a fake server (ending in /v1). */
  baseURL?: string;
  /** Retries of 408, 409, 429, 5xx and connection failures, with backoff, done by the SDK. */
  maxRetries: number;
  timeoutMs: number;
  /** A Retry-After longer than this is not waited for by the SDK (rateLimitMaxWaitSeconds; default 30 s). */
  maxRetryWaitMs?: number;
  pricingTable: PricingTable;
  /** The model names to offer, e.g. gpt-4o-mini. */
  models: string[];
}

/** OpenAI models over the Chat Completions API. */
export class OpenAIProvider implements ModelProvider {
  readonly id = 'openai';
  private client: Promise<OpenAI> | undefined;

  constructor(private readonly options: OpenAIProviderOptions) {}

  async listModels(): Promise<ModelListing[]> {
    const hasKey = Boolean(this.options.apiKey);
    return this.options.models.map((name) => ({
      ...this.describe(name),
      available: hasKey,
      ...(hasKey ? {} : { unavailableReason: MISSING_OPENAI_KEY_MESSAGE }),
    }));
  }

  async checkConnection(signal?: AbortSignal): Promise<string> {
    try {
      const page = await (await this.sdkClient()).models.list({ signal: signal ?? null, maxRetries: 0 });
      return `the key works: OpenAI lists ${page.data.length} models`;
    } catch (error) {
      throw mapOpenAIError(error, openAIErrorContext);
    }
  }

  async languageModel(name: string): Promise<LanguageModel> {
    if (name.length === 0) {
      throw new BatonError('invalid-request', 'An OpenAI model id needs a model name: openai:MODEL, e.g. openai:gpt-4o-mini.');
    }
    return new OpenAIChatModel({
      descriptor: this.describe(name),
      client: await this.sdkClient(),
      remoteModel: name,
      // OpenAI's reasoning models reject max_tokens; max_completion_tokens works for all of its models.
      maxTokensParameter: 'max_completion_tokens',
      errorContext: openAIErrorContext,
    });
  }

  private async sdkClient(): Promise<OpenAI> {
    const apiKey = this.options.apiKey;
    if (!apiKey) throw new BatonError('authentication', MISSING_OPENAI_KEY_MESSAGE);
    this.client ??= createOpenAIClient({
      apiKey,
      baseURL: this.options.baseURL ?? OPENAI_DEFAULT_BASE_URL,
      maxRetries: this.options.maxRetries,
      timeoutMs: this.options.timeoutMs,
      maxRetryWaitMs: this.options.maxRetryWaitMs,
    });
    return this.client;
  }

  private describe(name: string): ModelDescriptor {
    return describeCloudModel(this.options.pricingTable, 'openai', name, { contextWindowFallback: 128_000 });
  }
}
