import { createRequire } from 'node:module';

/**
 * The OS keychain entry that holds the database key: macOS Keychain, Windows Credential Manager,
 * the Secret Service (GNOME Keyring, KWallet) on Linux, through @napi-rs/keyring, which works
 * the same from Electron's main process and from plain Node (the CLI).
 */

/** One secret in a keychain. Both methods throw when the keychain cannot be used. */
export interface Keychain {
  /** The stored secret, or null when there is none. */
  read(): string | null;
  write(secret: string): void;
}

export const keychainService = 'Baton';
export const keychainAccount = 'database-key';

interface KeyringEntry {
  getPassword(): string | null;
  setPassword(password: string): void;
}

interface KeyringModule {
  Entry: new (service: string, account: string, options?: { linux?: { store?: 'secret-service' | 'keyutils' } }) => KeyringEntry;
}

/**
 * The system keychain. On Linux the Secret Service is required: @napi-rs/keyring would otherwise
 * fall back to the kernel keyring (keyutils), which forgets its keys at logout or reboot, and a
 * forgotten key is a lost database. Where there is no Secret Service (a headless Linux, an SSH
 * session without D-Bus) every call throws and the key file is used instead.
 */
export function systemKeychain(): Keychain {
  let entry: KeyringEntry | undefined;
  // Loaded on first use: a platform without a prebuilt keyring binary makes the keychain
  // unavailable (the key file is used), it does not stop Baton from starting.
  const open = (): KeyringEntry => {
    if (entry) return entry;
    const { Entry } = createRequire(import.meta.url)('@napi-rs/keyring') as KeyringModule;
    entry = new Entry(keychainService, keychainAccount, { linux: { store: 'secret-service' } });
    return entry;
  };
  return {
    read: () => open().getPassword(),
    write: (secret) => open().setPassword(secret),
  };
}

/** A keychain that is never there: BATON_KEYCHAIN=off, and tests that must not touch the person's keychain. */
export const absentKeychain: Keychain = {
  read: () => {
    throw new Error('The keychain is turned off (BATON_KEYCHAIN=off).');
  },
  write: () => {
    throw new Error('The keychain is turned off (BATON_KEYCHAIN=off).');
  },
};

/** The keychain this process uses: the system's, unless BATON_KEYCHAIN=off. */
export function keychainFor(environment: NodeJS.ProcessEnv = process.env): Keychain {
  return environment.BATON_KEYCHAIN === 'off' ? absentKeychain : systemKeychain();
}
