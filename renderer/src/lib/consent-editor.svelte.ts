import type { ConsentEdits, ConsentPlaceholder, ConsentPreview, ConsentRequest } from '@shared/privacy';
import { api } from './api-client';
import { messageOf } from './chat-session.svelte';

export type PreviewStatus = 'unchanged' | 'updating' | 'ready' | 'failed';

/**
 * The person's edits of one consent request, and the payload they lead to. Every change asks
 * the core for the rebuilt payload (consent.preview), which is exactly what consent.respond
 * with the same edits sends; the dialog shows nothing it computed itself. A reply for edits
 * that have changed since is dropped.
 */
export class ConsentEditor {
  redact = $state<string[]>([]);
  release = $state<string[]>([]);
  status = $state<PreviewStatus>('unchanged');
  error = $state<string | null>(null);
  private preview = $state<ConsentPreview | null>(null);
  private revision = 0;
  private readonly request: ConsentRequest;

  constructor(request: ConsentRequest) {
    this.request = request;
  }

  get edits(): ConsentEdits {
    return { redact: [...this.redact], release: [...this.release] };
  }

  get changed(): boolean {
    return this.redact.length > 0 || this.release.length > 0;
  }

  /** Whether the payload shown is the one the answer would send. */
  get ready(): boolean {
    return this.status === 'unchanged' || this.status === 'ready';
  }

  get payload(): ConsentPreview['payload'] {
    return this.preview?.payload ?? this.request.payload;
  }

  get placeholders(): ConsentPlaceholder[] {
    return this.preview?.placeholders ?? this.request.placeholders;
  }

  get redactions(): ConsentPreview['redactions'] {
    return this.preview?.redactions ?? this.request.redactions;
  }

  get estimatedCostUsd(): number {
    return this.preview?.estimatedCostUsd ?? this.request.estimatedCostUsd;
  }

  /** The request's placeholders, released ones included, for the list of what was redacted. */
  get originalPlaceholders(): ConsentPlaceholder[] {
    return this.request.placeholders;
  }

  addRedact(term: string): void {
    const trimmed = term.trim();
    if (!trimmed || this.redact.some((existing) => existing.toLowerCase() === trimmed.toLowerCase())) return;
    this.redact = [...this.redact, trimmed];
    void this.refresh();
  }

  removeRedact(term: string): void {
    this.redact = this.redact.filter((existing) => existing !== term);
    void this.refresh();
  }

  toggleRelease(value: string): void {
    this.release = this.release.includes(value) ? this.release.filter((existing) => existing !== value) : [...this.release, value];
    void this.refresh();
  }

  reset(): void {
    this.redact = [];
    this.release = [];
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    const revision = ++this.revision;
    this.error = null;
    if (!this.changed) {
      this.preview = null;
      this.status = 'unchanged';
      return;
    }
    this.status = 'updating';
    try {
      const preview = await api.call('consent.preview', { requestId: this.request.id, edits: this.edits });
      if (revision !== this.revision) return;
      this.preview = preview;
      this.status = 'ready';
    } catch (failure) {
      if (revision !== this.revision) return;
      this.status = 'failed';
      this.error = messageOf(failure);
    }
  }
}
