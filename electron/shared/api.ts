import { z } from 'zod';
import type { Conversation, ConversationDocument, Message, OutcomeSummary, Run, Subtask } from './domain.js';
import type { BatonErrorCode, SerializedError } from './errors.js';
import type { RunEvent } from './events.js';
import type { ModelListing } from './language-model.js';
import { entityTypes, sensitiveTopics, type ConsentEdits, type ConsentPlaceholder, type ConsentPreview, type ConsentRequest } from './privacy.js';

/**
 * The typed API between the UI and Baton: one schema per request and response, and the events
 * the server pushes. Every transport (Electron IPC, the WebSocket of `baton serve`, tests in
 * memory) carries exactly these shapes, and every incoming payload is parsed with them.
 */

const id = z.string().min(1).max(200);
const isoTime = z.string();

// ---------------------------------------------------------------------------------------------
// Domain shapes (mirrors of domain.ts, checked against it at the bottom of this file).

const serializedErrorSchema = z.object({
  name: z.string(),
  code: z.string() as z.ZodType<BatonErrorCode>,
  message: z.string(),
  retryable: z.boolean(),
});

export const conversationSchema = z.object({ id, title: z.string(), createdAt: isoTime, updatedAt: isoTime, pinned: z.boolean(), modelId: z.string().nullable(), maxAnswerTokens: z.number().int().positive().nullable() });

/**
 * A conversation as the window lists it: with `maskedTitle`, the title with every value the shield
 * finds replaced by its kind (shown by default), and `source`, who asked when it was not this app
 * (its first run's source, e.g. `gateway: OpenAI/JS 6.49.0`), else null.
 */
export const conversationViewSchema = conversationSchema.extend({ maskedTitle: z.string(), source: z.string().max(300).nullable() });

/** A caller's name for one documents.add, unique among its own uploads. */
const uploadIdSchema = z.string().min(1).max(100).regex(/^[\w.-]+$/, 'letters, digits, dot, dash and underscore');

/** How far the indexing of one upload is: read (parsed and chunked), then each passage scanned by the shield. */
export const documentProgressSchema = z.object({
  uploadId: uploadIdSchema,
  stage: z.enum(['parsed', 'scanned']),
  /** Passages scanned so far (0 once parsed). */
  done: z.number().int().min(0),
  chunkCount: z.number().int().min(0),
  pageCount: z.number().int().optional(),
});

export const conversationDocumentSchema = z.object({
  id,
  conversationId: id,
  name: z.string(),
  kind: z.string(),
  title: z.string().optional(),
  pageCount: z.number().int().optional(),
  contentHash: z.string(),
  byteCount: z.number().int(),
  chunkCount: z.number().int(),
  addedAt: isoTime,
});

const citedPassageSchema = z.object({ label: z.string(), document: z.string(), page: z.number().int().nullable(), text: z.string() });
export const messageCitationsSchema = z.object({ from: z.enum(['answer', 'retrieval']), passages: z.array(citedPassageSchema) });

