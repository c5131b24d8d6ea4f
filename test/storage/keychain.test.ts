import { afterEach, describe, expect, it } from 'vitest';
import { absentKeychain, keychainFor, systemKeychain } from '../../electron/core/storage/encryption/keychain.js';

/**
 * The keychain binding. Only reads: nothing is written to a real keychain by the tests.
 */

const savedBusAddress = process.env.DBUS_SESSION_BUS_ADDRESS;
afterEach(() => {
  if (savedBusAddress === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedBusAddress;
});

describe('the system keychain', () => {
  it.skipIf(process.platform !== 'linux')(
    'on Linux, without a Secret Service, fails instead of falling back to the kernel keyring (which forgets keys at reboot)',
    () => {
      process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/baton-test-bus';
      expect(() => systemKeychain().read()).toThrow();
    },
  );

  it('is skipped with BATON_KEYCHAIN=off', () => {
    expect(keychainFor({ BATON_KEYCHAIN: 'off' })).toBe(absentKeychain);
    expect(() => absentKeychain.read()).toThrow(/turned off/);
    expect(() => absentKeychain.write('x')).toThrow(/turned off/);
  });
});
