import type { Span } from '../../../shared/privacy.js';

/** Messages between the entity recognizer and its worker thread (entity-worker.ts). */
export interface EntityWorkerSetup {
  folder: string;
  threads: number;
}

export interface EntityWorkerRequest {
  id: number;
  text: string;
  source: string;
}

export type EntityWorkerReply = { id: number; spans: Span[] } | { id: number; error: string };