export const messageSchema = z.object({
  id,
  conversationId: id,
  role: z.enum(['user', 'assistant', 'system']),
  content: z.string(),
  status: z.enum(['complete', 'streaming', 'incomplete', 'failed']),
  runId: id.nullable(),
  modelId: z.string().nullable(),
  citations: messageCitationsSchema.nullable(),
  supersededBy: id.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const runSchema = z.object({
  id,
  conversationId: id,
  userMessageId: id,
  assistantMessageId: id,
  status: z.enum(['running', 'finished', 'failed', 'cancelled', 'interrupted']),
  startedAt: isoTime,
  finishedAt: isoTime.nullable(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  error: serializedErrorSchema.nullable(),
  finishReason: z.enum(['stop', 'length', 'aborted', 'content-filter', 'error', 'tool-calls']).nullable(),
  source: z.string().max(300).nullable(),
});

export const subtaskSchema = z.object({
  id,
  runId: id,
  key: z.string(),
  instruction: z.string(),
  kind: z.string(),
  difficulty: z.number(),
  dependsOn: z.array(z.string()),
  modelId: z.string().nullable(),
  reason: z.string().nullable(),
  status: z.enum(['pending', 'running', 'finished', 'failed', 'cancelled']),
  result: z.string().nullable(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  startedAt: isoTime.nullable(),
  finishedAt: isoTime.nullable(),
});

export const outcomeSummarySchema = z.object({
  modelId: z.string(),
  kind: z.string(),
  count: z.number(),
  successCount: z.number(),
  successRate: z.number(),
  averageScore: z.number().nullable(),
  totalCostUsd: z.number(),
});

const redactionCountSchema = z.object({ type: z.enum(entityTypes), count: z.number().int().nonnegative() });

const consentPayloadSchema = z.array(z.object({ role: z.enum(['system', 'user', 'assistant', 'tool']), content: z.string() }));

export const consentPlaceholderSchema = z.object({
  placeholder: z.string(),
  type: z.enum(entityTypes),
  value: z.string(),
  releasable: z.boolean(),
});

export const consentRequestSchema = z.object({
  id,
  conversationId: z.string(),
  provider: z.string(),
  modelId: z.string(),
  payload: consentPayloadSchema,
  placeholders: z.array(consentPlaceholderSchema),
  estimatedCostUsd: z.number(),
  redactions: z.array(redactionCountSchema),
  sensitiveTopics: z.array(z.enum(sensitiveTopics)),
  warnings: z.array(z.string()),
  images: z.array(z.object({ mediaType: z.string(), bytes: z.number().int().nonnegative() })),
});

export const privacyPolicySchema = z.enum(['local-only', 'ask', 'auto-allow-redacted']);
export const consentDecisionSchema = z.enum(['allow-once', 'allow-conversation', 'deny']);

/** The most terms of each kind one consent answer may carry, and the longest term. */
export const consentEditLimits = { terms: 100, termLength: 500 } as const;

const redactTerm = z
  .string()
  .max(consentEditLimits.termLength)
  .transform((term) => term.trim())
  .refine((term) => term.length > 0, 'A term to redact must not be empty.');
/** A released value is compared with the placeholder's value exactly, so it is not trimmed. */
const releasedValue = z.string().min(1).max(consentEditLimits.termLength);

/** The person's edits of a consent payload (see ConsentEdits): bounded, so an answer stays small. */
export const consentEditsSchema = z
  .object({
    redact: z.array(redactTerm).max(consentEditLimits.terms).default([]),
    release: z.array(releasedValue).max(consentEditLimits.terms).default([]),
  })
  .strict();

export const consentPreviewSchema = z.object({
  payload: consentPayloadSchema,
  placeholders: z.array(consentPlaceholderSchema),
  redactions: z.array(redactionCountSchema),
  estimatedCostUsd: z.number(),
});

const modelListingSchema = z.object({
  id: z.string(),
  provider: z.string(),
  name: z.string(),
  displayName: z.string(),
  locality: z.enum(['on-device', 'private-network', 'cloud']),
  contextWindow: z.number(),
  pricing: z.object({ inputPerMTok: z.number(), outputPerMTok: z.number() }),
  available: z.boolean(),
  unavailableReason: z.string().optional(),
});

// ---------------------------------------------------------------------------------------------
// Composite responses.

/** A run with its subtasks and, for runs of this process, the events that are not stored (escalations, redactions, notices). */
export const runDetailSchema = runSchema.extend({
  subtasks: z.array(subtaskSchema),
  /** Events kept in memory while the app runs (deltas left out); empty for runs of an earlier session. */
  events: z.array(z.custom<RunEvent>(isRunEventShape)),
});

export const conversationDetailSchema = z.object({
  conversation: conversationSchema,
  messages: z.array(messageSchema),
  runs: z.array(runDetailSchema),
});

export const catalogModelSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  fileName: z.string(),
  bytes: z.number(),
  quantization: z.string(),
  parameters: z.string(),
  contextLength: z.number(),
  license: z.string(),
  minRamGiB: z.number(),
  downloaded: z.boolean(),
  /** Bytes of an interrupted download that the next pull resumes from; 0 when there is none. */
  partialBytes: z.number(),
  downloading: z.boolean(),
});

export const downloadedModelSchema = z.object({
  /** The catalog id, or the file name without `.gguf`; `local:ID` is its model id. */
  id: z.string(),
  fileName: z.string(),
  bytes: z.number(),
  fromCatalog: z.boolean(),
  loaded: z.boolean(),
});

export const runtimeInfoSchema = z.object({
  backend: z.string(),
  gpuRequested: z.boolean(),
  cpuFallbackReason: z.string().nullable(),
  loadedModels: z.array(
    z.object({
      path: z.string(),
      backend: z.string(),
      gpuLayers: z.number(),
      totalLayers: z.number(),
      contextSize: z.number(),
      sequences: z.number(),
      threads: z.number(),
      threadReason: z.string(),
    }),
  ),
});

export const modelsOverviewSchema = z.object({
  /** Every model that can be named in chat.send: downloaded local ones and configured cloud ones. */
  listings: z.array(modelListingSchema),
  catalog: z.array(catalogModelSchema),
  downloaded: z.array(downloadedModelSchema),
  /** Null when llama.cpp could not be loaded; `runtimeError` says why. */
  runtime: runtimeInfoSchema.nullable(),
  runtimeError: z.string().nullable(),
  modelsDir: z.string(),
  /** This machine's memory (RAM), in bytes: what a local model must fit in. */
  memoryBytes: z.number().int().nonnegative(),
});

export const downloadStateSchema = z.object({
  modelId: z.string(),
  state: z.enum(['downloading', 'finished', 'cancelled', 'failed']),
  receivedBytes: z.number(),
  totalBytes: z.number().nullable(),
  bytesPerSecond: z.number(),
  error: serializedErrorSchema.nullable(),
});

export const secretStatusSchema = z.object({
  /** `anthropicApiKey`, or `compatibleServers.NAME.apiKey` for a server's key. */
  key: z.string(),
  set: z.boolean(),
});

export const privacyStateSchema = z.object({
  policy: privacyPolicySchema,
  /** The person's offline switch. */
  offline: z.boolean(),
  /** Why Baton is offline on its own (a cloud call could not reach the network), or null. */
  networkUnreachable: z.string().nullable(),
  /** Cloud providers paused by their circuit breaker after failures in a row, each with the reason (the others go on). */
  pausedProviders: z.array(z.object({ provider: z.string(), reason: z.string() })),
  /** The settings fields that hold them (found in the settings schema by shape), or the keys used until such fields exist. */
  policySettingKey: z.string(),
  offlineSettingKey: z.string(),
});

/** One detector of names, places and organisations the shield runs, and what it covers. */
export const entityDetectorSchema = z.object({
  /** The shipped entity classifier (always there), or an installed NER model beside it. */
  kind: z.enum(['entity-classifier', 'ner-model']),
  /** The folder it loads from. */
  path: z.string(),
  /** The entity types it finds. */
  covers: z.array(z.enum(entityTypes)),
  /** Why it cannot run (files missing); cloud calls are then blocked. Null when its files are there. */
  problem: z.string().nullable(),
});

/** One NER model of the shield's catalog (models/ner-catalog.json) that Settings can install with models.pull. */
export const nerModelListingSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  license: z.string(),
  languages: z.array(z.string()),
  /** Approximate download size of its ONNX file. */
  bytes: z.number(),
  /** `<dataDir>/ner/<id>/` holds a loadable model. */
  installed: z.boolean(),
  /** The shield runs this one, beside the shipped classifier. */
  active: z.boolean(),
  downloading: z.boolean(),
});

