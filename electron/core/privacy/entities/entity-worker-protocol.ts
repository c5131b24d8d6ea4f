/** What the entity recognizer's worker thread (entity-worker.ts) loads once and is asked. */
export interface EntityWorkerSetup {
  folder: string;
  threads: number;
}

export interface EntityWorkerRequest {
  text: string;
  source: string;
}
