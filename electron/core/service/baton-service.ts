import { existsSync } from 'node:fs';
import { totalmem } from 'node:os';
import type {
  ApiEvent,
  ApiEventListener,
  ApiMethod,
  ApiParsedRequest,
  ApiResponse,
  ConversationDetail,
  ConversationView,
  EmbeddingModelListing,
  GatewayState,
  NerModelListing,
  PrivacyState,
  SettingsView,
} from '../../shared/api.js';
import { BatonError, toBatonError } from '../../shared/errors.js';
import { learnedStateFile, LearnedStateFileError, parseLearnedStateFile } from '../learning/learned-state-file.js';
import { outcomeStatistics } from '../learning/outcome-statistics.js';
import { knownModelFolders, scanModelFolders } from '../models/model-folder-scan.js';
import { routingThreshold } from '../orchestration/router.js';
import { checkCloudConnection } from '../providers/cloud-connection-check.js';
import { resolveCloudCredentials } from '../providers/cloud-credentials.js';
import type { Conversation, MessageCitations } from '../../shared/domain.js';
import type { RunEvent } from '../../shared/events.js';
import { createBaton, type Baton, type BatonOptions } from '../app.js';
import { resolvePaths } from '../paths.js';
import { openDatabase } from '../storage/database.js';
import { chooseModel, type ModelChoice, type ModelChoiceRequest } from '../orchestration/model-choice.js';
import type { Conductor, ConductorRequest, ConductorResult } from '../orchestration/conductor.js';
import { smallestAnsweringContext } from '../documents/analysis/answering-context.js';
import { loadEmbeddingCatalog, type EmbeddingCatalogEntry } from '../documents/embedding/embedding-catalog.js';
import { embeddingModelStates } from '../documents/embedding/installed-embedding-model.js';
import { citationsOf, prepareDocumentQuestion, type PreparedQuestion } from '../documents/analysis/document-question.js';
import { summarizeDocuments } from '../documents/analysis/document-summary.js';
import type { IndexingProgress } from '../documents/index-document.js';
import type { ConsentPrompter } from '../privacy/consent-prompter.js';
import { describeNerModelFolder, nerModelFolder } from '../privacy/ner/installed-ner-model.js';
import { loadNerCatalog, type NerCatalogEntry } from '../privacy/ner/ner-catalog.js';
import { resolveHuggingFaceBaseUrl } from '../models/hub-model-download.js';
import { dispatchApiCall, type ApiHandlers } from './api-dispatcher.js';
import { composeMessageText } from './attachment-text.js';
import { ConsentBroker } from './consent-broker.js';
import { exportConversation } from './conversation-export.js';
import { costsPerDay, firstDayStart, gatewaySpending } from './cost-history.js';
import { IdleWork } from './idle-work.js';
import { DownloadManager } from './download-manager.js';
import { describeEntityDetectors } from './entity-detectors.js';
import { EventHub } from './event-hub.js';
import { GatewaySwitch, type GatewayLauncher } from './gateway-switch.js';
import { liveBaton } from './live-baton.js';
import { TitleMasker } from './title-masking.js';
import { shortenTitle, titleFrom } from '../orchestration/conversation-title.js';
import type { SecretStore } from './secret-store.js';
import { secretOverridesOf, SettingsStore } from './settings-store.js';

export interface BatonServiceOptions {
  /** Paths, environment, catalog and per-process settings for createBaton. */
  baton?: BatonOptions;
  /** Where API keys are kept; without one, in the settings table. */
  secrets?: SecretStore;
  /** What the host can do beyond the API: Electron shows its main window and owns the global shortcut. */
  host?: {
    openMainWindow?(conversationId: string | undefined): boolean;
    /** Registers the quick-prompt shortcut in place of the previous one; false when it cannot be had. */
    registerShortcut?(accelerator: string): boolean;
  };
  /** An unanswered consent request is denied after this long. */
  consentTimeoutMs?: number;
  /**
   * How this host runs the privacy gateway for other tools (the switch in Settings); without one,
   * the switch is shown as unavailable.
   */
  gateway?: GatewayLauncher;
  /** Tests replace how Baton is made (scripted models) or how a run's model is chosen. */
  createBaton?: (options: BatonOptions) => Baton;
  /** How long without a request before shadow learning may run (settings.shadowLearning), and how often that is checked. */
  shadowIdle?: { idleMs: number; checkMs: number };
  chooseModel?: (baton: Baton, request: ModelChoiceRequest) => Promise<ModelChoice | undefined>;
}

interface ActiveRun {
  controller: AbortController;
  modelId: string;
  runId?: string;
}

/** The quick prompt's global shortcut, kept in the settings table beside the settings schema's fields. */
export const defaultQuickPromptShortcut = 'CommandOrControl+Shift+Space';
const shortcutSettingKey = 'quickPromptShortcut';

/** How long models.list waits for llama.cpp to load before it answers without the runtime. */
const runtimeWaitMs = 5_000;

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new BatonError('timeout', message, { retryable: true })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Baton's API, independent of any transport: Electron IPC, the WebSocket of `baton serve` and the
 * tests all call `call(method, params)` and `subscribe(listener)`. It owns one Baton (createBaton)
 * and makes a new one, once no run is active, after settings change, so new runs use them.
 */
