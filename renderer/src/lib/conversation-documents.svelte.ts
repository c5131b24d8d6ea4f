import type { DocumentProgress } from '@shared/api';
import type { ConversationDocument } from '@shared/domain';
import { api } from './api-client';
import type { PendingDocument } from './pending-documents';

/** Files read as documents (parsed, indexed, answered from by passage) rather than pasted as text. */
export function isDocumentFile(file: File): boolean {
  return /\.(pdf|docx)$/i.test(file.name) || file.type === 'application/pdf' || file.type === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
}

/**
 * The documents of the conversation on screen: those indexed, those being indexed, and adding
 * and removing them. The first document of a new chat starts its conversation.
 */
export class ConversationDocuments {
  documents = $state<ConversationDocument[]>([]);
  pending = $state<PendingDocument[]>([]);
  private uploads = 0;

  clear(): void {
    this.documents = [];
    this.pending = [];
  }

  async load(conversationId: string): Promise<void> {
    this.documents = (await api.call('documents.list', { conversationId })).documents;
  }

  /** Adds a file; resolves with the conversation it now belongs to. Failures reject with the service's message. */
  async add(file: File, conversationId: string | null): Promise<string> {
    const uploadId = `upload-${Date.now()}-${++this.uploads}`;
    this.pending.push({ uploadId, name: file.name, byteCount: file.size, progress: null });
    try {
      const contentBase64 = await base64Of(file);
      const { document } = await api.call('documents.add', { name: file.name, contentBase64, uploadId, ...(conversationId ? { conversationId } : {}) });
      if (!this.documents.some((known) => known.id === document.id)) this.documents.push(document);
      return document.conversationId;
    } finally {
      this.pending = this.pending.filter((candidate) => candidate.uploadId !== uploadId);
    }
  }

  /** A document-progress event: shown on its pending entry. */
  onProgress(progress: DocumentProgress): void {
    const pending = this.pending.find((candidate) => candidate.uploadId === progress.uploadId);
    if (pending) pending.progress = progress;
  }

  /** Stops indexing a pending document; its add then fails as cancelled. */
  async cancel(uploadId: string): Promise<void> {
    await api.call('documents.cancelAdd', { uploadId });
  }

  async remove(id: string): Promise<void> {
    await api.call('documents.remove', { id });
    this.documents = this.documents.filter((document) => document.id !== id);
  }
}

/** A file's bytes as base64, read by the browser (a data URL without its prefix). */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error(`${file.name} could not be read.`));
    reader.readAsDataURL(file);
  });
}