/** An embedding model of document search's catalog: `installed` when `<dataDir>/embeddings/<id>/` holds it, `active` when document search uses it. */
export const embeddingModelListingSchema = nerModelListingSchema;

export const settingsViewSchema = z.object({
  /** The stored settings with defaults applied; API keys are never included. */
  values: z.record(z.string(), z.unknown()),
  /** Which API keys are set: write-only values are reported as set or not set, nothing more. */
  secrets: z.array(secretStatusSchema),
  /** The JSON schema of the settings (from the settings schema), so a UI can show fields it does not know yet. */
  schema: z.record(z.string(), z.unknown()),
  privacy: privacyStateSchema,
  /** Where API keys are kept: the OS keychain (Electron's safeStorage) or the settings database. */
  secretStorage: z.enum(['os-keychain', 'database']),
  /** The detectors of names, places and organisations the privacy shield runs. */
  entityDetectors: z.array(entityDetectorSchema),
  /** The NER models the shield can install (models.pull ID); an installed one runs beside the classifier. */
  nerModels: z.array(nerModelListingSchema),
  /** Embedding models for document search; without one installed, documents are searched by keyword alone. */
  embeddingModels: z.array(embeddingModelListingSchema),
  /**
   * The database is encrypted at rest; where its key is kept: the OS keychain, or a key file where
   * no keychain works (notice says what that means). Null for a database in memory (tests).
   */
  databaseEncryption: z
    .object({ keyStorage: z.enum(['keychain', 'file']), keyFilePath: z.string(), notice: z.string().nullable() })
    .nullable(),
});

