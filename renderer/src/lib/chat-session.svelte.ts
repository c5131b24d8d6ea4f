import type { Attachment } from '@shared/api';
import type { MessageCitations } from '@shared/domain';
import type { RunEvent } from '@shared/events';
import { api, ApiError } from './api-client';
import { ConversationDocuments } from './conversation-documents.svelte';
import { splitAttachments } from './message-parts';
import { applyRunEvent, emptyRunView, runViewFromDetail, type RunView } from './run-view';

export interface ChatMessage {
  /** The stored id, or a local one until the conversation is reloaded. */
  id: string;
  role: 'user' | 'assistant' | 'system';
  text: string;
  files: Array<{ name: string; text: string }>;
  status: 'complete' | 'streaming' | 'incomplete' | 'failed';
  runId: string | null;
  modelId: string | null;
  error: string | null;
  /** The document passages an answer rests on (see MessageCitations). */
  citations: MessageCitations | null;
  /** The message that replaced this one (a regenerated answer, an edited question): then it is an earlier version. */
  supersededBy: string | null;
}

/** Events of runs this session has not claimed yet (they can arrive before chat.send answers). */
const bufferedRunLimit = 50;

/**
 * One conversation on screen: its messages, the run view of each answer, and the run in progress.
 * Used by the main window and by the quick prompt.
 */
export class ChatSession {
  conversationId = $state<string | null>(null);
  title = $state('');
  /** The conversation's model for its next messages; empty: automatic (the default model, else the first local one). */
  modelId = $state('');
  /** The conversation's longest answer, in tokens; null: the app-wide setting. Sent with every message. */
  maxAnswerTokens = $state<number | null>(null);
  /** The title with what the shield finds masked; until the service has checked a new title, a neutral one. */
  maskedTitle = $state('');
  messages = $state<ChatMessage[]>([]);
  runs = $state<Record<string, RunView>>({});
  activeRunId = $state<string | null>(null);
  sending = $state(false);
  error = $state<string | null>(null);
  loading = $state(false);
  /** The documents dropped into this conversation. */
  readonly documents = new ConversationDocuments();

  private readonly buffered = new Map<string, RunEvent[]>();
  /** Citations that arrived before this window showed their answer (a run faster than chat.send's reply). */
  private readonly earlyCitations = new Map<string, MessageCitations>();
  private pendingText = new Map<string, string>();
  private flushScheduled = false;
  private loadToken = 0;

  /** Adds a document to this conversation, starting one when the chat is new. */
  async addDocument(file: File): Promise<void> {
    const conversationId = await this.documents.add(file, this.conversationId);
    if (this.conversationId === null) {
      this.loadToken += 1;
      this.conversationId = conversationId;
      if (!this.title) {
        this.title = file.name;
        this.maskedTitle = 'New conversation';
      }
    }
  }

  get busy(): boolean {
    return this.sending || this.activeRunId !== null;
  }

  newChat(): void {
    this.loadToken += 1;
    this.conversationId = null;
    this.title = '';
    this.maskedTitle = '';
    this.modelId = '';
    this.maxAnswerTokens = null;
    this.documents.clear();
    this.messages = [];
    this.runs = {};
    this.error = null;
  }

  async load(conversationId: string): Promise<void> {
    const token = ++this.loadToken;
    this.loading = true;
    try {
      const detail = await api.call('conversations.get', { id: conversationId });
      if (token !== this.loadToken) return;
      await this.documents.load(conversationId);
      if (token !== this.loadToken) return;
      // The conversation's model and length when it is opened. A reload of the one on screen (after
      // each answer) keeps what the composer shows: the person may have changed it meanwhile, and
      // the next message takes it to the conversation.
      if (this.conversationId !== detail.conversation.id) {
        this.modelId = detail.conversation.modelId ?? '';
        this.maxAnswerTokens = detail.conversation.maxAnswerTokens;
      }
      this.conversationId = detail.conversation.id;
      this.title = detail.conversation.title;
      this.maskedTitle = detail.conversation.maskedTitle;
      const runs: Record<string, RunView> = {};
      for (const run of detail.runs) runs[run.id] = runViewFromDetail(run);
      // A run still streaming here keeps its live view.
      if (this.activeRunId && this.runs[this.activeRunId]) runs[this.activeRunId] = this.runs[this.activeRunId]!;
      this.runs = runs;
      this.messages = detail.messages.map((message) => {
        const parts = message.role === 'user' ? splitAttachments(message.content) : { text: message.content, files: [] };
        const live = this.activeRunId !== null && message.runId === this.activeRunId && message.role === 'assistant';
        const current = live ? this.messages.find((candidate) => candidate.runId === message.runId && candidate.role === 'assistant') : undefined;
        return {
          id: message.id,
          role: message.role,
          text: current?.text ?? parts.text,
          files: parts.files,
          status: current?.status ?? message.status,
          runId: message.runId,
          modelId: message.modelId,
          error: runs[message.runId ?? '']?.error?.message ?? null,
          // Sources that arrived (message-citations) while this load read an older row are kept.
          citations: message.citations ?? this.citationsOf(message.runId),
          supersededBy: message.supersededBy,
        };
      });
      this.error = null;
    } catch (error) {
      if (token === this.loadToken) this.error = messageOf(error);
    } finally {
      if (token === this.loadToken) this.loading = false;
    }
  }

