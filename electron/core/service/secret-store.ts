/**
 * Where API keys are kept when the host has something better than the settings table: Electron's
 * safeStorage (the OS keychain). Keys are settings field names (`anthropicApiKey`) or
 * `compatibleServers.NAME.apiKey` for a server's key.
 */
export interface SecretStore {
  readonly kind: 'os-keychain' | 'database';
  all(): Record<string, string>;
  set(key: string, value: string): void;
  delete(key: string): void;
}

/** A SecretStore in memory: for tests, and a model of what a host provides. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'os-keychain' as const;
  private readonly values = new Map<string, string>();

  all(): Record<string, string> {
    return Object.fromEntries(this.values);
  }

  set(key: string, value: string): void {
    this.values.set(key, value);
  }

  delete(key: string): void {
    this.values.delete(key);
  }
}