export class BatonService {
  private baton: Baton;
  private batonIsStale = false;
  private closed = false;
  private readonly events = new EventHub<ApiEvent>();
  private readonly consent: ConsentBroker;
  private readonly settings: SettingsStore;
  private readonly downloads: DownloadManager;
  private readonly activeRuns = new Set<ActiveRun>();
  /** Titles with what the shield finds masked, for the window; the Baton of the moment checks them. */
  private readonly titles = new TitleMasker(() => this.baton.privacy.analyzer);
  /** Documents being indexed, by the caller's upload id (documents.cancelAdd). */
  private readonly uploads = new Map<string, ActiveRun>();
  private readonly runsById = new Map<string, ActiveRun>();
  private readonly settledRuns = new Set<Promise<unknown>>();
  /** The in-app gateway (Settings): its runs are the service's runs, its consent requests the service's too. */
  private readonly gateway: GatewaySwitch;
  /** Who asked in each conversation with a gateway run in progress: named in its consent requests. */
  private readonly runSources = new Map<string, string>();

  readonly handlers: ApiHandlers = {
    'chat.send': (request) => this.sendChat(request),
    'chat.regenerate': (request) => this.regenerateAnswer(request),
    'chat.edit': (request) => this.editQuestion(request),
    'chat.cancel': async ({ runId }) => ({ cancelled: this.cancelRun(runId) }),
    'chat.rate': async ({ runId, rating, subtaskKey }) => ({ rated: this.rateAnswer(runId, rating, subtaskKey) }),
    'conversations.list': async ({ search }) => ({ conversations: await Promise.all(this.baton.database.conversations.list({ search }).map((conversation) => this.shown(conversation))) }),
    'conversations.get': async ({ id }) => {
      const detail = this.conversationDetail(id);
      return { ...detail, conversation: await this.shown(detail.conversation) };
    },
    'conversations.delete': async ({ id }) => this.deleteConversation(id),
    'conversations.rename': async ({ id, title }) => {
      if (!this.baton.database.conversations.get(id)) throw new BatonError('invalid-request', `There is no conversation "${id}".`);
      const conversation = this.baton.database.conversations.rename(id, title);
      this.events.publish({ type: 'conversations-changed' });
      return { conversation: await this.shown(conversation) };
    },
    'conversations.pin': async ({ id, pinned }) => {
      if (!this.baton.database.conversations.get(id)) throw new BatonError('invalid-request', `There is no conversation "${id}".`);
      const conversation = this.baton.database.conversations.pin(id, pinned);
      this.events.publish({ type: 'conversations-changed' });
      return { conversation: await this.shown(conversation) };
    },
    'conversations.deleteAll': () => this.deleteAllConversations(),
    'conversations.export': async ({ id, format }) => exportConversation(this.conversationDetail(id), format),
    'documents.add': (request) => this.addDocument(request),
    'documents.list': async ({ conversationId }) => {
      if (!this.baton.database.conversations.get(conversationId)) throw new BatonError('invalid-request', `There is no conversation "${conversationId}".`);
      return { documents: this.baton.documents.documents(conversationId) };
    },
    'documents.remove': async ({ id }) => ({ removed: this.baton.documents.remove(id) }),
    'documents.cancelAdd': async ({ uploadId }) => {
      const upload = this.uploads.get(uploadId);
      upload?.controller.abort();
      return { cancelled: upload !== undefined };
    },
    'models.list': () => this.listModels(),
    'models.pull': async ({ id }) => ({ started: this.downloads.start(id) }),
    'models.cancelPull': async ({ id }) => ({ cancelled: this.downloads.cancel(id) }),
    'models.delete': ({ id }) => this.deleteModel(id),
    'models.scanFolders': async ({ folder }) => {
      const searched = folder ? [{ source: 'folder', path: folder }] : knownModelFolders();
      const [files, linked] = await Promise.all([scanModelFolders(searched), this.baton.modelStore.linkedFiles()]);
      return { searched, files: files.map((file) => ({ ...file, added: linked.has(file.path) })) };
    },
    'models.addFile': async ({ path, name }) => {
      const model = await this.baton.modelStore.addExisting(path, name);
      return { model: { id: model.id, fileName: model.fileName, bytes: model.bytes } };
    },
    'settings.get': async () => this.settingsView(),
    'settings.update': async ({ patch }) => {
      this.settings.update(patch);
      return this.settingsChanged();
    },
    'consent.preview': ({ requestId, edits }) => this.consent.preview(requestId, edits),
    'consent.respond': async ({ requestId, decision, edits }) => ({ accepted: this.consent.respond(requestId, decision, edits) }),
    'stats.outcomes': async () => ({ outcomes: this.baton.database.outcomes.summary() }),
    'stats.costs': async ({ days }) => ({
      ...costsPerDay(this.baton.database.outcomes.list(), days),
      gateway: gatewaySpending(this.baton.database.runs.spendingBySource(firstDayStart(days))),
    }),
    'stats.learning': async () => {
      const outcomes = this.baton.database.outcomes.list();
      const statistics = outcomeStatistics(outcomes, this.baton.pricing);
      return {
        outcomeCount: outcomes.length,
        spentUsd: statistics.totalCostUsd,
        strongestModelId: statistics.strongestModelId,
        costIfStrongestUsd: statistics.costIfStrongestUsd,
        savedUsd: statistics.savedUsd,
        threshold: routingThreshold(this.baton.settings),
      };
    },
    'stats.reset': async () => {
      this.assertNoRuns();
      const forgotten = this.baton.database.outcomes.deleteAll();
      this.baton.relearnRouting();
      return { forgotten };
    },
    'stats.export': async () => ({
      fileName: `baton-learned-routing-${new Date().toISOString().slice(0, 10)}.json`,
      mimeType: 'application/json',
      content: `${JSON.stringify(learnedStateFile(this.baton.database.outcomes.list(), new Date().toISOString()), null, 2)}\n`,
    }),
    'stats.import': async ({ content }) => {
      let outcomes;
      try {
        outcomes = parseLearnedStateFile(content);
      } catch (error) {
        if (error instanceof LearnedStateFileError) throw new BatonError('invalid-request', `This file cannot be imported: ${error.message}. Nothing was changed.`);
        throw error;
      }
      this.assertNoRuns();
      const replaced = this.baton.database.outcomes.list().length;
      this.baton.database.outcomes.replaceAll(outcomes);
      this.baton.relearnRouting();
      return { imported: outcomes.length, replaced };
    },
    'providers.check': async ({ provider, apiKey }) => {
      if (this.settings.privacy().offline) return { ok: false, message: 'Baton is offline: nothing is sent to a cloud provider. Go online to test the connection.' };
      const credential = resolveCloudCredentials(this.baton.settings, this.options.baton?.environment ?? process.env)[provider];
      return checkCloudConnection(provider, { ...credential, ...(apiKey ? { apiKey } : {}) }, { pricingTable: this.baton.pricing });
    },
    'privacy.get': async () => this.privacyState(),
    'privacy.update': async (change) => {
      this.settings.updatePrivacy(change);
      this.settingsChanged();
      return this.privacyState();
    },
    'app.shortcut': async () => this.shortcutState(),
    'app.setShortcut': async ({ accelerator }) => this.setShortcut(accelerator),
    'gateway.get': async () => this.gateway.view(),
    'gateway.update': (change) => this.gateway.update(change),
    'app.openMainWindow': async ({ conversationId }) => {
      const opened = this.options.host?.openMainWindow?.(conversationId) ?? false;
      this.events.publish({ type: 'open-conversation', conversationId: conversationId ?? null });
      return { opened };
    },
  };

