import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { safeStorage } from 'electron';
import type { SecretStore } from '../core/service/secret-store.js';

/**
 * API keys encrypted with Electron's safeStorage (Keychain on macOS, DPAPI on Windows, the Secret
 * Service or KWallet on Linux) in one file of the data folder. Where the OS offers no encryption,
 * keys stay in the settings database instead, and the settings page says so.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'os-keychain' as const;
  private values: Record<string, string>;

  private constructor(private readonly path: string) {
    this.values = this.read();
  }

  /** Undefined when the OS cannot encrypt (no keyring on Linux): the caller then keeps keys in the database. */
  static open(path: string): SafeStorageSecretStore | undefined {
    if (!safeStorage.isEncryptionAvailable()) return undefined;
    // On Linux without a keyring, Chromium falls back to a fixed key: that is not protection.
    if (safeStorage.getSelectedStorageBackend?.() === 'basic_text') return undefined;
    return new SafeStorageSecretStore(path);
  }

  all(): Record<string, string> {
    return { ...this.values };
  }

  set(key: string, value: string): void {
    this.values[key] = value;
    this.write();
  }

  delete(key: string): void {
    if (!(key in this.values)) return;
    delete this.values[key];
    this.write();
  }

  private read(): Record<string, string> {
    if (!existsSync(this.path)) return {};
    const stored = JSON.parse(readFileSync(this.path, 'utf8')) as Record<string, string>;
    const values: Record<string, string> = {};
    for (const [key, encrypted] of Object.entries(stored)) values[key] = safeStorage.decryptString(Buffer.from(encrypted, 'base64'));
    return values;
  }

  /** Written to a temporary file and renamed, so a crash never leaves half a file. */
  private write(): void {
    const encrypted: Record<string, string> = {};
    for (const [key, value] of Object.entries(this.values)) encrypted[key] = safeStorage.encryptString(value).toString('base64');
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, JSON.stringify(encrypted), { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}