export const costDaySchema = z.object({
  /** YYYY-MM-DD (UTC). */
  day: z.string(),
  costUsd: z.number(),
  byModel: z.record(z.string(), z.number()),
  calls: z.number(),
});

export const shortcutStateSchema = z.object({
  /** An Electron accelerator, e.g. `CommandOrControl+Shift+Space`. */
  accelerator: z.string(),
  /** False when another application holds it (or in a browser, where there are no global shortcuts). */
  registered: z.boolean(),
  available: z.boolean(),
});

/** The ports the in-app gateway may listen on: not the privileged ones below 1024. */
export const gatewayPortSchema = z.number().int().min(1024).max(65535);

/** The privacy gateway run inside the app (Settings): whether it is on, where it listens, with which token. */
export const gatewayStateSchema = z.object({
  /** False where this host cannot run one (a service made without a gateway launcher). */
  available: z.boolean(),
  /** The person's switch; off by default. */
  enabled: z.boolean(),
  /** Where it listens (or would): 4141 unless changed. */
  port: gatewayPortSchema,
  /**
   * The person let other computers on the network connect (after a warning): it then listens on
   * every address of this computer, not only 127.0.0.1. Off by default.
   */
  network: z.boolean(),
  /** While it listens for other computers: the addresses they use (`http://192.168.1.20:4141`); else empty. */
  networkAddresses: z.array(z.string()),
  /** failed: switched on, but it could not listen; `error` says why (a port in use). */
  status: z.enum(['off', 'starting', 'listening', 'failed']),
  /** `http://127.0.0.1:PORT` while listening (this computer's own address for it), else null. */
  url: z.string().nullable(),
  /** The bearer token its clients send, while listening, else null. */
  token: z.string().nullable(),
  error: z.string().nullable(),
});

export const exportFormatSchema = z.enum(['markdown', 'json']);

// ---------------------------------------------------------------------------------------------
// The methods.

const empty = z.object({}).default({});

/** The longest chat message, in characters. */
export const maxMessageCharacters = 8_000_000;

export const attachmentSchema = z.object({
  name: z.string().min(1).max(255),
  /** The file's text; binary files are not attached as text. 4 MB of text at most. */
  text: z.string().max(4_000_000),
});

