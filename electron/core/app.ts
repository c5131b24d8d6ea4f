import { mkdirSync } from 'node:fs';
import type { CountryCode } from 'libphonenumber-js/max';
import type { Settings } from './settings.js';
import { settingsSchema } from './settings.js';
import { resolvePaths, type BatonPaths } from './paths.js';
import { openDatabase, type BatonDatabase } from './storage/database.js';
import { ProviderRegistry } from './providers/provider-registry.js';
import { LocalProvider } from './providers/local-llama/local-provider.js';
import type { ThreadChoice, ThreadChoiceCache } from './providers/local-llama/thread-count.js';
import { AnthropicProvider } from './providers/anthropic/anthropic-provider.js';
import { OpenAIProvider } from './providers/openai/openai-provider.js';
import { OpenAICompatibleProvider } from './providers/openai-compatible/openai-compatible-provider.js';
import { resolveCloudCredentials } from './providers/cloud-credentials.js';
import { loadPricingTable, type PricingTable } from './providers/pricing-table.js';
import { loadCatalog, type ModelCatalog } from './models/model-catalog.js';
import { LocalModelStore } from './models/local-model-store.js';
import { Conductor } from './orchestration/conductor.js';
import type { ConductorSettings } from './orchestration/conductor-settings.js';
import { RegistryModelPool } from './orchestration/model-pool.js';
import { inspectorFromAnalyzer } from './orchestration/privacy-inspector.js';
import { LearnedSuccessEstimator, OutcomeLog } from './learning/outcome-log.js';
import { DatabasePromptMemory } from './learning/database-prompt-memory.js';
import { regeneratedRating } from './learning/judged-success.js';
import { PromptAwareSuccessEstimator } from './learning/prompt-aware-estimator.js';
import { ShadowLearner } from './orchestration/shadow-learner.js';
import { defaultPromptSuccessSettings } from './learning/prompt-success-model.js';
import { Analyzer } from './privacy/analyzer.js';
import { PrivacyCloudBoundary } from './privacy/cloud-boundary.js';
import { ConsentGate } from './privacy/consent-gate.js';
import { SettingsConsentGrantStore } from './privacy/consent-grant-store.js';
import type { ConsentPrompter } from './privacy/consent-prompter.js';
import { fixedConsentPrompter } from './privacy/fixed-consent-prompter.js';
import { findInstalledNerModel } from './privacy/ner/installed-ner-model.js';
import { loadNerCatalog } from './privacy/ner/ner-catalog.js';
import { NerRecognizer } from './privacy/ner/ner-recognizer.js';
import { EntityRecognizer } from './privacy/entities/entity-recognizer.js';
import { shippedEntityClassifierFolder } from './privacy/entities/shipped-entity-classifier.js';
import { OffThreadPatternScan } from './privacy/off-thread-pattern-scan.js';
import { createPatternRecognizers, type PatternRecognizerOptions } from './privacy/recognizers/index.js';
import { SettingsVaultStore, type VaultStore } from './privacy/vault-store.js';
import { ConversationDocuments } from './documents/conversation-documents.js';
import { loadEmbeddingCatalog } from './documents/embedding/embedding-catalog.js';
import { installedEmbedder } from './documents/embedding/installed-embedding-model.js';
import { DocumentIndex } from './documents/retrieval/document-index.js';

export interface BatonOptions {
  paths?: BatonPaths;
  /** Where API keys and base URLs fall back to (ANTHROPIC_API_KEY, ...); process.env by default. */
  environment?: NodeJS.ProcessEnv;
  /** Settings for this process only, laid over the stored ones (tests, CLI flags). */
  settingsOverrides?: Partial<Settings>;
  catalogPath?: string;
  /**
   * Who is asked before a cloud call: the UI's consent dialog, the terminal prompt of `baton
   * ask`. Without one every cloud call is denied (nobody can say yes).
   */
  consentPrompter?: ConsentPrompter;
  /** The entity classifier's folder; default the shipped models/entity-classifier (tests point it at a broken copy). */
  entityClassifierPath?: string;
}

