import { BatonError } from '../../shared/errors.js';
import type { LanguageModel, ModelListing } from '../../shared/language-model.js';
import type { ModelProvider } from './model-provider.js';

export interface QualifiedModelId {
  provider: string;
  name: string;
}

/** Splits `anthropic:claude-x` into provider and name; the name may itself contain colons or slashes. */
export function parseQualifiedModelId(id: string): QualifiedModelId {
  const separator = id.indexOf(':');
  if (separator <= 0 || separator === id.length - 1) {
    throw new BatonError(
      'invalid-request',
      `"${id}" is not a model id. Use provider:model, e.g. local:stories260K, anthropic:claude-sonnet-4-6, openai:gpt-4o-mini or compatible:ollama/llama3.2.`,
    );
  }
  return { provider: id.slice(0, separator), name: id.slice(separator + 1) };
}

export class ProviderRegistry {
  private readonly providers = new Map<string, ModelProvider>();

  register(provider: ModelProvider): void {
    if (this.providers.has(provider.id)) {
      throw new BatonError('configuration', `A provider named "${provider.id}" is already registered.`);
    }
    this.providers.set(provider.id, provider);
  }

  provider(id: string): ModelProvider | undefined {
    return this.providers.get(id);
  }

  async listModels(): Promise<ModelListing[]> {
    const lists = await Promise.all([...this.providers.values()].map((provider) => provider.listModels()));
    return lists.flat();
  }

  async resolve(qualifiedId: string): Promise<LanguageModel> {
    const { provider: providerId, name } = parseQualifiedModelId(qualifiedId);
    const provider = this.providers.get(providerId);
    if (!provider) {
      const known = [...this.providers.keys()].join(', ');
      throw new BatonError('model-not-found', `Unknown provider "${providerId}" in "${qualifiedId}". Known providers: ${known}.`);
    }
    return provider.languageModel(name);
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.providers.values()].map((provider) => provider.dispose?.()));
  }
}
