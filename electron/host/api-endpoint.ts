import type { ApiEventListener } from '../shared/api.js';

/**
 * What a transport needs from Baton: calls with untrusted payloads (parsed by the service against
 * the contract) and a stream of events. BatonService is one; tests can pass another.
 */
export interface ApiEndpoint {
  call(method: unknown, params?: unknown): Promise<unknown>;
  subscribe(listener: ApiEventListener): () => void;
}
