import type Anthropic from '@anthropic-ai/sdk';
import { loadAnthropicClientClass } from './anthropic-sdk.js';
import { BatonError } from '../../../shared/errors.js';
import type { LanguageModel, ModelDescriptor, ModelListing } from '../../../shared/language-model.js';
import type { ModelProvider } from '../model-provider.js';
import { describeCloudModel, type PricingTable } from '../pricing-table.js';
import { DEFAULT_MAX_RETRY_WAIT_MS, fetchWithRetryWaitLimit } from '../retry-wait-limit.js';
import { AnthropicMessagesModel } from './anthropic-messages-model.js';
import { mapAnthropicError } from './map-anthropic-error.js';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

export const MISSING_ANTHROPIC_KEY_MESSAGE = 'No Anthropic API key: set ANTHROPIC_API_KEY or add the key in Settings.';

export interface AnthropicProviderOptions {
  /** Resolved by resolveCloudCredentials; without one every model is listed as unavailable. */
  apiKey?: string;
  /** Defaults to https://api.anthropic.com; tests point it at a fake server. */
  baseURL?: string;
  /** Retries of 408, 409, 429, 5xx and connection failures, with backoff, done by the SDK. */
  maxRetries: number;
  timeoutMs: number;
  /** A Retry-After longer than this is not waited for by the SDK (rateLimitMaxWaitSeconds; default 30 s). */
  maxRetryWaitMs?: number;
  pricingTable: PricingTable;
  /** The model names to offer, e.g. claude-haiku-4-5. */
  models: string[];
}

/** Claude models over the Anthropic Messages API. */
export class AnthropicProvider implements ModelProvider {
  readonly id = 'anthropic';
  private client: Promise<Anthropic> | undefined;

  constructor(private readonly options: AnthropicProviderOptions) {}

  async listModels(): Promise<ModelListing[]> {
    const hasKey = Boolean(this.options.apiKey);
    return this.options.models.map((name) => ({
      ...this.describe(name),
      available: hasKey,
      ...(hasKey ? {} : { unavailableReason: MISSING_ANTHROPIC_KEY_MESSAGE }),
    }));
  }

  async checkConnection(signal?: AbortSignal): Promise<string> {
    try {
      const page = await (await this.sdkClient()).models.list({ limit: 1 }, { signal: signal ?? null, maxRetries: 0 });
      return page.data.length > 0 ? 'the key works: Anthropic answered with its models' : 'the key works';
    } catch (error) {
      throw mapAnthropicError(error);
    }
  }

  async languageModel(name: string): Promise<LanguageModel> {
    if (name.length === 0) {
      throw new BatonError('invalid-request', 'An Anthropic model id needs a model name: anthropic:MODEL, e.g. anthropic:claude-haiku-4-5.');
    }
    return new AnthropicMessagesModel(this.describe(name), await this.sdkClient());
  }

  private async sdkClient(): Promise<Anthropic> {
    const apiKey = this.options.apiKey;
    if (!apiKey) throw new BatonError('authentication', MISSING_ANTHROPIC_KEY_MESSAGE);
    // Key and base URL are always passed explicitly, so the SDK never falls back to the
    // environment (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL) behind the settings' back.
    this.client ??= loadAnthropicClientClass().then(
      (AnthropicClient) =>
        new AnthropicClient({
          apiKey,
          baseURL: this.options.baseURL ?? ANTHROPIC_DEFAULT_BASE_URL,
          maxRetries: this.options.maxRetries,
          timeout: this.options.timeoutMs,
          fetch: fetchWithRetryWaitLimit(this.options.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS),
        }),
    );
    return this.client;
  }

  private describe(name: string): ModelDescriptor {
    return describeCloudModel(this.options.pricingTable, 'anthropic', name, { contextWindowFallback: 200_000 });
  }
}