/** The privacy shield: what scans text, and the wrapper every cloud model is called through. */
export interface PrivacyShield {
  analyzer: Analyzer;
  consentGate: ConsentGate;
  boundary: PrivacyCloudBoundary;
  /** Each conversation's placeholders: the boundary's, shared with documents so their values are redacted alike. */
  vaults: VaultStore;
  /** The entity classifier's folder: the one shipped in models/entity-classifier unless BatonOptions names another. */
  entityClassifierPath: string;
  /** An installed or configured NER model that runs beside the classifier; undefined when there is none. */
  nerModelPath: string | undefined;
}

export interface Baton {
  paths: BatonPaths;
  database: BatonDatabase;
  settings: Settings;
  pricing: PricingTable;
  catalog: ModelCatalog;
  modelStore: LocalModelStore;
  registry: ProviderRegistry;
  localProvider: LocalProvider;
  /** Every model the providers offer, with availability; what the conductor routes among. */
  modelPool: RegistryModelPool;
  conductor: Conductor;
  privacy: PrivacyShield;
  /** The documents dropped into conversations: indexed once, scanned by the shield, deleted with their conversation. */
  documents: ConversationDocuments;
  /**
   * After a conversation was deleted from the database: drops what memory still holds of it (its
   * privacy vault, and what routing learned, counted and learned again from the remaining outcomes).
   */
  forgetConversation(conversationId: string): void;
  /**
   * The person's thumbs up (+1) or down (-1) on the answer of a run, or null to take it back: it
   * reaches the outcome of each subtask of the run and decides what routing learns from them.
   */
  rateAnswer(runId: string, rating: 1 | -1 | null): number;
  /** The same for one subtask of the run, by its plan key (`s1`...): rated in the run view. */
  rateSubtask(runId: string, subtaskKey: string, rating: 1 | -1 | null): number;
  /** The person asked for the run's answer again: a soft "down" for its outcomes they did not rate. */
  answerRegenerated(runId: string): number;
  /** After outcomes were deleted or replaced (a reset, an import): routing counts and learns again from the table. */
  relearnRouting(): void;
  /** Tries cloud answers again on a local model while the machine is idle (settings.shadowLearning). */
  shadowLearner: ShadowLearner;
  close(): Promise<void>;
}

const threadChoicesKey = 'localThreadChoices';

