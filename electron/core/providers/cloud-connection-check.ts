import { toBatonError } from '../../shared/errors.js';
import { AnthropicProvider, MISSING_ANTHROPIC_KEY_MESSAGE } from './anthropic/anthropic-provider.js';
import type { CloudCredential } from './cloud-credentials.js';
import { OpenAIProvider, MISSING_OPENAI_KEY_MESSAGE } from './openai/openai-provider.js';
import type { PricingTable } from './pricing-table.js';

export type CloudProviderName = 'anthropic' | 'openai';

export interface ConnectionCheck {
  ok: boolean;
  /** What worked, or what failed and what to do, in words. */
  message: string;
}

/**
 * Whether a cloud provider takes this key at this address: one call that lists the vendor's
 * models, so no text of the person's is sent and nothing is billed. Never retried, never throws.
 */
export async function checkCloudConnection(
  provider: CloudProviderName,
  credential: CloudCredential,
  options: { pricingTable: PricingTable; timeoutMs?: number; signal?: AbortSignal },
): Promise<ConnectionCheck> {
  if (!credential.apiKey) return { ok: false, message: provider === 'anthropic' ? MISSING_ANTHROPIC_KEY_MESSAGE : MISSING_OPENAI_KEY_MESSAGE };
  const providerOptions = {
    apiKey: credential.apiKey,
    ...(credential.baseURL ? { baseURL: credential.baseURL } : {}),
    maxRetries: 0,
    timeoutMs: options.timeoutMs ?? 15_000,
    pricingTable: options.pricingTable,
    models: [],
  };
  const checked = provider === 'anthropic' ? new AnthropicProvider(providerOptions) : new OpenAIProvider(providerOptions);
  try {
    return { ok: true, message: await checked.checkConnection(options.signal) };
  } catch (error) {
    return { ok: false, message: toBatonError(error).message };
  }
}
