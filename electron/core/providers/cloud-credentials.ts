import type { Settings } from '../settings.js';

export interface CloudCredential {
  apiKey?: string;
  baseURL?: string;
}

export interface CloudCredentials {
  anthropic: CloudCredential;
  openai: CloudCredential;
}

type CredentialSettings = Pick<Settings, 'anthropicApiKey' | 'anthropicBaseUrl' | 'openaiApiKey' | 'openaiBaseUrl'>;

/**
 * The keys and base URLs the cloud providers use: a value in Settings wins over the SDKs' usual
 * environment variables. The result is passed to the SDK clients explicitly, so the SDKs never
 * read the environment themselves (and a test's environment cannot leak in by accident).
 */
export function resolveCloudCredentials(settings: CredentialSettings, environment: NodeJS.ProcessEnv): CloudCredentials {
  return {
    anthropic: credential(settings.anthropicApiKey ?? environment['ANTHROPIC_API_KEY'], settings.anthropicBaseUrl ?? environment['ANTHROPIC_BASE_URL']),
    openai: credential(settings.openaiApiKey ?? environment['OPENAI_API_KEY'], settings.openaiBaseUrl ?? environment['OPENAI_BASE_URL']),
  };
}

function credential(apiKey: string | undefined, baseURL: string | undefined): CloudCredential {
  const result: CloudCredential = {};
  // An empty or blank value (an unset field saved as "", `export OPENAI_API_KEY=`) means "none".
  const key = apiKey?.trim();
  const url = baseURL?.trim();
  if (key) result.apiKey = key;
  if (url) result.baseURL = url;
  return result;
}