export const apiContract = {
  /** Starts a run in the background; its events follow as `run-event`. */
  'chat.send': {
    request: z.object({
      conversationId: id.optional(),
      // Up to 8 million characters: a long text is scanned off the event loop; longer belongs in a document.
      text: z.string().max(maxMessageCharacters, 'The message is longer than 8 million characters: attach it as a document instead.'),
      attachments: z.array(attachmentSchema).max(20).default([]),
      /** A provider-qualified model id; absent: the default model in Settings, else the first local model. */
      modelId: z.string().min(1).max(300).optional(),
      /**
       * The longest answer, in tokens. Like the model, it belongs to the conversation: its later
       * regenerations and edits use it too. Absent: the app-wide setting (maxAnswerTokens).
       */
      maxTokens: z.number().int().min(1).max(1_000_000).optional(),
      /**
       * Summarize or compare the conversation's documents whole (map-reduce over every passage,
       * a part at a time); `text`, when given, is what to attend to.
       */
      analysis: z.enum(['summarize', 'compare']).optional(),
    }),
    response: z.object({ runId: id, conversationId: id }),
  },
  /**
   * Answers the conversation's last question again, with another model when `modelId` is given
   * (else the conversation's). The old answer is kept as an earlier version, and counts as a soft
   * "down" for routing unless it was rated.
   */
  'chat.regenerate': {
    request: z.object({ runId: id, modelId: z.string().min(1).max(300).optional() }),
    response: z.object({ runId: id, conversationId: id }),
  },
  /** Replaces a sent question with new text and answers it; the old question and everything after it are kept as an earlier version. */
  'chat.edit': {
    request: z.object({
      messageId: id,
      text: z.string().max(maxMessageCharacters, 'The message is longer than 8 million characters: attach it as a document instead.'),
      attachments: z.array(attachmentSchema).max(20).default([]),
      modelId: z.string().min(1).max(300).optional(),
    }),
    response: z.object({ runId: id, conversationId: id }),
  },
  'chat.cancel': { request: z.object({ runId: id }), response: z.object({ cancelled: z.boolean() }) },
  /** Thumbs up (1) or down (-1) on the answer of a run, or null to take the rating back; `rated`: the outcomes it reached. */
  'chat.rate': {
    request: z.object({
      runId: id,
      rating: z.union([z.literal(1), z.literal(-1), z.null()]),
      /** One subtask of the run (its plan key, `s1`...), rated in the run view; without it, the whole answer. */
      subtaskKey: z.string().regex(/^[\w-]{1,40}$/, 'a plan key such as s1').optional(),
    }),
    response: z.object({ rated: z.number().int().nonnegative() }),
  },
  'conversations.list': {
    request: z.object({ search: z.string().max(500).optional() }).default({}),
    response: z.object({ conversations: z.array(conversationViewSchema) }),
  },
  /** Keeps a conversation at the top of the list, or lets it go back to its place by activity. */
  'conversations.pin': {
    request: z.object({ id, pinned: z.boolean() }),
    response: z.object({ conversation: conversationViewSchema }),
  },
  'conversations.get': { request: z.object({ id }), response: conversationDetailSchema.extend({ conversation: conversationViewSchema }) },
  'conversations.delete': { request: z.object({ id }), response: z.object({ deleted: z.boolean() }) },
  /** A new title for a conversation (one line, surrounding spaces dropped). */
  'conversations.rename': {
    request: z.object({ id, title: z.string().trim().min(1, 'The title is empty.').max(200).regex(/^[^\r\n]*$/, 'The title is one line.') }),
    response: z.object({ conversation: conversationViewSchema }),
  },
  /**
   * "Delete all data": every conversation with its runs, outcomes, privacy vaults and consent
   * grants; preferences stay. `confirm` keeps an empty or mistaken payload from erasing anything.
   */
  'conversations.deleteAll': {
    request: z.object({ confirm: z.literal(true) }).strict(),
    response: z.object({ deleted: z.number().int().min(0) }),
  },
  /**
   * Indexes a file into a conversation (a new one, titled by the file, when none is named): parsed,
   * chunked and scanned by the shield; `reused` when the conversation already holds the same bytes.
   * Parsing limits (size, pages, time) apply; an unreadable file is an invalid-request error.
   */
  'documents.add': {
    request: z.object({
      conversationId: id.optional(),
      name: z.string().min(1).max(255),
      /** The file's bytes, base64: 50 MB of file at most (the parser's limit). */
      contentBase64: z.string().min(1).max(70_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
      /** The caller's name for this upload: its `document-progress` events carry it, and documents.cancelAdd takes it. */
      uploadId: uploadIdSchema.optional(),
    }),
    response: z.object({ document: conversationDocumentSchema, reused: z.boolean() }),
  },
  /** Stops indexing the upload; its documents.add then fails with 'aborted' and nothing of it is kept. */
  'documents.cancelAdd': { request: z.object({ uploadId: uploadIdSchema }), response: z.object({ cancelled: z.boolean() }) },
  /** The conversation's documents, in the order they were added. */
  'documents.list': {
    request: z.object({ conversationId: id }),
    response: z.object({ documents: z.array(conversationDocumentSchema) }),
  },
  /** Removes a document with its passages, their full-text index and vectors. */
  'documents.remove': { request: z.object({ id }), response: z.object({ removed: z.boolean() }) },
  'conversations.export': {
    request: z.object({ id, format: exportFormatSchema }),
    response: z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() }),
  },
  'models.list': { request: empty, response: modelsOverviewSchema },
  /**
   * Starts (or resumes) a download of a catalog model, of a NER model of the shield (an id of
   * settings.get's nerModels) or of an embedding model for document search (embeddingModels);
   * progress follows as `download-progress`, and a NER or embedding model that finished is put to
   * work at once (settings-changed follows).
   */
  'models.pull': { request: z.object({ id }), response: z.object({ started: z.boolean() }) },
  /** Stops a download; its bytes are kept, so the next pull resumes. */
  'models.cancelPull': { request: z.object({ id }), response: z.object({ cancelled: z.boolean() }) },
  /** Deletes a downloaded model (and any partial download of it). */
  'models.delete': { request: z.object({ id }), response: z.object({ deleted: z.boolean() }) },
  /**
   * GGUF models already on this machine: in `folder` when given, else in the default folders of
   * LM Studio, Jan, GPT4All and Ollama. `added`: Baton offers it already.
   */
  'models.scanFolders': {
    request: z.object({ folder: z.string().trim().min(1).max(4096).optional() }).default({}),
    response: z.object({
      searched: z.array(z.object({ source: z.string(), path: z.string() })),
      files: z.array(z.object({ path: z.string(), name: z.string(), bytes: z.number().int().nonnegative(), source: z.string(), added: z.boolean() })),
    }),
  },
  /**
   * Offers a GGUF file on this machine as a local model, used where it is (nothing is copied).
   * A file that is not a GGUF model, or is cut short or damaged, is refused with the reason.
   */
  'models.addFile': {
    request: z.object({ path: z.string().trim().min(1).max(4096), name: z.string().trim().min(1).max(200).optional() }),
    response: z.object({ model: z.object({ id: z.string(), fileName: z.string(), bytes: z.number().int().nonnegative() }) }),
  },
  /**
   * Tries a cloud provider's key with one call that sends nothing of the person's (a listing of the
   * vendor's models). `apiKey`: a key typed in Settings, tried before it is saved; absent: the saved
   * one, else the environment's. Offline, nothing is tried.
   */
  'providers.check': {
    request: z.object({ provider: z.enum(['anthropic', 'openai']), apiKey: z.string().trim().min(1).max(1000).optional() }),
    response: z.object({ ok: z.boolean(), message: z.string() }),
  },
  'settings.get': { request: empty, response: settingsViewSchema },
  /**
   * Changes some settings; the result is validated with the settings schema as a whole. API keys:
   * a string sets one, null or "" clears it, absent keeps it (also inside compatibleServers, by name).
   */
  'settings.update': {
    request: z.object({ patch: z.record(z.string(), z.unknown()) }),
    response: settingsViewSchema,
  },
  /**
   * The payload of a waiting consent request rebuilt with the person's edits, exactly as it
   * would be sent with the same edits in consent.respond. Refused when a released value is not
   * a releasable placeholder of the request.
   */
  'consent.preview': {
    request: z.object({ requestId: id, edits: consentEditsSchema }),
    response: consentPreviewSchema,
  },
  /** The person's answer; with edits, the payload is rebuilt with them, checked again and sent as previewed. */
  'consent.respond': {
    request: z.object({ requestId: id, decision: consentDecisionSchema, edits: consentEditsSchema.optional() }),
    response: z.object({ accepted: z.boolean() }),
  },
  'stats.outcomes': { request: empty, response: z.object({ outcomes: z.array(outcomeSummarySchema) }) },
  'stats.costs': {
    request: z.object({ days: z.number().int().min(1).max(366).default(30) }).default({ days: 30 }),
    response: z.object({
      days: z.array(costDaySchema),
      totalUsd: z.number(),
      /** Requests through the gateway for other tools on the same days (while their conversations are kept), and what their runs cost. */
      gateway: z.object({ requests: z.number().int().nonnegative(), costUsd: z.number() }),
    }),
  },
  /**
   * What routing learned, in sums: the money the recorded calls cost and what the same calls would
   * have cost on the strongest model, and the router's threshold at the current settings.
   */
  'stats.learning': {
    request: empty,
    response: z.object({
      outcomeCount: z.number().int().nonnegative(),
      spentUsd: z.number(),
      strongestModelId: z.string().nullable(),
      costIfStrongestUsd: z.number(),
      savedUsd: z.number(),
      threshold: z.object({
        qualityCostPreference: z.number(),
        preferLocal: z.boolean(),
        successValueUsd: z.number(),
        onDeviceLead: z.number(),
        leadPerMilliDollar: z.number(),
      }),
    }),
  },
  /** Forgets every outcome: routing starts again from the tier priors. Conversations stay. */
  'stats.reset': { request: z.object({ confirm: z.literal(true) }).strict(), response: z.object({ forgotten: z.number().int().nonnegative() }) },
  /** The learned routing state as a file (`baton stats --export`'s format): no prompt text, no conversation. */
  'stats.export': { request: empty, response: z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() }) },
  /** Replaces the learned routing state with an exported file's, checked whole first: a file that does not fit changes nothing. */
  'stats.import': {
    request: z.object({ content: z.string().min(1).max(100_000_000) }),
    response: z.object({ imported: z.number().int().nonnegative(), replaced: z.number().int().nonnegative() }),
  },
  'privacy.get': { request: empty, response: privacyStateSchema },
  'privacy.update': {
    request: z.object({ policy: privacyPolicySchema.optional(), offline: z.boolean().optional() }),
    response: privacyStateSchema,
  },
  /** The global shortcut that opens the quick prompt (desktop app only; `available` is false in a browser). */
  'app.shortcut': { request: empty, response: shortcutStateSchema },
  'app.setShortcut': { request: z.object({ accelerator: z.string().min(1).max(100) }), response: shortcutStateSchema },
  /** The in-app gateway for other tools: its switch, port, address and token. */
  'gateway.get': { request: empty, response: gatewayStateSchema },
  /**
   * Turns the in-app gateway on or off, moves it to another port, or lets other computers in or
   * not (a running one restarts, its requests in flight cancelled). Answers once it listens, or with status 'failed'
   * and the reason (a port in use); the change is kept either way.
   */
  'gateway.update': {
    request: z.object({ enabled: z.boolean().optional(), port: gatewayPortSchema.optional(), network: z.boolean().optional() }).strict(),
    response: gatewayStateSchema,
  },
  /** From the quick prompt: show the main window, on this conversation when given. */
  'app.openMainWindow': {
    request: z.object({ conversationId: id.optional() }).default({}),
    response: z.object({ opened: z.boolean() }),
  },
} as const;

