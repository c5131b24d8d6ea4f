import type { ConsentDecision, ConsentEdits, ConsentPreview, ConsentRequest, EditedConsentAnswer } from '../../shared/privacy.js';

/**
 * What a prompter may do with the payload while the person decides: rebuild it with their
 * edits. The preview is exactly what would be sent with the same edits in the answer.
 */
export interface ConsentEditing {
  preview(edits: ConsentEdits): Promise<ConsentPreview>;
}

/**
 * Asks a person whether a redacted payload may go to a cloud model: the terminal prompt of
 * `baton ask`, the consent dialog of the UI (through the host), or a fixed answer in tests.
 * The answer is a decision, or a decision with the person's edits of the payload (`editing`
 * is given where the payload can be edited). The signal aborts when the run is cancelled or
 * the request times out (then: deny).
 *
 * `answersWithoutAsking` marks a prompter that gives a fixed answer without showing the request
 * to anyone (headless `--consent allow-once|deny`): it cannot approve pictures, which the shield
 * cannot read and a person must see asked for, request by request.
 */
export type ConsentPrompter = ((request: ConsentRequest, signal: AbortSignal, editing?: ConsentEditing) => Promise<ConsentDecision | EditedConsentAnswer>) & {
  readonly answersWithoutAsking?: boolean;
};
