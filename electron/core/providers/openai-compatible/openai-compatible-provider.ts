import type OpenAI from 'openai';
import { createOpenAIClient } from '../openai/openai-sdk.js';
import { BatonError } from '../../../shared/errors.js';
import type { LanguageModel, ModelDescriptor, ModelListing } from '../../../shared/language-model.js';
import type { CompatibleServer } from '../../settings.js';
import type { ModelProvider } from '../model-provider.js';
import { OpenAIChatModel } from '../openai/openai-chat-model.js';
import { mapOpenAIError, type OpenAIErrorContext } from '../openai/map-openai-error.js';
import { lookupPricing, pricingOf, type PricingTable } from '../pricing-table.js';
import { localityOfBaseUrl } from './locality-of-base-url.js';

/** How long listModels waits for a server's /models before it counts as unreachable. */
export const COMPATIBLE_LIST_TIMEOUT_MS = 2000;

/** The SDK refuses to start without a key; this one is never sent (the header is removed). */
const PLACEHOLDER_KEY = 'baton-no-key';

export interface OpenAICompatibleProviderOptions {
  servers: CompatibleServer[];
  /** Retries of 408, 409, 429, 5xx and connection failures of a model call, done by the SDK. */
  maxRetries: number;
  timeoutMs: number;
  /** A Retry-After longer than this is not waited for by the SDK (rateLimitMaxWaitSeconds; default 30 s). */
  maxRetryWaitMs?: number;
  pricingTable: PricingTable;
  /** Defaults to COMPATIBLE_LIST_TIMEOUT_MS. */
  listTimeoutMs?: number;
}

/**
 * Models served by OpenAI-compatible servers (Ollama, LM Studio, llama-server, vLLM), one adapter
 * configured by each server's name and base URL. Ids are `compatible:NAME/MODEL`.
 */
export class OpenAICompatibleProvider implements ModelProvider {
  readonly id = 'compatible';
  private readonly servers = new Map<string, CompatibleServer>();
  private readonly clients = new Map<string, Promise<OpenAI>>();

  constructor(private readonly options: OpenAICompatibleProviderOptions) {
    for (const server of options.servers) {
      if (this.servers.has(server.name)) {
        throw new BatonError('configuration', `Two OpenAI-compatible servers are named "${server.name}"; each needs its own name.`);
      }
      this.servers.set(server.name, server);
    }
  }

  /** Asks every server for its models at once; a server that cannot answer offers its configured models as unavailable. */
  async listModels(): Promise<ModelListing[]> {
    const lists = await Promise.all([...this.servers.values()].map((server) => this.listServer(server)));
    return lists.flat();
  }

  async languageModel(name: string): Promise<LanguageModel> {
    const separator = name.indexOf('/');
    const serverName = separator < 0 ? name : name.slice(0, separator);
    const model = separator < 0 ? '' : name.slice(separator + 1);
    const server = this.servers.get(serverName);
    if (!server) {
      const known = [...this.servers.keys()].join(', ') || 'none';
      throw new BatonError('model-not-found', `No OpenAI-compatible server named "${serverName}" (from "compatible:${name}"). Configured servers: ${known}.`);
    }
    if (model.length === 0) {
      throw new BatonError('invalid-request', `"compatible:${name}" names no model. Use compatible:${server.name}/MODEL, e.g. compatible:${server.name}/llama3.2.`);
    }
    return new OpenAIChatModel({
      descriptor: this.describe(server, model),
      client: await this.clientFor(server),
      remoteModel: model,
      // Every compatible server knows max_tokens; not all of them know max_completion_tokens.
      maxTokensParameter: 'max_tokens',
      errorContext: this.errorContext(server),
    });
  }

  private async listServer(server: CompatibleServer): Promise<ModelListing[]> {
    let offered: string[];
    try {
      const page = await (await this.clientFor(server)).models.list({ timeout: this.options.listTimeoutMs ?? COMPATIBLE_LIST_TIMEOUT_MS, maxRetries: 0 });
      offered = page.data.map((model) => model.id);
    } catch (error) {
      const reason = mapOpenAIError(error, this.errorContext(server)).message;
      return server.models.map((model) => ({ ...this.describe(server, model), available: false, unavailableReason: reason }));
    }
    const listings: ModelListing[] = offered.map((model) => ({ ...this.describe(server, model), available: true }));
    for (const model of server.models) {
      if (!offered.includes(model)) {
        listings.push({
          ...this.describe(server, model),
          available: false,
          unavailableReason: `The server ${server.name} (${server.baseUrl}) does not offer the model ${model}.`,
        });
      }
    }
    return listings;
  }

  private clientFor(server: CompatibleServer): Promise<OpenAI> {
    let client = this.clients.get(server.name);
    if (!client) {
      client = createOpenAIClient({
        apiKey: server.apiKey ?? PLACEHOLDER_KEY,
        baseURL: server.baseUrl,
        maxRetries: this.options.maxRetries,
        timeoutMs: this.options.timeoutMs,
        maxRetryWaitMs: this.options.maxRetryWaitMs,
        // Local servers mostly need no key: send no Authorization header at all then, rather than a fake one.
        ...(server.apiKey ? {} : { defaultHeaders: { Authorization: null } }),
      });
      this.clients.set(server.name, client);
    }
    return client;
  }

  private errorContext(server: CompatibleServer): OpenAIErrorContext {
    return { provider: 'compatible', vendor: `the server ${server.name} (${server.baseUrl})`, keyHint: `the settings of the server ${server.name}` };
  }

  private describe(server: CompatibleServer, model: string): ModelDescriptor {
    const qualifiedName = `${server.name}/${model}`;
    const table = this.options.pricingTable;
    // A per-server entry ("ollama/llama3.2") wins over a per-model one, which wins over '*'.
    const entry = table['compatible']?.[qualifiedName] ?? lookupPricing(table, 'compatible', model);
    return {
      id: `compatible:${qualifiedName}`,
      provider: 'compatible',
      name: qualifiedName,
      displayName: `${model} (${server.name})`,
      locality: localityOfBaseUrl(server.baseUrl),
      contextWindow: entry?.contextWindow ?? 8192,
      pricing: pricingOf(entry),
      ...(entry?.images ? { acceptsImages: true } : {}),
    };
  }
}