  /** Shadow learning while the person is away; any request stops it (see IdleWork). */
  private readonly shadowLearning: IdleWork;

  constructor(private readonly options: BatonServiceOptions = {}) {
    this.baton = this.makeBaton();
    this.shadowLearning = new IdleWork({
      enabled: () => !this.closed && this.baton.settings.shadowLearning,
      busy: () => this.activeRuns.size > 0,
      work: async (signal) => (await this.baton.shadowLearner.runOnce(signal)) !== undefined,
      // A settings change waited for it: the Baton it used is replaced only now.
      afterWork: () => void this.renewBatonWhenIdle(),
      ...options.shadowIdle,
    });
    this.shadowLearning.start();
    this.settings = new SettingsStore(() => this.baton.database.settings, options.secrets);
    this.consent = new ConsentBroker({
      publish: (event) => this.events.publish(event),
      hasAudience: () => this.events.listenerCount > 0,
      timeoutMs: options.consentTimeoutMs,
      sourceOf: (request) => this.runSources.get(request.conversationId),
    });
    this.gateway = new GatewaySwitch({
      launcher: options.gateway,
      settings: () => this.baton.database.settings,
      baton: liveBaton(() => this.baton, (conductor, request) => this.runForGateway(conductor, request)),
      changed: (state: GatewayState) => this.events.publish({ type: 'gateway-changed', gateway: state }),
    });
    // Switched on earlier: it listens again from the start.
    if (options.gateway) void this.gateway.apply();
    this.downloads = new DownloadManager({
      catalog: () => this.baton.catalog,
      modelsDir: () => this.baton.paths.modelsDir,
      nerCatalog: () => this.nerCatalog(),
      embeddingCatalog: () => this.embeddingCatalog(),
      dataDir: () => this.baton.paths.dataDir,
      huggingFaceBaseUrl: () => resolveHuggingFaceBaseUrl(this.options.baton?.environment ?? process.env),
      report: (download) => this.events.publish({ type: 'download-progress', download }),
      // A new Baton finds the model in <dataDir>/ner/ (and runs it beside the classifier) or <dataDir>/embeddings/ (and searches documents with it).
      folderModelInstalled: () => {
        if (!this.closed) this.settingsChanged();
      },
    });
  }

  /** Calls a method with an untrusted payload: parsed with the contract first. */
  call<M extends ApiMethod>(method: M, params?: unknown): Promise<ApiResponse<M>>;
  call(method: unknown, params?: unknown): Promise<unknown>;
  call(method: unknown, params?: unknown): Promise<unknown> {
    if (this.closed) return Promise.reject(new BatonError('invalid-request', 'Baton is shutting down.'));
    return dispatchApiCall(this.handlers, method, params);
  }

  /** Events for one window or connection. Consent requests still waiting are sent to a new listener at once. */
  subscribe(listener: ApiEventListener): () => void {
    const unsubscribe = this.events.subscribe(listener);
    for (const waiting of this.consent.waiting()) listener({ type: 'consent-requested', ...waiting });
    return unsubscribe;
  }

  /** The ConsentPrompter that the cloud boundary calls (exposed for hosts and tests). */
  get consentPrompter(): ConsentPrompter {
    return this.consent.prompter;
  }

  get paths(): Baton['paths'] {
    return this.baton.paths;
  }

