import type { ConsentEdits } from '../../../shared/privacy.js';

/**
 * The person's edits of one consent payload (see ConsentEdits in shared/privacy.ts): what
 * "no edits" is, and the one form both the preview and the send use, so equal edits always
 * mean the same rebuild.
 */

/**
 * The `source` the shipped entity classifier and an installed NER model give their spans
 * (EntityRecognizer's and NerRecognizer's default names). Only spans of these sources may be
 * released; a source not listed counts as a pattern, so a new recognizer is never released by
 * mistake (the safe side).
 */
export const defaultEntitySpanSources: readonly string[] = ['entity-classifier', 'ner'];

/** The `source` of a span that marks a term the person chose to redact in the consent dialog. */
export const consentRedactSource = 'consent-redact';

export const noEdits: ConsentEdits = { redact: [], release: [] };

export function hasEdits(edits: ConsentEdits | undefined): edits is ConsentEdits {
  return edits !== undefined && (edits.redact.length > 0 || edits.release.length > 0);
}

/**
 * Edits as they are applied: redact terms trimmed, empty ones dropped; releases limited to
 * `releasable` values (anything else, a card or an e-mail among them, is ignored); both without
 * duplicates and sorted, so that equal edits compare equal.
 */
export function applicableEdits(edits: ConsentEdits, releasable: ReadonlySet<string>): ConsentEdits {
  const redact = [...new Set(edits.redact.map((term) => term.trim()).filter((term) => term.length > 0))].sort();
  const release = [...new Set(edits.release.filter((value) => releasable.has(value)))].sort();
  return { redact, release };
}

/** A key for a set of applicable edits. */
export function editsKey(edits: ConsentEdits): string {
  return JSON.stringify([edits.redact, edits.release]);
}
