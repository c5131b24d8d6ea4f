import type { ApiEvent, ConversationView, DownloadState, GatewayState, ModelsOverview, PrivacyState, SettingsView } from '@shared/api';
import type { ConsentDecision, ConsentEdits, ConsentRequest } from '@shared/privacy';
import { api, type ConnectionStatus } from './api-client';
import { ChatSession, messageOf } from './chat-session.svelte';
import { applyTheme, loadTheme, nextTheme, type ThemeChoice } from './theme';

export type View = 'chat' | 'models' | 'settings' | 'stats';

/** A consent request waiting for the person, with who asked when it was not this app (a gateway client). */
export interface AskedConsent {
  request: ConsentRequest;
  source?: string;
}

export interface Toast {
  id: number;
  kind: 'info' | 'error' | 'success';
  text: string;
}

/** Everything the main window shares between its views, fed by the API's events. */
export class AppState {
  view = $state<View>('chat');
  connection = $state<ConnectionStatus>('connecting');
  settings = $state<SettingsView | null>(null);
  conversations = $state<ConversationView[]>([]);
  /**
   * Titles as written, instead of with names, places and numbers masked: off at every start, so
   * a screen share or a glance over the shoulder shows none (issue: privacy in the interface).
   */
  revealTitles = $state(false);
  /** Below 720 px the sidebar is a drawer over the page: whether it is open. */
  drawerOpen = $state(false);
  search = $state('');
  models = $state<ModelsOverview | null>(null);
  downloads = $state<Record<string, DownloadState>>({});
  consentQueue = $state<AskedConsent[]>([]);
  /** The gateway for other tools (Settings); null until read. */
  gateway = $state<GatewayState | null>(null);
  toasts = $state<Toast[]>([]);
  theme = $state<ThemeChoice>('system');
  readonly chat = new ChatSession();

  private toastId = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly extraRunListeners = new Set<ChatSession>();

  get privacy(): PrivacyState | null {
    return this.settings?.privacy ?? null;
  }

  start(): () => void {
    this.theme = loadTheme();
    applyTheme(this.theme);
    const stopStatus = api.onStatus((status) => {
      const reconnected = this.connection !== 'open' && status === 'open';
      this.connection = status;
      if (reconnected) void this.refreshAll();
    });
    const stopEvents = api.onEvent((event) => this.onEvent(event));
    return () => {
      stopStatus();
      stopEvents();
    };
  }

  /** Another ChatSession (the quick prompt) that wants run events too. */
  attach(session: ChatSession): () => void {
    this.extraRunListeners.add(session);
    return () => this.extraRunListeners.delete(session);
  }

  async refreshAll(): Promise<void> {
    await Promise.all([this.refreshSettings(), this.refreshConversations(), this.refreshModels()]);
  }

  async refreshSettings(): Promise<void> {
    try {
      [this.settings, this.gateway] = await Promise.all([api.call('settings.get', {}), api.call('gateway.get', {})]);
    } catch (error) {
      this.notify('error', messageOf(error));
    }
  }

  async refreshConversations(): Promise<void> {
    try {
      const search = this.search.trim();
      this.conversations = (await api.call('conversations.list', search ? { search } : {})).conversations;
    } catch (error) {
      this.notify('error', messageOf(error));
    }
  }

  async refreshModels(): Promise<void> {
    try {
      this.models = await api.call('models.list', {});
    } catch (error) {
      this.notify('error', messageOf(error));
    }
  }

  async setPrivacy(change: { policy?: PrivacyState['policy']; offline?: boolean }): Promise<void> {
    try {
      const privacy = await api.call('privacy.update', change);
      if (this.settings) this.settings.privacy = privacy;
    } catch (error) {
      this.notify('error', messageOf(error));
    }
  }

  cycleTheme(): void {
    this.theme = nextTheme(this.theme);
    applyTheme(this.theme);
  }

  notify(kind: Toast['kind'], text: string): void {
    const id = ++this.toastId;
    this.toasts.push({ id, kind, text });
    setTimeout(() => this.dismiss(id), kind === 'error' ? 8000 : 4000);
  }

  dismiss(id: number): void {
    this.toasts = this.toasts.filter((toast) => toast.id !== id);
  }

  /**
   * Answers a consent request, with the person's edits of its payload if any. Rejects when the
   * answer is refused (the request keeps waiting, so the dialog stays and says why).
   */
  async respondToConsent(requestId: string, decision: ConsentDecision, edits?: ConsentEdits): Promise<void> {
    const { accepted } = await api.call('consent.respond', { requestId, decision, ...(edits ? { edits } : {}) });
    this.consentQueue = this.consentQueue.filter((asked) => asked.request.id !== requestId);
    if (!accepted) this.notify('info', 'That request had already been settled (answered elsewhere, timed out or cancelled).');
  }

  private onEvent(event: ApiEvent): void {
    switch (event.type) {
      case 'run-event':
        this.chat.onRunEvent(event.event);
        for (const session of this.extraRunListeners) session.onRunEvent(event.event);
        if (event.event.type === 'run-finished' || event.event.type === 'run-failed') this.scheduleRefresh();
        break;
      case 'consent-requested':
        if (!this.consentQueue.some((asked) => asked.request.id === event.request.id)) {
          this.consentQueue.push({ request: event.request, ...(event.source ? { source: event.source } : {}) });
        }
        break;
      case 'consent-closed':
        this.consentQueue = this.consentQueue.filter((asked) => asked.request.id !== event.requestId);
        break;
      case 'gateway-changed':
        this.gateway = event.gateway;
        break;
      case 'download-progress': {
        this.downloads[event.download.modelId] = event.download;
        if (event.download.state === 'failed') this.notify('error', `Download of ${event.download.modelId} failed: ${event.download.error?.message ?? 'unknown error'}`);
        if (event.download.state === 'finished') this.notify('success', `${event.download.modelId} is downloaded and verified.`);
        if (event.download.state !== 'downloading') void this.refreshModels();
        break;
      }
      case 'settings-changed':
        this.settings = event.settings;
        void this.refreshModels();
        break;
      case 'conversations-changed':
        this.scheduleRefresh();
        break;
      case 'document-progress':
        this.chat.documents.onProgress(event.progress);
        break;
      case 'message-citations':
        this.chat.onCitations(event.runId, event.citations);
        break;
      case 'open-conversation':
        if (event.conversationId) {
          this.view = 'chat';
          void this.chat.load(event.conversationId);
        }
        break;
    }
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      void this.refreshConversations();
      if (this.chat.conversationId && !this.chat.busy) void this.chat.load(this.chat.conversationId);
    }, 150);
  }
}

export const app = new AppState();