  /** Stops the gateway, cancels runs and downloads, denies waiting consent requests, closes the database and models. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.gateway.close();
    this.consent.denyAll();
    for (const run of this.activeRuns) run.controller.abort();
    await this.shadowLearning.stop();
    await Promise.allSettled([...this.settledRuns]);
    await this.downloads.cancelAll();
    await this.baton.close();
  }

  private makeBaton(): Baton {
    const base = this.options.baton ?? {};
    const secretOverrides = this.options.secrets ? secretOverridesOf(this.options.secrets, this.storedSettings(base)) : {};
    const options: BatonOptions = {
      ...base,
      settingsOverrides: { ...secretOverrides, ...base.settingsOverrides },
      // Not yet built on the first call: the broker is made right after; the prompter is read lazily.
      consentPrompter: (request, signal, editing) => this.consent.prompter(request, signal, editing),
    };
    const baton = (this.options.createBaton ?? createBaton)(options);
    // Going offline on its own (or back online) shows in the UI's indicator at once.
    baton.conductor.offline.onChange(() => {
      if (this.baton === baton) this.events.publish({ type: 'settings-changed', settings: this.settingsView() });
    });
    // So does a cloud provider paused after failures, and its recovery.
    baton.conductor.providers.onChange(() => {
      if (this.baton === baton) this.events.publish({ type: 'settings-changed', settings: this.settingsView() });
    });
    return baton;
  }

  /** The settings table as stored; before the first Baton exists, read from its database file once. */
  private storedSettings(base: BatonOptions): Record<string, unknown> {
    if (this.baton as Baton | undefined) return this.baton.database.settings.all();
    const paths = base.paths ?? resolvePaths(base.environment ?? process.env);
    if (!existsSync(paths.databasePath)) return {};
    const database = openDatabase(paths.databasePath);
    try {
      return database.settings.all();
    } finally {
      database.close();
    }
  }

  /** The privacy state with the conductor's automatic offline state (no network) and its paused providers. */
  private privacyState(): PrivacyState {
    const status = this.baton.conductor.offline.status();
    const pausedProviders = this.baton.conductor.providers
      .troubled()
      .flatMap((provider) => (provider.state === 'paused' ? [{ provider: provider.provider, reason: provider.reason ?? 'paused after failures' }] : []));
    return { ...this.settings.privacy(), networkUnreachable: status.source === 'automatic' ? status.reason : null, pausedProviders };
  }

  private settingsView(): SettingsView {
    return {
      ...this.settings.view(),
      privacy: this.privacyState(),
      entityDetectors: describeEntityDetectors(this.baton.privacy),
      nerModels: this.nerModelListings(),
      embeddingModels: this.embeddingModelListings(),
      databaseEncryption: this.databaseEncryptionView(),
    };
  }

  private databaseEncryptionView(): SettingsView['databaseEncryption'] {
    const encryption = this.baton.database.encryption;
    if (!encryption) return null;
    return { keyStorage: encryption.keyStorage, keyFilePath: encryption.keyFilePath, notice: encryption.notice };
  }

  /** models/ner-catalog.json, read once (it ships with Baton). */
  private nerCatalogEntries: readonly NerCatalogEntry[] | undefined;
  private nerCatalog(): readonly NerCatalogEntry[] {
    this.nerCatalogEntries ??= loadNerCatalog();
    return this.nerCatalogEntries;
  }

  /** models/embedding-catalog.json, read once (it ships with Baton). */
  private embeddingCatalogEntries: readonly EmbeddingCatalogEntry[] | undefined;
  private embeddingCatalog(): readonly EmbeddingCatalogEntry[] {
    this.embeddingCatalogEntries ??= loadEmbeddingCatalog();
    return this.embeddingCatalogEntries;
  }

  private embeddingModelListings(): EmbeddingModelListing[] {
    return embeddingModelStates(this.baton.paths.dataDir, this.embeddingCatalog()).map(({ id, name, description, license, languages, bytes, installed, active }) => ({
      id,
      name,
      description,
      license,
      languages,
      bytes,
      installed,
      active,
      downloading: this.downloads.isActive(id),
    }));
  }

  private nerModelListings(): NerModelListing[] {
    const { dataDir } = this.baton.paths;
    return this.nerCatalog().map((entry) => {
      const folder = nerModelFolder(dataDir, entry.id);
      return {
        id: entry.id,
        name: entry.name,
        description: entry.description,
        license: entry.license,
        languages: entry.languages,
        bytes: entry.bytes,
        installed: describeNerModelFolder(folder) !== undefined,
        active: this.baton.privacy.nerModelPath === folder,
        downloading: this.downloads.isActive(entry.id),
      };
    });
  }

  private settingsChanged() {
    this.batonIsStale = true;
    // Always- and never-redact terms, or a new NER model, change what a title shows.
    this.titles.forget();
    // When idle, the new Baton is made at once (synchronously), so the view shows its shield.
    void this.renewBatonWhenIdle({ announce: false });
    const view = this.settingsView();
    this.events.publish({ type: 'settings-changed', settings: view });
    return view;
  }

  /**
   * A new Baton picks up changed settings (providers, keys, local model options, the privacy
   * shield's lists and detectors); runs in flight keep theirs. Never rejects: it also runs
   * un-awaited after a run and a settings change. Settings that cannot make a Baton keep the
   * previous one, and the next message reports why. A renewal that waited for runs to end is
   * announced as settings-changed (the entity detectors shown may differ).
   */
  private async renewBatonWhenIdle(options: { announce: boolean } = { announce: true }): Promise<void> {
    if (!this.batonIsStale || this.activeRuns.size > 0 || this.shadowLearning.running || this.closed) return;
    this.batonIsStale = false;
    const previous = this.baton;
    try {
      this.baton = this.makeBaton();
    } catch (error) {
      this.batonIsStale = true;
      this.renewFailure = toBatonError(error);
      return;
    }
    this.renewFailure = undefined;
    if (options.announce) this.events.publish({ type: 'settings-changed', settings: this.settingsView() });
    await previous.close().catch(() => undefined); // the old one is gone either way
  }

