import type { ApiEvent } from '../../shared/api.js';
import { BatonError } from '../../shared/errors.js';
import type { ConsentDecision, ConsentEdits, ConsentPreview, ConsentRequest, EditedConsentAnswer } from '../../shared/privacy.js';
import { hasEdits } from '../privacy/consent-edits/consent-edits.js';
import type { ConsentEditing, ConsentPrompter } from '../privacy/consent-prompter.js';

interface PendingConsent {
  request: ConsentRequest;
  /** Who asked, when it was not this app (a gateway client). */
  source: string | undefined;
  editing: ConsentEditing | undefined;
  settle(decision: ConsentDecision, edits?: ConsentEdits): void;
}

export interface ConsentBrokerOptions {
  publish(event: ApiEvent): void;
  /** Whether anyone can see a dialog now; with nobody there, a request is denied at once. */
  hasAudience(): boolean;
  /** An unanswered request is denied after this long (the boundary may give up sooner). */
  timeoutMs?: number;
  /** Who asked for the run the request belongs to, when it was not this app (`gateway: CLIENT`): shown in the dialog. */
  sourceOf?(request: ConsentRequest): string | undefined;
}

const defaultTimeoutMs = 5 * 60_000;

/**
 * The UI side of consent: `prompter` is the ConsentPrompter the cloud boundary calls. It publishes
 * a `consent-requested` event and waits for `respond`; the boundary's signal (run cancelled, its
 * own timeout), the broker's timeout or the end of the service settle it as a denial. While a
 * request waits, `preview` rebuilds its payload with the person's edits (through the boundary).
 * Edits that release a value the request does not mark releasable are refused, in the preview
 * and in the answer alike: the request keeps waiting for a valid answer.
 */
export class ConsentBroker {
  private readonly pending = new Map<string, PendingConsent>();

  constructor(private readonly options: ConsentBrokerOptions) {}

  readonly prompter: ConsentPrompter = (request, signal, editing) =>
    new Promise<ConsentDecision | EditedConsentAnswer>((resolve) => {
      if (signal.aborted || !this.options.hasAudience() || this.pending.has(request.id)) {
        resolve('deny');
        return;
      }
      const timer = setTimeout(() => settle('deny'), this.options.timeoutMs ?? defaultTimeoutMs);
      const onAbort = () => settle('deny');
      const settle = (decision: ConsentDecision, edits?: ConsentEdits) => {
        if (!this.pending.delete(request.id)) return;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.options.publish({ type: 'consent-closed', requestId: request.id, decision });
        resolve(hasEdits(edits) && decision !== 'deny' ? { decision, edits } : decision);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const source = this.options.sourceOf?.(request);
      this.pending.set(request.id, { request, source, editing, settle });
      this.options.publish({ type: 'consent-requested', request, ...(source ? { source } : {}) });
    });

  /** The payload of a waiting request rebuilt with edits, exactly as it would be sent with them. */
  async preview(requestId: string, edits: ConsentEdits): Promise<ConsentPreview> {
    const pending = this.pending.get(requestId);
    if (!pending) throw new BatonError('invalid-request', 'This consent request is no longer waiting (answered elsewhere, timed out or cancelled).');
    const editing = editingOf(pending, edits);
    if (!editing) return { payload: pending.request.payload, placeholders: pending.request.placeholders, redactions: pending.request.redactions, estimatedCostUsd: pending.request.estimatedCostUsd };
    return editing.preview(edits);
  }

  /** False when there is no such request waiting (already answered, timed out, cancelled); throws on edits it refuses. */
  respond(requestId: string, decision: ConsentDecision, edits?: ConsentEdits): boolean {
    const pending = this.pending.get(requestId);
    if (!pending) return false;
    if (decision !== 'deny' && edits) editingOf(pending, edits);
    pending.settle(decision, decision === 'deny' ? undefined : edits);
    return true;
  }

  /** Requests still waiting, with who asked: shown again to a window that connects (or reloads) while they wait. */
  waiting(): Array<{ request: ConsentRequest; source?: string }> {
    return [...this.pending.values()].map(({ request, source }) => ({ request, ...(source ? { source } : {}) }));
  }

  denyAll(): void {
    for (const pending of [...this.pending.values()]) pending.settle('deny');
  }
}

/**
 * How a request's payload is edited, once the edits pass: undefined when there are no edits;
 * throws when the request cannot be edited or a released value is not releasable in it.
 */
function editingOf(pending: PendingConsent, edits: ConsentEdits): ConsentEditing | undefined {
  if (!hasEdits(edits)) return undefined;
  if (!pending.editing) throw new BatonError('invalid-request', 'This consent request cannot be edited: answer it without changes.');
  const releasable = new Set(pending.request.placeholders.filter((placeholder) => placeholder.releasable).map((placeholder) => placeholder.value));
  const refused = new Set(edits.release.filter((value) => !releasable.has(value))).size;
  if (refused > 0) {
    throw new BatonError(
      'invalid-request',
      `${refused === 1 ? 'One value' : `${refused} values`} cannot be sent as ${refused === 1 ? 'it is' : 'they are'}: only names, places, organisations and street addresses that the entity classifier redacted in this request can be released. Cards, IBANs, keys, e-mail addresses and other pattern values never are.`,
    );
  }
  return pending.editing;
}
