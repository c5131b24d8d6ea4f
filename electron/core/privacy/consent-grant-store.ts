import { consentGrantsKey } from '../storage/conversation-setting-keys.js';

/**
 * Where "allow for this conversation" answers are kept: per conversation and provider, so a
 * yes for Anthropic is not a yes for OpenAI.
 */
export interface ConsentGrantStore {
  has(conversationId: string, provider: string): boolean;
  add(conversationId: string, provider: string): void;
}

/** Grants that live as long as the process (tests, `baton ask` without a database). */
export class InMemoryConsentGrantStore implements ConsentGrantStore {
  private readonly grants = new Set<string>();

  has(conversationId: string, provider: string): boolean {
    return this.grants.has(grantKey(conversationId, provider));
  }

  add(conversationId: string, provider: string): void {
    this.grants.add(grantKey(conversationId, provider));
  }
}

/** The part of the settings repository a grant store needs. */
export interface KeyValueSettings {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export { consentGrantsKey };

/**
 * Grants kept in the settings table under one key, `consentGrants`: conversation id → the
 * providers allowed for it. A malformed stored value counts as "no grants" (the person is
 * asked again, which is the safe side) and is replaced on the next grant.
 */
export class SettingsConsentGrantStore implements ConsentGrantStore {
  constructor(private readonly settings: KeyValueSettings) {}

  has(conversationId: string, provider: string): boolean {
    return this.read()[conversationId]?.includes(provider) ?? false;
  }

  add(conversationId: string, provider: string): void {
    const grants = this.read();
    const providers = grants[conversationId] ?? [];
    if (providers.includes(provider)) return;
    this.settings.set(consentGrantsKey, { ...grants, [conversationId]: [...providers, provider] });
  }

  private read(): Record<string, string[]> {
    const stored = this.settings.get(consentGrantsKey);
    if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return {};
    const grants: Record<string, string[]> = {};
    for (const [conversationId, providers] of Object.entries(stored)) {
      if (Array.isArray(providers)) grants[conversationId] = providers.filter((provider): provider is string => typeof provider === 'string');
    }
    return grants;
  }
}

function grantKey(conversationId: string, provider: string): string {
  return `${conversationId}\u0000${provider}`;
}
