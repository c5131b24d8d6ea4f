import type { ConsentDecision } from '../../shared/privacy.js';
import type { ConsentPrompter } from './consent-prompter.js';

/**
 * A prompter that always gives the same answer: `baton ask --consent allow-once|deny`, tests,
 * and 'deny' where no person can be asked (no window, no terminal). No person sees the request,
 * so it answers nothing with pictures in it (see ConsentPrompter).
 */
export function fixedConsentPrompter(decision: ConsentDecision): ConsentPrompter {
  return Object.assign(async () => decision, { answersWithoutAsking: true });
}
