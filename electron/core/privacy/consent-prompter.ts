import type { ConsentDecision, ConsentRequest } from '../../shared/privacy.js';

/**
 * Asks a person whether a redacted payload may go to a cloud model: the terminal prompt of
 * `baton ask`, the consent dialog of the UI (through the host), or a fixed answer in tests.
 * The signal aborts when the run is cancelled or the request times out (then: deny).
 */
export type ConsentPrompter = (request: ConsentRequest, signal: AbortSignal) => Promise<ConsentDecision>;
