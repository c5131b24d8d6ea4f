import { consentDecisionSchema, consentEditsSchema } from '../../shared/api.js';
import type { ConsentDecision, ConsentEdits, ConsentRequest, PrivacyPolicy } from '../../shared/privacy.js';
import type { ConsentGrantStore } from './consent-grant-store.js';
import type { ConsentEditing, ConsentPrompter } from './consent-prompter.js';

export interface ConsentGateOptions {
  policy: PrivacyPolicy;
  prompter: ConsentPrompter;
  grants: ConsentGrantStore;
  /** An unanswered request is denied after this long. Default 120 000 (two minutes). */
  timeoutMs?: number;
}

/** The gate's answer and how it came about, in words for a notice or a log. */
export interface ConsentOutcome {
  decision: ConsentDecision;
  /** True when the person was asked (the prompter ran). */
  asked: boolean;
  reason: string;
  /** The person's edits of the payload, with an allowing answer only; the caller applies them. */
  edits?: ConsentEdits;
}

export interface ConsentAskOptions {
  /** The run's cancellation: an aborted run denies. */
  signal?: AbortSignal;
  /** Called just before the person is asked (the boundary emits consent-requested here). */
  onAsk?: (request: ConsentRequest) => void;
  /** Lets the person edit the payload (passed on to the prompter). */
  editing?: ConsentEditing;
}

export const defaultConsentTimeoutMs = 120_000;

/**
 * Decides whether a redacted payload may go to a cloud model.
 *
 * - Policy local-only: always deny, without asking.
 * - A payload on a sensitive topic (health, finances, ...): always ask, whatever the policy
 *   or earlier grants say; redaction does not make the topic less sensitive.
 * - A payload with pictures: the same, and a prompter that answers without asking anyone denies
 *   it; the shield cannot read pictures, so only a person's yes to this request sends them.
 * - An earlier "allow for this conversation" for the same provider: allow without asking.
 * - Policy auto-allow-redacted (opt-in): allow without asking.
 * - Policy ask (the default): ask. No answer within the timeout, a cancelled run or a prompter
 *   that fails all mean deny. "Allow for this conversation" is remembered in the grant store.
 */
export class ConsentGate {
  readonly policy: PrivacyPolicy;
  readonly timeoutMs: number;

  constructor(private readonly options: ConsentGateOptions) {
    this.policy = options.policy;
    this.timeoutMs = options.timeoutMs ?? defaultConsentTimeoutMs;
  }

  async decide(request: ConsentRequest, ask: ConsentAskOptions = {}): Promise<ConsentOutcome> {
    if (this.policy === 'local-only') {
      return { decision: 'deny', asked: false, reason: 'The privacy policy is local-only: nothing is sent to cloud models.' };
    }
    const images = request.images.length;
    const askAnyway = request.sensitiveTopics.length > 0 || images > 0;
    if (!askAnyway && this.options.grants.has(request.conversationId, request.provider)) {
      return { decision: 'allow-conversation', asked: false, reason: `Allowed earlier for this conversation (${request.provider}).` };
    }
    if (!askAnyway && this.policy === 'auto-allow-redacted') {
      return { decision: 'allow-once', asked: false, reason: 'The privacy policy allows redacted requests without asking.' };
    }
    if (images > 0 && this.options.prompter.answersWithoutAsking) {
      return {
        decision: 'deny',
        asked: false,
        reason: `The request holds ${images === 1 ? 'a picture' : `${images} pictures`}, which the privacy shield cannot check, and pictures go to a cloud only after a person approves the request in Baton's consent dialog; consent here is a fixed answer (--consent), which cannot.`,
      };
    }
    if (ask.signal?.aborted) return { decision: 'deny', asked: false, reason: 'The run was cancelled.' };
    ask.onAsk?.(request);
    const outcome = await this.prompt(request, ask.signal, ask.editing);
    if (outcome.decision === 'allow-conversation') this.options.grants.add(request.conversationId, request.provider);
    return outcome;
  }

  private prompt(request: ConsentRequest, runSignal: AbortSignal | undefined, editing: ConsentEditing | undefined): Promise<ConsentOutcome> {
    const controller = new AbortController();
    const limit = this.timeoutMs >= 1000 ? `${Math.round(this.timeoutMs / 1000)} seconds` : `${this.timeoutMs} ms`;
    return new Promise<ConsentOutcome>((resolve) => {
      let settled = false;
      const settle = (outcome: ConsentOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        runSignal?.removeEventListener('abort', onCancel);
        // Tells the prompter to close its dialog or prompt; its late answer is ignored.
        controller.abort();
        resolve(outcome);
      };
      const onCancel = () => settle({ decision: 'deny', asked: true, reason: 'The run was cancelled while waiting for an answer.' });
      const timer = setTimeout(
        () => settle({ decision: 'deny', asked: true, reason: `No answer within ${limit}.` }),
        this.timeoutMs,
      );
      runSignal?.addEventListener('abort', onCancel, { once: true });
      Promise.resolve()
        .then(() => this.options.prompter(request, controller.signal, editing))
        .then(
          (answer: unknown) => {
            const parsed = parseAnswer(answer);
            if (!parsed) {
              settle({ decision: 'deny', asked: true, reason: `The consent prompt gave no valid answer (${describeAnswer(answer)}).` });
              return;
            }
            const { decision, edits } = parsed;
            settle({ decision, asked: true, reason: reasonFor(decision), ...(edits && decision !== 'deny' ? { edits } : {}) });
          },
          (error: unknown) => {
            const message = error instanceof Error ? error.message : String(error);
            settle({ decision: 'deny', asked: true, reason: `The consent prompt failed (${message}).` });
          },
        );
    });
  }
}

/** A bare decision, or a decision with edits that pass the API's bounds; anything else is no answer. */
function parseAnswer(answer: unknown): { decision: ConsentDecision; edits?: ConsentEdits } | undefined {
  const bare = consentDecisionSchema.safeParse(answer);
  if (bare.success) return { decision: bare.data };
  if (typeof answer !== 'object' || answer === null) return undefined;
  const { decision, edits } = answer as { decision?: unknown; edits?: unknown };
  const parsedDecision = consentDecisionSchema.safeParse(decision);
  if (!parsedDecision.success) return undefined;
  if (edits === undefined) return { decision: parsedDecision.data };
  const parsedEdits = consentEditsSchema.safeParse(edits);
  return parsedEdits.success ? { decision: parsedDecision.data, edits: parsedEdits.data } : undefined;
}

/** What was wrong with an answer, for the reason (never the edits themselves: they may hold values). */
function describeAnswer(answer: unknown): string {
  if (typeof answer !== 'object' || answer === null) return String(answer);
  const { decision } = answer as { decision?: unknown };
  return consentDecisionSchema.safeParse(decision).success ? 'malformed edits' : String(decision);
}

function reasonFor(decision: ConsentDecision): string {
  if (decision === 'allow-once') return 'Allowed once.';
  if (decision === 'allow-conversation') return 'Allowed for this conversation.';
  return 'You chose not to send this request.';
}
