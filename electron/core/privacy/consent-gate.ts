import type { ConsentDecision, ConsentRequest, PrivacyPolicy } from '../../shared/privacy.js';
import type { ConsentGrantStore } from './consent-grant-store.js';
import type { ConsentPrompter } from './consent-prompter.js';

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
}

export interface ConsentAskOptions {
  /** The run's cancellation: an aborted run denies. */
  signal?: AbortSignal;
  /** Called just before the person is asked (the boundary emits consent-requested here). */
  onAsk?: (request: ConsentRequest) => void;
}

export const defaultConsentTimeoutMs = 120_000;

/**
 * Decides whether a redacted payload may go to a cloud model.
 *
 * - Policy local-only: always deny, without asking.
 * - A payload on a sensitive topic (health, finances, ...): always ask, whatever the policy
 *   or earlier grants say; redaction does not make the topic less sensitive.
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
    const sensitive = request.sensitiveTopics.length > 0;
    if (!sensitive && this.options.grants.has(request.conversationId, request.provider)) {
      return { decision: 'allow-conversation', asked: false, reason: `Allowed earlier for this conversation (${request.provider}).` };
    }
    if (!sensitive && this.policy === 'auto-allow-redacted') {
      return { decision: 'allow-once', asked: false, reason: 'The privacy policy allows redacted requests without asking.' };
    }
    if (ask.signal?.aborted) return { decision: 'deny', asked: false, reason: 'The run was cancelled.' };
    ask.onAsk?.(request);
    const outcome = await this.prompt(request, ask.signal);
    if (outcome.decision === 'allow-conversation') this.options.grants.add(request.conversationId, request.provider);
    return outcome;
  }

  private prompt(request: ConsentRequest, runSignal: AbortSignal | undefined): Promise<ConsentOutcome> {
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
        .then(() => this.options.prompter(request, controller.signal))
        .then(
          (decision: unknown) =>
            isConsentDecision(decision)
              ? settle({ decision, asked: true, reason: reasonFor(decision) })
              : settle({ decision: 'deny', asked: true, reason: `The consent prompt gave no valid answer (${String(decision)}).` }),
          (error: unknown) => {
            const message = error instanceof Error ? error.message : String(error);
            settle({ decision: 'deny', asked: true, reason: `The consent prompt failed (${message}).` });
          },
        );
    });
  }
}

function isConsentDecision(value: unknown): value is ConsentDecision {
  return value === 'allow-once' || value === 'allow-conversation' || value === 'deny';
}

function reasonFor(decision: ConsentDecision): string {
  if (decision === 'allow-once') return 'Allowed once.';
  if (decision === 'allow-conversation') return 'Allowed for this conversation.';
  return 'You chose not to send this request.';
}
