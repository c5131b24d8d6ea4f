/** The messages between parse-document.ts and its worker thread (parse-worker.ts). */
import type { SerializedError } from '../../../shared/errors.js';
import type { ParsedDocument, ParseLimits } from './parsed-document.js';

export interface ParseWorkerInput {
  bytes: Uint8Array;
  name: string;
  limits: ParseLimits;
}

export type ParseWorkerReply = { document: ParsedDocument } | { error: SerializedError };
