import type OpenAI from 'openai';
import { DEFAULT_MAX_RETRY_WAIT_MS, fetchWithRetryWaitLimit } from '../retry-wait-limit.js';

/**
 * The OpenAI SDK is loaded when a client is first made: it costs about 15 MB, which a process that
 * never calls OpenAI or a compatible server (`baton scan`) should not pay. Its error classes come
 * from 'openai/error', which is small, so error mapping needs no load.
 */
let loading: Promise<typeof OpenAI> | undefined;

export interface OpenAIClientSettings {
  apiKey: string;
  baseURL: string;
  maxRetries: number;
  timeoutMs: number;
  maxRetryWaitMs: number | undefined;
  /** Headers every request carries (`Authorization: null` sends none). */
  defaultHeaders?: Record<string, string | null>;
}

/**
 * An OpenAI client for OpenAI or a compatible server. Every value the SDK would otherwise read
 * from the environment (OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID, ...) is passed
 * explicitly, so only Baton's settings count, and nothing of OpenAI's account reaches another server.
 */
export async function createOpenAIClient(settings: OpenAIClientSettings): Promise<OpenAI> {
  loading ??= import('openai').then((module) => module.default);
  const OpenAIClient = await loading;
  return new OpenAIClient({
    apiKey: settings.apiKey,
    baseURL: settings.baseURL,
    ...(settings.defaultHeaders ? { defaultHeaders: settings.defaultHeaders } : {}),
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    maxRetries: settings.maxRetries,
    timeout: settings.timeoutMs,
    fetch: fetchWithRetryWaitLimit(settings.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS),
  });
}
