import { randomBytes } from 'node:crypto';
import type { SettingsRepository } from '../../core/storage/settings-repository.js';

/** Where the token is kept: the settings table of the encrypted database, beside the API keys. */
const tokenKey = 'gatewayToken';

/**
 * The bearer token clients of the gateway must send: BATON_GATEWAY_TOKEN when set, else the one
 * made for this installation on the first start (kept, so clients keep working after a restart).
 */
export function gatewayToken(settings: SettingsRepository, environment: NodeJS.ProcessEnv = process.env): string {
  const given = environment.BATON_GATEWAY_TOKEN?.trim();
  if (given) return given;
  const stored = settings.get(tokenKey);
  if (typeof stored === 'string' && stored.length >= 32) return stored;
  const made = `baton-${randomBytes(24).toString('base64url')}`;
  settings.set(tokenKey, made);
  return made;
}
