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
  localThreads: z
    .number()
    .int()
    .min(0)
    .max(256)
    .default(0)
    .describe('How many processor threads a local model uses. 0 lets Baton choose by measuring this computer (it leaves a core free for the app).'),
  /** Use the GPU when there is one; false forces the CPU. */
  localGpu: z
    .boolean()
    .default(true)
    .describe('Run local models on the graphics card when this computer has a supported one; off keeps them on the processor.'),
  /** Seconds an unused local model stays in memory. */
  localIdleUnloadSeconds: z
    .number()
    .int()
    .min(1)
    .default(300)
    .describe('A local model nobody has used for this many seconds is taken out of memory; the next question loads it again.'),
  /** Concurrent requests one local model serves (sequences of one context). */
  localSequences: z
    .number()
    .int()
    .min(1)
    .max(16)
    .default(4)
    .describe('How many answers one local model may write at the same time. More uses more memory.'),
  /** Upper bound of a local model's context per request; the actual size is fitted to free memory. */
  localMaxContextSize: z
    .number()
    .int()
    .min(256)
    .default(8192)
    .describe('The most tokens of conversation a local model reads at once; Baton uses less when memory is short.'),
  /** The model `baton ask` uses when none is named; empty means "the first local model". */
  defaultModel: z
    .string()
    .default('')
    .describe('The model that answers when a conversation has none chosen. Empty: the first local model.'),
  anthropicApiKey: z.string().optional(),
  anthropicBaseUrl: z
    .string()
    .url()
    .optional()
    .describe('Only for a proxy or gateway in front of Anthropic; leave empty for Anthropic itself.'),
  anthropicModels: z
    .array(z.string())
    .default(['claude-haiku-4-5', 'claude-sonnet-4-6'])
    .describe('The Claude models Baton may use, one name per line.'),
  openaiApiKey: z.string().optional(),
  openaiBaseUrl: z
    .string()
    .url()
    .optional()
    .describe('Only for a proxy or gateway in front of OpenAI; leave empty for OpenAI itself.'),
  openaiModels: z
    .array(z.string())
    .default(['gpt-4o-mini', 'gpt-4o'])
    .describe('The OpenAI models Baton may use, one name per line.'),
  compatibleServers: z
    .array(compatibleServerSchema)
    .refine((servers) => new Set(servers.map((server) => server.name)).size === servers.length, {
      message: 'Each OpenAI-compatible server needs a name of its own.',
    })
    .default([])
    .describe('Servers that speak the OpenAI API, such as Ollama, LM Studio or vLLM; one on this computer or your network counts as local.'),
  /** Retries of a retryable cloud error (429, 5xx, connection) with backoff. */
  cloudMaxRetries: z
    .number()
    .int()
    .min(0)
    .max(10)
    .default(2)
    .describe('How many times a cloud call that failed for a passing reason (busy, rate limit, dropped connection) is tried again.'),
  cloudTimeoutSeconds: z
    .number()
    .int()
    .min(1)
    .default(120)
    .describe('A cloud call that takes longer than this many seconds is stopped.'),
  /** Cloud calls: 'ask' before each (default), never ('local-only'), or send redacted text unasked ('auto-allow-redacted', opt-in). */
  privacyPolicy: z
    .enum(['local-only', 'ask', 'auto-allow-redacted'])
    .default('ask')
    .describe('Whether cloud models are never used, used after you agree to the exact redacted text, or used with redacted text without asking.'),
  /** An unanswered consent request is denied after this long. */
  consentTimeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(120)
    .describe('A question about sending text to the cloud that gets no answer within this many seconds counts as Deny.'),
  /**
   * "Never redact" terms (a product name, your own company): whole words, any case. They release
   * names, places and organisations only; a card, an IBAN, a key or an e-mail address is never released.
   */
  allowList: z
    .array(z.string())
    .default([])
    .describe('Words the shield never hides, such as your product or your own company. They release names, places and organisations only, never a card number, an IBAN, a key or an e-mail address.'),
  /** "Always redact" terms (a project codename, a client's name): whole words, any case, flagged as CUSTOM. */
  denyList: z
    .array(z.string())
    .default([])
    .describe("Words the shield always hides, such as a project code name or a client's name, whole words in any case."),
  /** Entity types the shield does not look for. */
  disabledEntityTypes: z
    .array(z.enum(entityTypes))
    .default([])
    .describe('Kinds of personal data the shield does not look for. Everything is looked for unless you turn it off here.'),
  /** Which dates the shield redacts: birth dates only (default), dates tied to a person, or all dates. */
  redactDates: z
    .enum(['birth-dates', 'person-dates', 'all-dates'])
    .default('birth-dates')
    .describe('Which dates the shield hides: birth dates only, every date said about a person, or all dates.'),
  /** Regions (ISO 3166 codes) whose national phone formats are read; empty: the OS locale's, then US, GB, DE, FR. */
  phoneRegions: z
    .array(z.string().regex(/^[A-Z]{2}$/))
    .default([])
    .describe("Countries whose phone number formats the shield reads. Empty: this computer's country, then the US, UK, Germany and France."),
  /** A local NER model folder; unset means the first one installed under `<dataDir>/ner/`. */
  nerModelPath: z
    .string()
    .optional()
    .describe('A folder with a downloaded name-finding model to use beside the built-in one. Empty: the one installed from this page, if any.'),
  /** The router's one preference: 0 = cheapest that will do, 1 = best quality whatever it costs. */
  qualityCostPreference: z
    .number()
    .min(0)
    .max(1)
    .default(0.5)
    .describe('Left: the cheapest model that will do. Right: the best answer whatever it costs.'),
  /** Prefer on-device models when they are likely good enough. */
  preferLocal: z
    .boolean()
    .default(true)
    .describe('Answer on this computer whenever a local model is likely to be good enough.'),
  /** US dollars a day for cloud calls; over it everything runs locally. Empty (null) for no limit. */
  dailyBudgetUsd: z
    .number()
    .min(0)
    .nullable()
    .default(1)
    .describe('The most Baton spends on cloud models in a day, in US dollars; past it, everything runs on this computer. Empty for no limit.'),
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
  offline: z
    .boolean()
    .default(false)
    .describe('Nothing leaves this computer: only local models answer.'),
  /** The model that plans requests into subtasks; empty means the strongest local model. */
  plannerModelId: z
    .string()
    .default('')
    .describe('The model that splits a request into steps. Empty: the strongest local model.'),
  /** A model that scores results with a rubric; empty means heuristics only. */
  judgeModelId: z
    .string()
    .default('')
    .describe("A model that grades answers before they are kept. Empty: Baton's own checks only, no extra model call."),
  /** The most subtasks one plan may have. */
  maxSubtasks: z
    .number()
    .int()
    .min(1)
    .max(12)
    .default(6)
    .describe('The most steps one request is split into.'),
  /** The longest answer, in tokens; a longer one stops there, says so, and can be continued. Each model's own limit still applies. */
  maxAnswerTokens: z
    .number()
    .int()
    .min(16)
    .max(1_000_000)
    .default(1024)
    .describe('The longest answer, in tokens (about ¾ of a word each). A longer one stops there, says so, and can be continued.'),
  /** A subtask that takes longer is stopped and counted as failed. */
  subtaskTimeoutSeconds: z
    .number()
    .int()
    .min(5)
    .default(120)
    .describe('A step that takes longer than this many seconds is stopped and counted as failed.'),
  /** A cloud rate limit that lifts later than this is not waited for: another model answers, or the error says when it lifts. */
  rateLimitMaxWaitSeconds: z
    .number()
    .int()
    .min(0)
    .default(30)
    .describe('When a cloud provider asks Baton to wait longer than this many seconds, another model answers instead, or you are told when the limit lifts.'),
  /** Whether the router may send text with detected personal data to the cloud, redacted and with consent. */
  sensitiveDataInCloud: z
    .enum(['never', 'redacted'])
    .default('never')
    .describe('Whether a question with personal data found in it may go to a cloud model at all, redacted and with your consent, or always stays on this computer.'),
  /** Put before every conversation; empty for none. */
  systemPrompt: z
    .string()
    .default('')
    .describe('Instructions put before every conversation, such as the tone or language you want. Empty for none.'),
});

export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = settingsSchema.parse({});
