import { z } from 'zod';
import type { PrivacyPolicy } from '../../shared/privacy.js';
import type { PrivacyState, SettingsView } from '../../shared/api.js';
import { BatonError } from '../../shared/errors.js';
import { settingsSchema, type Settings } from '../settings.js';
import type { SettingsRepository } from '../storage/settings-repository.js';
import type { SecretStore } from './secret-store.js';

/**
 * Settings as the API sees them: stored in the settings table, validated as a whole by the
 * settings schema, with API keys write-only. Keys live in a SecretStore when the host has one (the
 * OS keychain in Electron), else in the settings table, where the CLI reads them too.
 */
export class SettingsStore {
  constructor(
    private readonly repository: () => SettingsRepository,
    private readonly secrets: SecretStore | undefined,
  ) {}

  /** The settings as stored, secrets included: what Baton runs with (the caller parses). */
  stored(): Record<string, unknown> {
    const stored = this.settingRows();
    return this.secrets ? withSecrets(stored, this.secrets.all()) : stored;
  }

  /** The settings with defaults applied and secrets included. */
  current(): Settings {
    return settingsSchema.parse(this.stored());
  }

  /** The view without what only a running Baton knows (its entity detectors, NER and embedding models, database): the service adds those. */
  view(): Omit<SettingsView, 'entityDetectors' | 'nerModels' | 'embeddingModels' | 'databaseEncryption'> {
    const settings = this.current() as Record<string, unknown>;
    return {
      values: withoutSecrets(settings),
      secrets: secretStatuses(settings),
      schema: settingsJsonSchema(),
      privacy: this.privacy(),
      secretStorage: this.secrets?.kind ?? 'database',
    };
  }

  /**
   * Applies a patch: the result must pass the settings schema as a whole, or nothing is written.
   * Secret fields: a string sets, null or "" clears, absent keeps (inside compatibleServers by name).
   */
  update(patch: Record<string, unknown>): void {
    const known = settingsShapeKeys();
    const unknownKeys = Object.keys(patch).filter((key) => !known.has(key));
    if (unknownKeys.length > 0) {
      throw new BatonError('invalid-request', `Unknown settings: ${unknownKeys.join(', ')}.`);
    }
    const before = this.stored();
    const next: Record<string, unknown> = { ...before };
    for (const [key, value] of Object.entries(patch)) {
      if (key === 'compatibleServers' && Array.isArray(value)) {
        next[key] = keepServerKeys(value, before[key]);
      } else if (value === null || value === undefined || (isSecretKey(key) && value === '')) {
        delete next[key];
      } else {
        next[key] = value;
      }
    }
    const parsed = settingsSchema.safeParse(next);
    if (!parsed.success) {
      throw new BatonError('invalid-request', `These settings are not valid:\n${z.prettifyError(parsed.error)}`);
    }
    this.write(Object.keys(patch), next);
  }

  /**
   * Only the rows that are settings: the schema's fields and the privacy switches. The same table
   * holds one vault per conversation and every conversation's consent grants; reading and parsing
   * all of it, several times for each message, made each message slower as conversations piled
   * up (found after the soak: 10 ms a message at 1,000 conversations, 59 ms at 5,000, on the event loop).
   */
  private settingRows(): Record<string, unknown> {
    const fields = privacyFields();
    return this.repository().many([...settingsShapeKeys(), fields.policy, fields.offline]);
  }

  privacy(): PrivacyState {
    const fields = privacyFields();
    const settings = this.current() as Record<string, unknown>;
    const raw = this.settingRows();
    const policyValue = fields.policyInSchema ? settings[fields.policy] : raw[fields.policy];
    const offlineValue = fields.offlineInSchema ? settings[fields.offline] : raw[fields.offline];
    const policy = z.enum(['local-only', 'ask', 'auto-allow-redacted']).safeParse(policyValue);
    return {
      policy: policy.success ? policy.data : 'ask',
      offline: offlineValue === true,
      // Known to the conductor only: the service fills it in.
      networkUnreachable: null,
      pausedProviders: [],
      policySettingKey: fields.policy,
      offlineSettingKey: fields.offline,
    };
  }

  updatePrivacy(change: { policy?: PrivacyPolicy; offline?: boolean }): void {
    const fields = privacyFields();
    const patch: Record<string, unknown> = {};
    const raw: Record<string, unknown> = {};
    if (change.policy !== undefined) (fields.policyInSchema ? patch : raw)[fields.policy] = change.policy;
    if (change.offline !== undefined) (fields.offlineInSchema ? patch : raw)[fields.offline] = change.offline;
    if (Object.keys(patch).length > 0) this.update(patch);
    // Until the settings schema has these fields, they are kept under their own keys (the schema ignores them).
    for (const [key, value] of Object.entries(raw)) this.repository().set(key, value);
  }

  private write(keys: string[], next: Record<string, unknown>): void {
    const repository = this.repository();
    for (const key of keys) {
      if (this.secrets && isSecretKey(key)) {
        const value = next[key];
        if (typeof value === 'string' && value.trim() !== '') this.secrets.set(key, value);
        else this.secrets.delete(key);
        repository.delete(key);
        continue;
      }
      let value = next[key];
      if (this.secrets && key === 'compatibleServers' && Array.isArray(value)) {
        value = this.moveServerKeysToSecrets(value);
      }
      if (value === undefined) repository.delete(key);
      else repository.set(key, value);
    }
  }