  /** Why the latest settings could not be applied; a message is refused with it until they are fixed. */
  private renewFailure: BatonError | undefined;

  private shortcutRegistered = false;

  private shortcutState(): ApiResponse<'app.shortcut'> {
    const stored = this.baton.database.settings.get(shortcutSettingKey);
    return {
      accelerator: typeof stored === 'string' && stored ? stored : defaultQuickPromptShortcut,
      registered: this.shortcutRegistered,
      available: this.options.host?.registerShortcut !== undefined,
    };
  }

  /** Registers the stored (or default) shortcut: what the desktop app calls once at start. */
  registerStoredShortcut(): ApiResponse<'app.shortcut'> {
    const state = this.shortcutState();
    this.shortcutRegistered = this.options.host?.registerShortcut?.(state.accelerator) ?? false;
    return this.shortcutState();
  }

  private setShortcut(accelerator: string): ApiResponse<'app.setShortcut'> {
    const register = this.options.host?.registerShortcut;
    if (!register) throw new BatonError('invalid-request', 'Global shortcuts exist in the desktop app only.');
    if (!register(accelerator)) {
      // The previous one is put back, so the quick prompt stays reachable.
      this.shortcutRegistered = register(this.shortcutState().accelerator);
      throw new BatonError('invalid-request', `The shortcut ${accelerator} is not valid or another application holds it.`);
    }
    this.baton.database.settings.set(shortcutSettingKey, accelerator);
    this.shortcutRegistered = true;
    return this.shortcutState();
  }

  private rateAnswer(runId: string, rating: 1 | -1 | null, subtaskKey: string | undefined): number {
    const { database } = this.baton;
    if (!database.runs.get(runId)) throw new BatonError('invalid-request', `There is no answer of run "${runId}" to rate.`);
    if (subtaskKey === undefined) return this.baton.rateAnswer(runId, rating);
    if (!database.subtasks.listByRun(runId).some((subtask) => subtask.key === subtaskKey)) {
      throw new BatonError('invalid-request', `Run "${runId}" has no subtask "${subtaskKey}" to rate.`);
    }
    return this.baton.rateSubtask(runId, subtaskKey, rating);
  }

  /** The last answer of its conversation, answered again; the old one becomes an earlier version and a soft "down". */
  private async regenerateAnswer({ runId, modelId }: ApiParsedRequest<'chat.regenerate'>): Promise<ApiResponse<'chat.regenerate'>> {
    const { database } = this.baton;
    const run = database.runs.get(runId);
    if (!run) throw new BatonError('invalid-request', `There is no answer of run "${runId}" to regenerate.`);
    const answer = database.messages.get(run.assistantMessageId);
    const question = database.messages.get(run.userMessageId);
    if (!answer || !question) throw new BatonError('invalid-request', `The answer of run "${runId}" is gone.`);
    const current = database.messages.listByConversation(run.conversationId).filter((message) => message.supersededBy === null);
    if (current.at(-1)?.id !== answer.id) throw new BatonError('invalid-request', 'Only the last answer of a conversation can be regenerated.');
    this.assertNoRunIn(run.conversationId);
    const sent = await this.sendChat(
      { conversationId: run.conversationId, text: question.content, attachments: [], ...(modelId ? { modelId } : {}) },
      { answer: answer.id, questionId: question.id },
    );
    this.baton.answerRegenerated(runId);
    return sent;
  }

  /** A sent question replaced by new text and answered; it and what followed become an earlier version. */
  private async editQuestion({ messageId, text, attachments, modelId }: ApiParsedRequest<'chat.edit'>): Promise<ApiResponse<'chat.edit'>> {
    const message = this.baton.database.messages.get(messageId);
    if (!message || message.role !== 'user') throw new BatonError('invalid-request', `There is no question "${messageId}" to edit.`);
    if (message.supersededBy !== null) throw new BatonError('invalid-request', 'This question was replaced already: edit its latest version.');
    this.assertNoRunIn(message.conversationId);
    return this.sendChat({ conversationId: message.conversationId, text, attachments, ...(modelId ? { modelId } : {}) }, { question: messageId });
  }

  /** Before outcomes or conversations are deleted or replaced: a person's run must be stopped first; a shadow run stops itself. */
  private assertNoRuns(): void {
    if (this.activeRuns.size > 0) throw new BatonError('invalid-request', 'A run is in progress: stop it first.');
    this.shadowLearning.activity();
  }

  private assertNoRunIn(conversationId: string): void {
    if (this.baton.database.runs.listByConversation(conversationId).some((run) => this.runsById.has(run.id))) {
      throw new BatonError('invalid-request', 'This conversation has a run in progress: stop it first.');
    }
  }

