import { z } from 'zod';
import { entityTypes } from '../shared/privacy.js';

/** One OpenAI-compatible server (Ollama, LM Studio, llama-server, vLLM). */
export const compatibleServerSchema = z.object({
  /** Used in model ids: `compatible:NAME/MODEL`. Letters, digits, dot, dash, underscore. */
  name: z.string().regex(/^[A-Za-z0-9._-]+$/),
  baseUrl: z.string().url(),
  apiKey: z.string().optional(),
  /** Models to offer even when the server cannot be asked for its list. */
  models: z.array(z.string()).default([]),
});

export type CompatibleServer = z.infer<typeof compatibleServerSchema>;

/**
 * Everything a person can set. Stored in the settings table, one key per field; unset fields
 * take these defaults. Keys here override the SDKs' environment variables.
 */
export const settingsSchema = z.object({
  /** llama.cpp threads; 0 means "choose by measurement for this machine". */
  localThreads: z.number().int().min(0).max(256).default(0),
  /** Use the GPU when there is one; false forces the CPU. */
  localGpu: z.boolean().default(true),
  /** Seconds an unused local model stays in memory. */
  localIdleUnloadSeconds: z.number().int().min(1).default(300),
  /** Concurrent requests one local model serves (sequences of one context). */
  localSequences: z.number().int().min(1).max(16).default(4),
  /** Upper bound of a local model's context per request; the actual size is fitted to free memory. */
  localMaxContextSize: z.number().int().min(256).default(8192),
  /** The model `baton ask` uses when none is named; empty means "the first local model". */
  defaultModel: z.string().default(''),
  anthropicApiKey: z.string().optional(),
  anthropicBaseUrl: z.string().url().optional(),
  anthropicModels: z.array(z.string()).default(['claude-haiku-4-5', 'claude-sonnet-4-6']),
  openaiApiKey: z.string().optional(),
  openaiBaseUrl: z.string().url().optional(),
  openaiModels: z.array(z.string()).default(['gpt-4o-mini', 'gpt-4o']),
  compatibleServers: z
    .array(compatibleServerSchema)
    .refine((servers) => new Set(servers.map((server) => server.name)).size === servers.length, {
      message: 'Each OpenAI-compatible server needs a name of its own.',
    })
    .default([]),
  /** Retries of a retryable cloud error (429, 5xx, connection) with backoff. */
  cloudMaxRetries: z.number().int().min(0).max(10).default(2),
  cloudTimeoutSeconds: z.number().int().min(1).default(120),
  /** Cloud calls: 'ask' before each (default), never ('local-only'), or send redacted text unasked ('auto-allow-redacted', opt-in). */
  privacyPolicy: z.enum(['local-only', 'ask', 'auto-allow-redacted']).default('ask'),
  /** An unanswered consent request is denied after this long. */
  consentTimeoutSeconds: z.number().int().min(1).max(3600).default(120),
  /**
   * "Never redact" terms (a product name, your own company): whole words, any case. They release
   * names, places and organisations only; a card, an IBAN, a key or an e-mail address is never released.
   */
  allowList: z.array(z.string()).default([]),
  /** "Always redact" terms (a project codename, a client's name): whole words, any case, flagged as CUSTOM. */
  denyList: z.array(z.string()).default([]),
  /** Entity types the shield does not look for. */
  disabledEntityTypes: z.array(z.enum(entityTypes)).default([]),
  /** Which dates the shield redacts: birth dates only (default), dates tied to a person, or all dates. */
  redactDates: z.enum(['birth-dates', 'person-dates', 'all-dates']).default('birth-dates'),
  /** Regions (ISO 3166 codes) whose national phone formats are read; empty: the OS locale's, then US, GB, DE, FR. */
  phoneRegions: z.array(z.string().regex(/^[A-Z]{2}$/)).default([]),
  /** A local NER model folder; unset means the first one installed under `<dataDir>/ner/`. */
  nerModelPath: z.string().optional(),
  /** The router's one preference: 0 = cheapest that will do, 1 = best quality whatever it costs. */
  qualityCostPreference: z.number().min(0).max(1).default(0.5),
  /** Prefer on-device models when they are likely good enough. */
  preferLocal: z.boolean().default(true),
  /** US dollars a day for cloud calls; over it everything runs locally. Empty (null) for no limit. */
  dailyBudgetUsd: z.number().min(0).nullable().default(1),
  /**
   * Shadow learning: while the computer is idle, a local model answers again some questions a
   * cloud model answered, so that routing learns where local would have done. Nothing leaves this
   * machine; it uses this computer's time and power.
   */
  shadowLearning: z
    .boolean()
    .default(false)
    .describe('While the computer is idle, a local model answers again some questions a cloud model answered, so that routing learns where local would have done. Nothing leaves this computer.'),
  /** Offline: nothing leaves this machine, every feature runs on local models. */
  offline: z.boolean().default(false),
  /** The model that plans requests into subtasks; empty means the strongest local model. */
  plannerModelId: z.string().default(''),
  /** A model that scores results with a rubric; empty means heuristics only. */
  judgeModelId: z.string().default(''),
  /** The most subtasks one plan may have. */
  maxSubtasks: z.number().int().min(1).max(12).default(6),
  /** The longest answer, in tokens; a longer one stops there, says so, and can be continued. Each model's own limit still applies. */
  maxAnswerTokens: z.number().int().min(16).max(1_000_000).default(1024),
  /** A subtask that takes longer is stopped and counted as failed. */
  subtaskTimeoutSeconds: z.number().int().min(5).default(120),
  /** A cloud rate limit that lifts later than this is not waited for: another model answers, or the error says when it lifts. */
  rateLimitMaxWaitSeconds: z.number().int().min(0).default(30),
  /** Whether the router may send text with detected personal data to the cloud, redacted and with consent. */
  sensitiveDataInCloud: z.enum(['never', 'redacted']).default('never'),
  /** Put before every conversation; empty for none. */
  systemPrompt: z.string().default(''),
});

export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = settingsSchema.parse({});