export type ApiContract = typeof apiContract;
export type ApiMethod = keyof ApiContract;
/** What a caller passes (defaults not yet applied). */
export type ApiRequest<M extends ApiMethod> = z.input<ApiContract[M]['request']>;
/** What a handler receives (parsed, defaults applied). */
export type ApiParsedRequest<M extends ApiMethod> = z.output<ApiContract[M]['request']>;
export type ApiResponse<M extends ApiMethod> = z.output<ApiContract[M]['response']>;

export const apiMethods = Object.keys(apiContract) as ApiMethod[];

export function isApiMethod(value: unknown): value is ApiMethod {
  return typeof value === 'string' && Object.hasOwn(apiContract, value);
}

export type ConversationDetail = z.output<typeof conversationDetailSchema>;
export type RunDetail = z.output<typeof runDetailSchema>;
export type ModelsOverview = z.output<typeof modelsOverviewSchema>;
export type CatalogModel = z.output<typeof catalogModelSchema>;
export type DownloadState = z.output<typeof downloadStateSchema>;
export type SettingsView = z.output<typeof settingsViewSchema>;
export type PrivacyState = z.output<typeof privacyStateSchema>;
export type CostDay = z.output<typeof costDaySchema>;
export type Attachment = z.output<typeof attachmentSchema>;
export type ExportFormat = z.output<typeof exportFormatSchema>;
export type ShortcutState = z.output<typeof shortcutStateSchema>;
export type GatewayState = z.output<typeof gatewayStateSchema>;
export type EntityDetector = z.output<typeof entityDetectorSchema>;
export type NerModelListing = z.output<typeof nerModelListingSchema>;
export type DocumentProgress = z.output<typeof documentProgressSchema>;
export type EmbeddingModelListing = z.output<typeof embeddingModelListingSchema>;