/** The composition root: everything Baton is made of, wired once, for the CLI, the app and tests. */
export function createBaton(options: BatonOptions = {}): Baton {
  const environment = options.environment ?? process.env;
  const paths = options.paths ?? resolvePaths(environment);
  mkdirSync(paths.dataDir, { recursive: true });
  const database = openDatabase(paths.databasePath);
  try {
    const settings = settingsSchema.parse({ ...database.settings.all(), ...options.settingsOverrides });
    const pricing = loadPricingTable(paths.pricingOverridePath);
    const catalog = loadCatalog(options.catalogPath);
    const modelStore = new LocalModelStore(paths.modelsDir, catalog);
    const localProvider = new LocalProvider({
      listModelFiles: async () => (await modelStore.list()).map((model) => ({ id: model.id, path: model.path })),
      gpu: settings.localGpu,
      threads: settings.localThreads,
      sequences: settings.localSequences,
      maxContextSize: settings.localMaxContextSize,
      idleUnloadMs: settings.localIdleUnloadSeconds * 1000,
      threadCache: settingsThreadCache(database),
    });
    const credentials = resolveCloudCredentials(settings, environment);
    const cloudCommon = {
      maxRetries: settings.cloudMaxRetries,
      timeoutMs: settings.cloudTimeoutSeconds * 1000,
      maxRetryWaitMs: settings.rateLimitMaxWaitSeconds * 1000,
      pricingTable: pricing,
    };
    const registry = new ProviderRegistry();
    registry.register(localProvider);
    registry.register(new AnthropicProvider({ ...cloudCommon, ...credentials.anthropic, models: settings.anthropicModels }));
    registry.register(new OpenAIProvider({ ...cloudCommon, ...credentials.openai, models: settings.openaiModels }));
    registry.register(new OpenAICompatibleProvider({ ...cloudCommon, servers: settings.compatibleServers }));
    // One pool for the conductor and the "can anything run?" check: its listing is cached, so an
    // OpenAI-compatible server is asked for its models once, not twice per request.
    const modelPool = new RegistryModelPool({
      registry,
      pricing,
      localModelBytes: async () => new Map((await modelStore.list()).map((model) => [model.id, model.bytes])),
    });
    const { privacy, workers } = createPrivacyShield(database, settings, paths, options);
    const outcomeLog = new OutcomeLog(database);
    const promptMemory = new DatabasePromptMemory(database.outcomeFeatures);
    const estimator = new PromptAwareSuccessEstimator(new LearnedSuccessEstimator(outcomeLog), defaultPromptSuccessSettings, promptMemory);
    const relearnRouting = () => {
      outcomeLog.reset();
      estimator.forget();
    };
    // An embedding model installed under <dataDir>/embeddings/ adds vector search; without one, keyword search alone.
    const embedder = installedEmbedder(paths.dataDir, loadEmbeddingCatalog());
    const documents = new ConversationDocuments({
      index: new DocumentIndex(database.connection),
      analyzer: privacy.analyzer,
      vaults: privacy.vaults,
      ...(embedder ? { embedder } : {}),
    });

    return {
      paths,
      database,
      settings,
      pricing,
      catalog,
      modelStore,
      registry,
      localProvider,
      modelPool,
      conductor: new Conductor({
        database,
        models: modelPool,
        boundary: privacy.boundary,
        privacy: inspectorFromAnalyzer(privacy.analyzer),
        estimator,
        settings: conductorSettingsOf(settings),
      }),
      privacy,
      documents,
      shadowLearner: new ShadowLearner({
        database,
        models: modelPool,
        estimator,
        settings: () => ({ systemPrompt: settings.systemPrompt, answerTokens: settings.maxAnswerTokens, subtaskTimeoutMs: settings.subtaskTimeoutSeconds * 1000 }),
      }),
      forgetConversation(conversationId) {
        privacy.boundary.forgetConversation(conversationId);
        // Its outcomes went with it: counted and learned again from the rest at the next routing.
        relearnRouting();
      },
      relearnRouting,
      rateAnswer(runId, rating) {
        const rated = database.outcomes.rateRun(runId, rating);
        // Counted again from the table with the rating in, at the next routing decision.
        outcomeLog.reset();
        estimator.learnAgain(promptMemory.ofRun(runId));
        return rated;
      },
      rateSubtask(runId, subtaskKey, rating) {
        const rated = database.outcomes.rateSubtask(runId, subtaskKey, rating);
        outcomeLog.reset();
        estimator.learnAgain(promptMemory.ofRun(runId, subtaskKey));
        return rated;
      },
      answerRegenerated(runId) {
        const rated = database.outcomes.rateUnratedRun(runId, regeneratedRating);
        outcomeLog.reset();
        if (rated > 0) estimator.learnAgain(promptMemory.ofRun(runId).filter((remembered) => remembered.outcome.userFeedback === regeneratedRating));
        return rated;
      },
      async close() {
        await registry.dispose();
        await documents.dispose();
        await Promise.all(workers.map((worker) => worker.dispose()));
        database.close();
      },
    };
  } catch (error) {
    database.close();
    throw error;
  }
}

/**
 * Patterns plus the shipped entity classifier, and an installed NER model beside it when there
 * is one; long texts' patterns scanned in a worker thread; vaults and consent grants in the
 * settings table. A classifier or NER folder that is
 * missing or broken makes every analysis fail, which blocks cloud calls (local ones go on).
 */
