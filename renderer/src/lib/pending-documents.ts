import type { DocumentProgress } from '@shared/api';

/** A document being added: shown until the service has indexed it (or said why it could not). */
export interface PendingDocument {
  /** Told apart by this, not by identity: the $state array holds a proxy of the object pushed. */
  uploadId: string;
  name: string;
  byteCount: number;
  /** The service's latest progress report; null while the file is read and sent. */
  progress: DocumentProgress | null;
}

/** Where a pending document is, in words: "reading…", then "scanning 3 of 12 passages…". */
export function pendingStage(pending: PendingDocument): string {
  const progress = pending.progress;
  if (!progress) return 'reading…';
  const pages = progress.pageCount !== undefined ? `${progress.pageCount} ${progress.pageCount === 1 ? 'page' : 'pages'}, ` : '';
  return `${pages}scanning ${progress.done} of ${progress.chunkCount} ${progress.chunkCount === 1 ? 'passage' : 'passages'}…`;
}