// ---------------------------------------------------------------------------------------------
// Server → client events.

export const apiEventSchema = z.discriminatedUnion('type', [
  /** Everything a run reports (see events.ts). */
  z.object({ type: z.literal('run-event'), event: z.custom<RunEvent>(isRunEventShape) }),
  /**
   * A cloud call waits for the person: answer with consent.respond. `source`: who asked, when it
   * was not this app (a run of the in-app gateway: `gateway: CLIENT`).
   */
  z.object({ type: z.literal('consent-requested'), request: consentRequestSchema, source: z.string().max(300).optional() }),
  /** The request is settled (answered here or elsewhere, timed out, or its run was cancelled). */
  z.object({ type: z.literal('consent-closed'), requestId: id, decision: consentDecisionSchema }),
  z.object({ type: z.literal('download-progress'), download: downloadStateSchema }),
  z.object({ type: z.literal('settings-changed'), settings: settingsViewSchema }),
  /** A conversation was made, changed or deleted: lists should refresh. */
  z.object({ type: z.literal('conversations-changed') }),
  /** Indexing of a documents.add that named an uploadId. */
  z.object({ type: z.literal('document-progress'), progress: documentProgressSchema }),
  /** The passages an answer from documents rests on, recorded after its run finished. */
  z.object({ type: z.literal('message-citations'), runId: id, messageId: id, citations: messageCitationsSchema }),
  /** The in-app gateway started, stopped, failed to start or moved (see gateway.update). */
  z.object({ type: z.literal('gateway-changed'), gateway: gatewayStateSchema }),
  /** The main window should show this conversation (sent after app.openMainWindow). */
  z.object({ type: z.literal('open-conversation'), conversationId: id.nullable() }),
]);