function createPrivacyShield(
  database: BatonDatabase,
  settings: Settings,
  paths: BatonPaths,
  options: Pick<BatonOptions, 'consentPrompter' | 'entityClassifierPath'>,
): { privacy: PrivacyShield; workers: { dispose(): Promise<void> }[] } {
  const entityClassifierPath = options.entityClassifierPath ?? shippedEntityClassifierFolder();
  const entityRecognizers: (EntityRecognizer | NerRecognizer)[] = [new EntityRecognizer({ folder: entityClassifierPath })];
  const installed = findInstalledNerModel({ nerModelPath: settings.nerModelPath, dataDir: paths.dataDir, catalog: loadNerCatalog() });
  if (installed) entityRecognizers.push(new NerRecognizer({ modelPath: installed.path, dtype: installed.dtype }));
  const patternOptions: PatternRecognizerOptions = {
    dates: settings.redactDates,
    // The phone recognizer drops codes libphonenumber does not know.
    ...(settings.phoneRegions.length > 0 ? { phoneRegions: settings.phoneRegions as CountryCode[] } : {}),
  };
  const analyzerOptions = { allowList: settings.allowList, denyList: settings.denyList, disabledTypes: settings.disabledEntityTypes };
  const largeTextScan = new OffThreadPatternScan({ patterns: patternOptions, analyzer: analyzerOptions });
  const analyzer = new Analyzer(createPatternRecognizers(patternOptions), {
    ...analyzerOptions,
    entityRecognizers,
    largeTexts: { minimumLength: largeTextScan.minimumLength, scan: (text) => largeTextScan.scan(text) },
  });
  const consentGate = new ConsentGate({
    policy: settings.privacyPolicy,
    prompter: options.consentPrompter ?? fixedConsentPrompter('deny'),
    grants: new SettingsConsentGrantStore(database.settings),
    timeoutMs: settings.consentTimeoutSeconds * 1000,
  });
  const vaults = new SettingsVaultStore(database.settings);
  const boundary = new PrivacyCloudBoundary({
    analyzer,
    vaults,
    consentGate,
    entitySpanSources: entityRecognizers.map((recognizer) => recognizer.name),
  });
  return {
    privacy: { analyzer, consentGate, boundary, vaults, entityClassifierPath, nerModelPath: installed?.path },
    // Threads of their own, stopped when the app closes.
    workers: [...entityRecognizers, largeTextScan],
  };
}

/** The conductor's view of the settings. */
export function conductorSettingsOf(settings: Settings): Partial<ConductorSettings> {
  return {
    qualityCostPreference: settings.qualityCostPreference,
    preferLocal: settings.preferLocal,
    dailyBudgetUsd: settings.dailyBudgetUsd,
    offline: settings.offline,
    plannerModelId: settings.plannerModelId,
    judgeModelId: settings.judgeModelId,
    maxSubtasks: settings.maxSubtasks,
    answerTokens: settings.maxAnswerTokens,
    subtaskTimeoutMs: settings.subtaskTimeoutSeconds * 1000,
    rateLimitMaxWaitMs: settings.rateLimitMaxWaitSeconds * 1000,
    sensitiveDataInCloud: settings.sensitiveDataInCloud,
    systemPrompt: settings.systemPrompt,
    // Local requests beyond the context's sequences would only queue.
    perProviderConcurrency: { local: settings.localSequences, '*': 4 },
    // The cloud SDKs already retry 429/5xx with backoff (cloudMaxRetries, honouring retry-after);
    // a second loop here would multiply the attempts.
    maxRetries: 0,
  };
}

/** Measured thread counts survive restarts in the settings table, so measuring happens once. */
function settingsThreadCache(database: BatonDatabase): ThreadChoiceCache {
  const read = () => (database.settings.get(threadChoicesKey) ?? {}) as Record<string, ThreadChoice>;
  return {
    get: (key) => read()[key],
    set: (key, choice) => database.settings.set(threadChoicesKey, { ...read(), [key]: choice }),
  };
}