  /** Sends a message; with `analysis`, the conversation's documents are summarized or compared whole (`text`: what to attend to). */
  async send(text: string, attachments: Attachment[], modelId: string | undefined, analysis?: 'summarize' | 'compare'): Promise<string | null> {
    if (this.busy) return null;
    this.sending = true;
    this.error = null;
    const userMessage: ChatMessage = {
      id: `local-user-${Date.now()}`,
      role: 'user',
      // Until the conversation reloads, where the service's own wording of the request shows.
      text: analysis ? `${analysis === 'compare' ? 'Compare' : 'Summarize'} the documents${text.trim() ? `, focusing on: ${text.trim()}` : '.'}` : text.trim(),
      files: attachments.map((attachment) => ({ ...attachment })),
      status: 'complete',
      runId: null,
      modelId: null,
      error: null,
      citations: null,
      supersededBy: null,
    };
    this.messages.push(userMessage);
    try {
      const sent = await api.call('chat.send', {
        text,
        attachments,
        ...(this.conversationId ? { conversationId: this.conversationId } : {}),
        ...(modelId ? { modelId } : {}),
        ...(this.maxAnswerTokens !== null ? { maxTokens: this.maxAnswerTokens } : {}),
        ...(analysis ? { analysis } : {}),
      });
      this.loadToken += 1;
      this.conversationId = sent.conversationId;
      if (!this.title) {
        this.title = text.trim().split('\n')[0]?.slice(0, 60) || 'New conversation';
        this.maskedTitle = 'New conversation';
      }
      userMessage.runId = sent.runId;
      this.startAnswer(sent.runId);
      return sent.runId;
    } catch (error) {
      this.messages = this.messages.filter((message) => message !== userMessage && message.id !== userMessage.id);
      this.error = messageOf(error);
      return null;
    } finally {
      this.sending = false;
    }
  }

  /**
   * Answers the last question again, with `modelId` when given (else the conversation's choice);
   * the old answer stays as an earlier version of the new one.
   */
  async regenerate(runId: string, modelId?: string): Promise<void> {
    if (this.busy) return;
    this.sending = true;
    this.error = null;
    try {
      const sent = await api.call('chat.regenerate', { runId, ...(modelId ? { modelId } : {}) });
      const old = this.messages.find((message) => message.runId === runId && message.role === 'assistant' && message.supersededBy === null);
      const replacedBy = answerIdOf(sent.runId);
      for (const message of this.messages) {
        if (message === old || (old && message.supersededBy === old.id)) message.supersededBy = replacedBy;
      }
      this.startAnswer(sent.runId);
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.sending = false;
    }
  }

  /**
   * Replaces a sent question with `text` (its files kept) and answers it; the old question and
   * everything after it stay as an earlier version of the new one.
   */
  async edit(messageId: string, text: string, modelId?: string): Promise<void> {
    if (this.busy) return;
    const index = this.messages.findIndex((message) => message.id === messageId);
    const question = this.messages[index];
    if (!question) return;
    this.sending = true;
    this.error = null;
    try {
      const files = question.files.map((file) => ({ name: file.name, text: file.text }));
      const sent = await api.call('chat.edit', { messageId, text, attachments: files, ...(modelId ? { modelId } : {}) });
      const replacement: ChatMessage = { ...newMessage('user', `local-user-${sent.runId}`, sent.runId), text: text.trim(), files };
      this.messages.forEach((message, position) => {
        if (message.supersededBy === messageId || (position >= index && message.supersededBy === null)) message.supersededBy = replacement.id;
      });
      this.messages.push(replacement);
      this.startAnswer(sent.runId);
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.sending = false;
    }
  }

