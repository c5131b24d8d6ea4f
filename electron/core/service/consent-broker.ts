import type { ApiEvent } from '../../shared/api.js';
import type { ConsentDecision, ConsentRequest } from '../../shared/privacy.js';
import type { ConsentPrompter } from '../privacy/consent-prompter.js';

interface PendingConsent {
  request: ConsentRequest;
  settle(decision: ConsentDecision): void;
}

export interface ConsentBrokerOptions {
  publish(event: ApiEvent): void;
  /** Whether anyone can see a dialog now; with nobody there, a request is denied at once. */
  hasAudience(): boolean;
  /** An unanswered request is denied after this long (the boundary may give up sooner). */
  timeoutMs?: number;
}

const defaultTimeoutMs = 5 * 60_000;

/**
 * The UI side of consent: `prompter` is the ConsentPrompter the cloud boundary calls. It publishes
 * a `consent-requested` event and waits for `respond`; the boundary's signal (run cancelled, its
 * own timeout), the broker's timeout or the end of the service settle it as a denial.
 */
export class ConsentBroker {
  private readonly pending = new Map<string, PendingConsent>();

  constructor(private readonly options: ConsentBrokerOptions) {}

  readonly prompter: ConsentPrompter = (request, signal) =>
    new Promise<ConsentDecision>((resolve) => {
      if (signal.aborted || !this.options.hasAudience() || this.pending.has(request.id)) {
        resolve('deny');
        return;
      }
      const timer = setTimeout(() => settle('deny'), this.options.timeoutMs ?? defaultTimeoutMs);
      const onAbort = () => settle('deny');
      const settle = (decision: ConsentDecision) => {
        if (!this.pending.delete(request.id)) return;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.options.publish({ type: 'consent-closed', requestId: request.id, decision });
        resolve(decision);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(request.id, { request, settle });
      this.options.publish({ type: 'consent-requested', request });
    });

  /** False when there is no such request waiting (already answered, timed out, cancelled). */
  respond(requestId: string, decision: ConsentDecision): boolean {
    const pending = this.pending.get(requestId);
    if (!pending) return false;
    pending.settle(decision);
    return true;
  }

  /** Requests still waiting: shown again to a window that connects (or reloads) while they wait. */
  waiting(): ConsentRequest[] {
    return [...this.pending.values()].map((pending) => pending.request);
  }

  denyAll(): void {
    for (const pending of [...this.pending.values()]) pending.settle('deny');
  }
}