  private async sendChat(request: ApiParsedRequest<'chat.send'>, replacing?: ConductorRequest['replacing']): Promise<ApiResponse<'chat.send'>> {
    // The person's request has the machine: shadow learning stops at once.
    this.shadowLearning.activity();
    const text = composeMessageText(request.text, request.attachments);
    if (text.trim().length === 0 && !request.analysis) throw new BatonError('invalid-request', 'The message is empty.');
    await this.renewBatonWhenIdle();
    if (this.renewFailure) throw new BatonError('configuration', `The settings cannot be used: ${this.renewFailure.message}`);
    const baton = this.baton;
    if (request.conversationId && !baton.database.conversations.get(request.conversationId)) {
      throw new BatonError('invalid-request', `There is no conversation "${request.conversationId}".`);
    }
    // The answer length belongs to the conversation (the conductor reads it from there): a message
    // sets it; a regenerated or edited turn keeps it. A new conversation gets it once it exists.
    if (request.conversationId && !replacing) baton.database.conversations.setAnswerLimit(request.conversationId, request.maxTokens ?? null);
    const active: ActiveRun = { controller: new AbortController(), modelId: request.modelId ?? '' };
    this.activeRuns.add(active);
    let choice: ModelChoice | undefined;
    try {
      choice = await (this.options.chooseModel ?? chooseModel)(baton, { modelId: request.modelId, signal: active.controller.signal });
      if (choice) {
        this.assertAllowed(choice);
        active.modelId = choice.model.id;
      }
    } catch (error) {
      this.activeRuns.delete(active);
      void this.renewBatonWhenIdle();
      throw toBatonError(error);
    }

    let documentQuestion: PreparedQuestion | undefined;
    let analysis: { documentIds: string[]; contextTokens: number | undefined } | undefined;
    try {
      if (request.analysis) analysis = await this.analysisFor(baton, request, choice);
      else documentQuestion = await this.documentQuestionFor(baton, request, choice, active.controller.signal);
    } catch (error) {
      this.activeRuns.delete(active);
      void this.renewBatonWhenIdle();
      throw toBatonError(error);
    }

    return new Promise((resolve, reject) => {
      let started = false;
      let assistantMessageId: string | undefined;
      const onEvent = (event: RunEvent) => {
        if (event.type === 'run-started') {
          started = true;
          assistantMessageId = event.assistantMessageId;
          // The model choice belongs to the conversation: its next messages, here or after a restart, start from it.
          // A regenerated answer's model is a one-off: the conversation keeps its own.
          if (!replacing || !('answer' in replacing)) baton.database.conversations.setModel(event.conversationId, request.modelId ?? null);
          if (!request.conversationId) baton.database.conversations.setAnswerLimit(event.conversationId, request.maxTokens ?? null);
          active.runId = event.runId;
          this.runsById.set(event.runId, active);
          resolve({ runId: event.runId, conversationId: event.conversationId });
        }
        this.events.publish({ type: 'run-event', event });
      };
      const runRequest: ConductorRequest = {
        conversationId: request.conversationId,
        text,
        // The conversation's documents: the question is answered from their passages (see documents/analysis).
        ...(documentQuestion ? { attachments: documentQuestion.attachments, plan: documentQuestion.plan } : {}),
        // Keyword search alone, or no passage matched: said in the run view.
        ...(documentQuestion?.retrieval.notice ? { notices: [{ kind: 'documents' as const, message: documentQuestion.retrieval.notice }] } : {}),
        // A named model answers alone; otherwise the conductor plans and routes.
        ...(choice ? { modelOverride: choice.model, modelOverrideReason: choice.reason } : {}),
        maxTokens: request.maxTokens,
        signal: active.controller.signal,
        onEvent,
        ...(replacing ? { replacing } : {}),
      };
      // Summarize and compare: a map-reduce plan over every passage, run by the conductor the same way.
      const running = analysis
        ? summarizeDocuments(
            {
              mode: request.analysis!,
              conversationId: request.conversationId!,
              documentIds: analysis.documentIds,
              ...(request.text.trim() ? { focus: request.text.trim() } : {}),
              ...(analysis.contextTokens !== undefined ? { contextTokens: analysis.contextTokens } : {}),
              ...(choice ? { modelOverride: choice.model, modelOverrideReason: choice.reason } : {}),
              ...(request.maxTokens ? { maxTokens: request.maxTokens } : {}),
              signal: active.controller.signal,
              onEvent,
            },
            { conductor: baton.conductor, index: baton.documents.index },
          ).then((summary) => summary.run)
        : baton.conductor.run(runRequest);
      const run = running.then(
        (result) => {
          if (documentQuestion && assistantMessageId && active.runId && result.answer.trim().length > 0) {
            this.recordCitations(baton, active.runId, assistantMessageId, citationsOf(result.answer, documentQuestion.passages));
          }
        },
        (error: unknown) => {
          // After run-started, a failure has been reported as the run-failed event; before it, to the caller.
          if (!started) reject(toBatonError(error));
        },
      );
      const settled = run.finally(() => {
        this.activeRuns.delete(active);
        if (active.runId) this.runsById.delete(active.runId);
        this.settledRuns.delete(settled);
        this.events.publish({ type: 'conversations-changed' });
        void this.renewBatonWhenIdle();
      });
      this.settledRuns.add(settled);
    });
  }