  private moveServerKeysToSecrets(servers: unknown[]): unknown[] {
    const secrets = this.secrets!;
    const names = new Set<string>();
    const result = servers.map((server) => {
      if (!isRecord(server)) return server;
      const name = String(server.name);
      names.add(name);
      const { apiKey, ...rest } = server;
      if (typeof apiKey === 'string' && apiKey.trim() !== '') secrets.set(serverSecretKey(name), apiKey);
      else secrets.delete(serverSecretKey(name));
      return rest;
    });
    for (const key of Object.keys(secrets.all())) {
      const match = /^compatibleServers\.(.+)\.apiKey$/.exec(key);
      if (match && !names.has(match[1]!)) secrets.delete(key);
    }
    return result;
  }
}

/** What createBaton must lay over the settings table when keys are kept in a SecretStore. */
export function secretOverridesOf(secrets: SecretStore, stored: Record<string, unknown>): Partial<Settings> {
  const secretValues = secrets.all();
  if (Object.keys(secretValues).length === 0) return {};
  const merged = settingsSchema.safeParse(withSecrets(stored, secretValues));
  if (!merged.success) return {};
  const overrides: Record<string, unknown> = {};
  for (const key of Object.keys(secretValues)) {
    const topKey = key.split('.')[0]!;
    overrides[topKey] = (merged.data as Record<string, unknown>)[topKey];
  }
  return overrides as Partial<Settings>;
}

const secretPattern = /(apiKey|secret|password|accessToken)$/i;

export function isSecretKey(key: string): boolean {
  return secretPattern.test(key);
}

function serverSecretKey(name: string): string {
  return `compatibleServers.${name}.apiKey`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A server entry without an apiKey keeps the key stored for the server of that name. */
function keepServerKeys(servers: unknown[], before: unknown): unknown[] {
  const previous = new Map<string, unknown>();
  if (Array.isArray(before)) {
    for (const server of before) if (isRecord(server)) previous.set(String(server.name), server.apiKey);
  }
  return servers.map((server) => {
    if (!isRecord(server)) return server;
    if (!('apiKey' in server) || server.apiKey === undefined) {
      const kept = previous.get(String(server.name));
      return kept === undefined ? server : { ...server, apiKey: kept };
    }
    if (server.apiKey === null || server.apiKey === '') {
      const { apiKey: _cleared, ...rest } = server;
      return rest;
    }
    return server;
  });
}

function withSecrets(stored: Record<string, unknown>, secrets: Record<string, string>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(secrets)) {
    const server = /^compatibleServers\.(.+)\.apiKey$/.exec(key);
    if (server) {
      if (Array.isArray(result.compatibleServers)) {
        result.compatibleServers = result.compatibleServers.map((entry) =>
          isRecord(entry) && String(entry.name) === server[1] ? { ...entry, apiKey: value } : entry,
        );
      }
    } else {
      result[key] = value;
    }
  }
  return result;
}

function withoutSecrets(settings: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (isSecretKey(key)) continue;
    if (key === 'compatibleServers' && Array.isArray(value)) {
      result[key] = value.map((server) => {
        if (!isRecord(server)) return server;
        const { apiKey: _hidden, ...rest } = server;
        return rest;
      });
      continue;
    }
    result[key] = value;
  }
  return result;
}

function secretStatuses(settings: Record<string, unknown>): SettingsView['secrets'] {
  const statuses: SettingsView['secrets'] = [];
  for (const key of settingsShapeKeys()) {
    if (isSecretKey(key)) statuses.push({ key, set: typeof settings[key] === 'string' && settings[key] !== '' });
  }
  const servers = settings.compatibleServers;
  if (Array.isArray(servers)) {
    for (const server of servers) {
      if (isRecord(server)) statuses.push({ key: serverSecretKey(String(server.name)), set: typeof server.apiKey === 'string' && server.apiKey !== '' });
    }
  }
  return statuses;
}

/** The fields the settings schema knows (read from its JSON form, so a wrapped schema works too). */
function settingsShapeKeys(): Set<string> {
  return new Set(Object.keys((settingsJsonSchema().properties ?? {}) as Record<string, unknown>));
}

let cachedJsonSchema: Record<string, unknown> | undefined;

/** The settings schema as JSON schema (input side: defaults shown, optional fields optional). */
export function settingsJsonSchema(): Record<string, unknown> {
  cachedJsonSchema ??= z.toJSONSchema(settingsSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return cachedJsonSchema;
}

interface PrivacyFields {
  policy: string;
  policyInSchema: boolean;
  offline: string;
  offlineInSchema: boolean;
}

/**
 * Where the privacy policy and the offline switch live: the settings fields of that shape once the
 * schema has them (an enum with 'local-only' and 'ask'; a boolean named offline...), else the keys
 * `privacyPolicy` and `offline`, which the settings schema ignores.
 */
export function privacyFields(): PrivacyFields {
  const properties = (settingsJsonSchema().properties ?? {}) as Record<string, { type?: unknown; enum?: unknown }>;
  let policy: string | undefined;
  let offline: string | undefined;
  for (const [key, property] of Object.entries(properties)) {
    if (!policy && Array.isArray(property.enum) && property.enum.includes('local-only') && property.enum.includes('ask')) policy = key;
    if (!offline && property.type === 'boolean' && /^offline/i.test(key)) offline = key;
  }
  return {
    policy: policy ?? 'privacyPolicy',
    policyInSchema: policy !== undefined,
    offline: offline ?? 'offline',
    offlineInSchema: offline !== undefined,
  };
}