export type ApiEvent = z.output<typeof apiEventSchema>;
export type ConversationView = z.output<typeof conversationViewSchema>;
export type ApiEventListener = (event: ApiEvent) => void;

/** A light check: run events come from our own conductor; the union may grow with new types. */
function isRunEventShape(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    typeof (value as { runId?: unknown }).runId === 'string'
  );
}

// ---------------------------------------------------------------------------------------------
// The schemas above must describe exactly the shared domain types; a drift fails the build.

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ContractChecks = [
  Assert<Same<z.output<typeof conversationSchema>, Conversation>>,
  Assert<Same<z.output<typeof conversationDocumentSchema>, ConversationDocument>>,
  Assert<Same<z.output<typeof messageSchema>, Message>>,
  Assert<Same<z.output<typeof runSchema>, Run>>,
  Assert<Same<z.output<typeof subtaskSchema>, Subtask>>,
  Assert<Same<z.output<typeof outcomeSummarySchema>, OutcomeSummary>>,
  Assert<Same<z.output<typeof consentRequestSchema>, ConsentRequest>>,
  Assert<Same<z.output<typeof consentPlaceholderSchema>, ConsentPlaceholder>>,
  Assert<Same<z.output<typeof consentEditsSchema>, ConsentEdits>>,
  Assert<Same<z.output<typeof consentPreviewSchema>, ConsentPreview>>,
  Assert<Same<z.output<typeof serializedErrorSchema>, SerializedError>>,
  Assert<Same<z.output<typeof modelListingSchema>, ModelListing>>,
];