  /** The streaming answer of a run chat.send (or regenerate, or edit) just started, and its run view. */
  private startAnswer(runId: string): void {
    this.messages.push({ ...newMessage('assistant', answerIdOf(runId), runId), status: 'streaming', citations: this.earlyCitations.get(runId) ?? null });
    this.earlyCitations.delete(runId);
    this.runs[runId] = emptyRunView(runId);
    this.activeRunId = runId;
    for (const event of this.buffered.get(runId) ?? []) this.apply(event);
    this.buffered.delete(runId);
  }

  async stop(): Promise<void> {
    if (!this.activeRunId) return;
    try {
      await api.call('chat.cancel', { runId: this.activeRunId });
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  /** Every run event of every run reaches here; the session keeps those of its own runs. */
  /** The passages an answer from documents rests on, recorded once its run finished. */
  onCitations(runId: string, citations: MessageCitations): void {
    const answer = this.messages.find((message) => message.runId === runId && message.role === 'assistant');
    if (answer) answer.citations = citations;
    else {
      // Runs of other windows' conversations come here too: only the latest few are kept.
      this.earlyCitations.set(runId, citations);
      if (this.earlyCitations.size > bufferedRunLimit) this.earlyCitations.delete(this.earlyCitations.keys().next().value!);
    }
  }

  /** What a message-citations event brought for this run's answer, if anything. */
  private citationsOf(runId: string | null): MessageCitations | null {
    if (runId === null) return null;
    return this.messages.find((message) => message.runId === runId && message.role === 'assistant')?.citations ?? this.earlyCitations.get(runId) ?? null;
  }

  onRunEvent(event: RunEvent): void {
    if (this.runs[event.runId]) {
      this.apply(event);
      return;
    }
    let kept = this.buffered.get(event.runId);
    if (!kept) {
      kept = [];
      this.buffered.set(event.runId, kept);
      if (this.buffered.size > bufferedRunLimit) this.buffered.delete(this.buffered.keys().next().value!);
    }
    kept.push(event);
  }

  private apply(event: RunEvent): void {
    const view = this.runs[event.runId];
    if (!view) return;
    if (event.type === 'answer-delta') {
      this.pendingText.set(event.runId, (this.pendingText.get(event.runId) ?? '') + event.text);
      this.scheduleFlush();
      return;
    }
    applyRunEvent(view, event);
    const answer = this.messages.find((message) => message.runId === event.runId && message.role === 'assistant');
    if (event.type === 'subtask-routed' && answer && !answer.modelId) answer.modelId = event.modelId;
    if (event.type === 'run-finished' || event.type === 'run-failed') {
      this.flush();
      if (answer) {
        if (event.type === 'run-finished') {
          answer.text = event.answer;
          answer.status = event.finishReason === 'aborted' ? 'incomplete' : 'complete';
        } else {
          answer.text = event.partialAnswer;
          answer.status = 'failed';
          answer.error = event.error.message;
        }
      }
      if (this.activeRunId === event.runId) this.activeRunId = null;
    }
  }

  /** Deltas are applied once per frame: a fast local model sends hundreds a second. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    const run = () => this.flush();
    if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible') requestAnimationFrame(run);
    else setTimeout(run, 30);
  }

  private flush(): void {
    this.flushScheduled = false;
    for (const [runId, text] of this.pendingText) {
      const answer = this.messages.find((message) => message.runId === runId && message.role === 'assistant');
      if (answer) answer.text += text;
    }
    this.pendingText.clear();
  }
}

/** A message of this window until the conversation reloads with the stored ones. */
function newMessage(role: 'user' | 'assistant', id: string, runId: string): ChatMessage {
  return { id, role, text: '', files: [], status: 'complete', runId, modelId: null, error: null, citations: null, supersededBy: null };
}

function answerIdOf(runId: string): string {
  return `local-answer-${runId}`;
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