  /**
   * A run of the in-app gateway (a client's request), counted among the service's runs: the Baton
   * it uses is not replaced under it, closing the service cancels it, and chat.cancel stops it.
   * Its consent requests name the client; the conversation lists refresh as it starts and ends.
   */
  private runForGateway(conductor: Conductor, request: ConductorRequest): Promise<ConductorResult> {
    this.shadowLearning.activity();
    const active: ActiveRun = { controller: new AbortController(), modelId: request.modelOverride?.id ?? '' };
    const clientGone = () => active.controller.abort();
    if (request.signal?.aborted) clientGone();
    else request.signal?.addEventListener('abort', clientGone, { once: true });
    this.activeRuns.add(active);
    const { conversationId, source } = request;
    if (conversationId && source) this.runSources.set(conversationId, source);
    const running = conductor.run({
      ...request,
      signal: active.controller.signal,
      onEvent: (event) => {
        if (event.type === 'run-started') {
          active.runId = event.runId;
          this.runsById.set(event.runId, active);
          this.events.publish({ type: 'conversations-changed' });
        }
        request.onEvent?.(event);
      },
    });
    const settled = running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        request.signal?.removeEventListener('abort', clientGone);
        this.activeRuns.delete(active);
        if (active.runId) this.runsById.delete(active.runId);
        if (conversationId) this.runSources.delete(conversationId);
        this.settledRuns.delete(settled);
        this.events.publish({ type: 'conversations-changed' });
        void this.renewBatonWhenIdle();
      });
    this.settledRuns.add(settled);
    return running;
  }

  /** The passages an answer from documents rests on: kept with the message, and sent to the window showing it. */
  private recordCitations(baton: Baton, runId: string, messageId: string, citations: MessageCitations): void {
    try {
      baton.database.messages.setCitations(messageId, citations);
    } catch {
      // The conversation was deleted while the answer streamed: there is no message to keep them with.
      return;
    }
    this.events.publish({ type: 'message-citations', runId, messageId, citations });
  }

  /** The service's own guard for a model the person named: offline and local-only keep everything on this machine. */
  private assertAllowed(choice: ModelChoice): void {
    if (choice.model.locality === 'on-device') return;
    const privacy = this.settings.privacy();
    if (privacy.offline) {
      throw new BatonError('offline', `Baton is offline: ${choice.model.id} is not on this machine. Choose a local model or go online.`);
    }
    if (privacy.policy === 'local-only' && choice.model.locality === 'cloud') {
      throw new BatonError('privacy-blocked', `The privacy mode is local-only: ${choice.model.id} is a cloud model. Choose a local model or change the mode.`);
    }
  }

  private cancelRun(runId: string): boolean {
    const run = this.runsById.get(runId);
    if (!run) return false;
    run.controller.abort();
    return true;
  }

  /**
   * A message in a conversation that holds documents asks about them: the passages retrieved for
   * it, fitted to the smallest context that may answer, go with it (undefined without documents).
   */
  private async documentQuestionFor(baton: Baton, request: ApiParsedRequest<'chat.send'>, choice: ModelChoice | undefined, signal: AbortSignal): Promise<PreparedQuestion | undefined> {
    const documents = request.conversationId ? baton.documents.documents(request.conversationId) : [];
    if (documents.length === 0 || request.text.trim().length === 0) return undefined;
    return prepareDocumentQuestion(
      {
        documentIds: documents.map((document) => document.id),
        question: request.text,
        contextTokens: await smallestAnsweringContext(baton.modelPool, choice?.model),
        signal,
      },
      { index: baton.documents.index, retriever: baton.documents.retriever },
    );
  }

  /** What a summary or comparison of the conversation's documents works on; a clear error when it has none. */
  private async analysisFor(baton: Baton, request: ApiParsedRequest<'chat.send'>, choice: ModelChoice | undefined): Promise<{ documentIds: string[]; contextTokens: number | undefined }> {
    const documents = request.conversationId ? baton.documents.documents(request.conversationId) : [];
    if (documents.length === 0) throw new BatonError('invalid-request', 'This conversation has no documents to summarize: drop a PDF or Word file in first.');
    if (request.analysis === 'compare' && documents.length < 2) throw new BatonError('invalid-request', 'Comparing needs at least two documents in the conversation.');
    return { documentIds: documents.map((document) => document.id), contextTokens: await smallestAnsweringContext(baton.modelPool, choice?.model) };
  }

  /** A file dropped in: indexed into its conversation (a new one, named after the file, when none is given). */
  private async addDocument(request: ApiParsedRequest<'documents.add'>): Promise<ApiResponse<'documents.add'>> {
    this.shadowLearning.activity();
    const { database, documents } = this.baton;
    if (request.conversationId && !database.conversations.get(request.conversationId)) {
      throw new BatonError('invalid-request', `There is no conversation "${request.conversationId}".`);
    }
    const conversationId = request.conversationId ?? database.conversations.create({ title: request.name }).id;
    // Counted as work in progress: the Baton is not renewed (its database closed) under an indexing, and closing cancels it.
    const indexing: ActiveRun = { controller: new AbortController(), modelId: '' };
    const { uploadId } = request;
    if (uploadId !== undefined && this.uploads.has(uploadId)) throw new BatonError('invalid-request', `The upload "${uploadId}" is already being indexed.`);
    this.activeRuns.add(indexing);
    if (uploadId !== undefined) this.uploads.set(uploadId, indexing);
    const onProgress = (progress: IndexingProgress) =>
      this.events.publish({ type: 'document-progress', progress: { uploadId: uploadId!, done: progress.stage === 'scanned' ? progress.done : 0, ...progress } });
    try {
      const added = await documents.add(
        conversationId,
        { name: request.name, bytes: Buffer.from(request.contentBase64, 'base64') },
        { signal: indexing.controller.signal, ...(uploadId !== undefined ? { onProgress } : {}) },
      );
      if (!request.conversationId) this.events.publish({ type: 'conversations-changed' });
      return added;
    } catch (error) {
      // A conversation made for this file alone does not outlive a file that could not be read.
      if (!request.conversationId) database.conversations.delete(conversationId);
      throw error;
    } finally {
      this.activeRuns.delete(indexing);
      if (uploadId !== undefined) this.uploads.delete(uploadId);
      void this.renewBatonWhenIdle();
    }
  }

  /**
   * With its title as the window shows it by default (see TitleMasker). A title made from the
   * first message was cut to 60 characters, perhaps inside a value the shield then would not
   * recognise: the whole first line is checked and the masked line cut instead.
   */
  private async shown(conversation: Conversation): Promise<ConversationView> {
    const first = this.baton.database.messages.firstContent(conversation.id, 'user');
    const line = first === undefined ? undefined : (first.trim().split('\n')[0] ?? '');
    const fromFirstMessage = first !== undefined && titleFrom(first) === conversation.title;
    const maskedTitle = fromFirstMessage ? shortenTitle(await this.titles.mask(line!)) : await this.titles.mask(conversation.title);
    return { ...conversation, maskedTitle, source: this.baton.database.runs.sourceOfConversation(conversation.id) };
  }

  private conversationDetail(id: string): ConversationDetail {
    const { database } = this.baton;
    const conversation = database.conversations.get(id);
    if (!conversation) throw new BatonError('invalid-request', `There is no conversation "${id}".`);
    return {
      conversation,
      messages: database.messages.listByConversation(id),
      runs: database.runs.listByConversation(id).map((run) => ({
        ...run,
        subtasks: database.subtasks.listByRun(run.id),
        events: database.runEvents.listByRun(run.id),
      })),
    };
  }

  private deleteConversation(id: string): ApiResponse<'conversations.delete'> {
    // A shadow run may be answering one of its subtasks again: it stops.
    this.shadowLearning.activity();
    const { database } = this.baton;
    const runs = database.runs.listByConversation(id);
    for (const run of runs) {
      if (this.runsById.has(run.id)) throw new BatonError('invalid-request', 'This conversation has a run in progress: stop it first.');
    }
    const deleted = database.conversations.delete(id);
    // Memory must not keep what the transaction removed: the vault's original values, the tallies.
    this.baton.forgetConversation(id);
    if (deleted) this.events.publish({ type: 'conversations-changed' });
    return { deleted };
  }

  /**
   * Deletes every conversation and what derives from them (see BatonDatabase.deleteAllData), then
   * renews the Baton, whose privacy vaults and learned tallies were read into memory from the deleted rows.
   */
  private async deleteAllConversations(): Promise<ApiResponse<'conversations.deleteAll'>> {
    this.assertNoRuns();
    const { database } = this.baton;
    const deleted = database.conversations.list().length;
    database.deleteAllData();
    this.batonIsStale = true;
    await this.renewBatonWhenIdle({ announce: false });
    this.events.publish({ type: 'conversations-changed' });
    return { deleted };
  }

  private async listModels(): Promise<ApiResponse<'models.list'>> {
    const { registry, modelStore, localProvider, catalog, paths } = this.baton;
    const [listings, downloaded, partials] = await Promise.all([registry.listModels(), modelStore.list(), modelStore.listPartialDownloads()]);
    let runtime: ApiResponse<'models.list'>['runtime'] = null;
    let runtimeError: string | null = null;
    try {
      // The first call loads llama.cpp; the listing does not wait for it for long (the next one has it).
      const info = await withTimeout(localProvider.runtimeInfo(), runtimeWaitMs, 'The local runtime is still loading.');
      const loaded = await localProvider.loadedModels();
      runtime = {
        backend: info.backend,
        gpuRequested: info.gpuRequested,
        cpuFallbackReason: info.cpuFallbackReason ?? null,
        loadedModels: loaded.map(({ path, backend, gpuLayers, totalLayers, contextSize, sequences, threads, threadReason }) => ({
          path,
          backend,
          gpuLayers,
          totalLayers,
          contextSize,
          sequences,
          threads,
          threadReason,
        })),
      };
    } catch (error) {
      runtimeError = toBatonError(error).message;
    }
    const downloadedNames = new Set(downloaded.map((model) => model.fileName));
    return {
      listings,
      catalog: catalog.models.map((entry) => ({
        id: entry.id,
        name: entry.name,
        description: entry.description,
        fileName: entry.fileName,
        bytes: entry.bytes,
        quantization: entry.quantization,
        parameters: entry.parameters,
        contextLength: entry.contextLength,
        license: entry.license,
        minRamGiB: entry.minRamGiB,
        downloaded: downloadedNames.has(entry.fileName),
        partialBytes: partials.find((partial) => partial.fileName === entry.fileName)?.bytes ?? 0,
        downloading: this.downloads.isActive(entry.id),
      })),
      downloaded: downloaded.map((model) => ({
        id: model.id,
        fileName: model.fileName,
        bytes: model.bytes,
        fromCatalog: model.catalogEntry !== undefined,
        loaded: localProvider.isLoaded(model.path),
      })),
      runtime,
      runtimeError,
      modelsDir: paths.modelsDir,
      memoryBytes: totalmem(),
    };
  }

  private async deleteModel(id: string): Promise<ApiResponse<'models.delete'>> {
    const { modelStore, localProvider } = this.baton;
    const model = await modelStore.find(id);
    if (model && [...this.activeRuns].some((run) => run.modelId === `local:${model.id}`)) {
      throw new BatonError('invalid-request', `${model.id} is answering right now: stop the run first.`);
    }
    if (this.downloads.cancel(id)) await new Promise((resolve) => setTimeout(resolve, 0));
    if (model) await localProvider.unload(model.path);
    await modelStore.deleteModel(id);
    return { deleted: true };
  }
}
