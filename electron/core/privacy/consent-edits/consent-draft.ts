import type { ChatMessage } from '../../../shared/language-model.js';
import type { ConsentEdits, ConsentPlaceholder } from '../../../shared/privacy.js';
import { redactPayload, type RedactedPayload, type TextAnalyzer } from '../payload-redaction.js';
import type { RedactedValue, Vault } from '../vault.js';
import { applicableEdits, editsKey, hasEdits } from './consent-edits.js';
import { consentEditedAnalyzer } from './consent-edited-analyzer.js';
import { consentPlaceholdersOf } from './consent-placeholders.js';

export interface ConsentDraftOptions {
  /** The messages as the caller wrote them, before any redaction. */
  messages: readonly ChatMessage[];
  analyzer: TextAnalyzer;
  /** The conversation's vault right after the first redaction; the draft works on copies of it. */
  vault: Vault;
  /** The first redaction: the payload the person is asked about. */
  payload: RedactedPayload;
  /** Span sources of entity recognizers (see defaultEntitySpanSources). */
  entitySources: ReadonlySet<string>;
}

/** A payload rebuilt with consent edits. */
export interface EditedPayload {
  /** The edits as applied (see applicableEdits): releases that were not releasable are gone. */
  edits: ConsentEdits;
  messages: ChatMessage[];
  replacements: RedactedValue[];
  placeholders: ConsentPlaceholder[];
  /** The copy of the vault the payload was redacted with; the conversation's vault adopts it when the payload is sent. */
  vault: Vault;
}

/** Rebuilds of other edits kept per request: the dialog may go back to edits it previewed before. */
const rememberedBuilds = 16;

/**
 * One cloud call's payload while the person decides: the original messages and the vault as it
 * was when they were asked. `build(edits)` is the one place a payload is rebuilt with edits,
 * for the dialog's preview and for sending alike, and it builds each set of edits once: the
 * send reuses the very payload the preview showed, so the two cannot drift apart. Each rebuild
 * redacts on its own copy of the vault, so a preview the person then changes leaves no trace.
 */
export class ConsentDraft {
  /** The placeholders of the first payload, with what the person may release. */
  readonly placeholders: ConsentPlaceholder[];
  private readonly releasable: ReadonlySet<string>;
  private readonly vaultAtRequest: Vault;
  private readonly builds = new Map<string, Promise<EditedPayload>>();

  constructor(private readonly options: ConsentDraftOptions) {
    this.placeholders = consentPlaceholdersOf(options.payload.replacements, options.entitySources);
    this.releasable = new Set(this.placeholders.filter((placeholder) => placeholder.releasable).map((placeholder) => placeholder.value));
    this.vaultAtRequest = options.vault.copy();
  }

  /** Whether a value is one the person may release in this payload. */
  isReleasable(value: string): boolean {
    return this.releasable.has(value);
  }

  /** The payload with these edits (rejects when the analyzer fails: then nothing may be sent). */
  build(edits: ConsentEdits): Promise<EditedPayload> {
    const applicable = applicableEdits(edits, this.releasable);
    const key = editsKey(applicable);
    const known = this.builds.get(key);
    if (known) return known;
    const built = this.rebuild(applicable);
    this.builds.set(key, built);
    // A failed rebuild is not kept: the next call tries again (and a send after it is blocked).
    built.catch(() => this.builds.delete(key));
    if (this.builds.size > rememberedBuilds) this.builds.delete(this.builds.keys().next().value!);
    return built;
  }

  private async rebuild(edits: ConsentEdits): Promise<EditedPayload> {
    const vault = this.vaultAtRequest.copy();
    if (!hasEdits(edits)) {
      const { messages, replacements } = this.options.payload;
      return { edits, messages, replacements, placeholders: this.placeholders, vault };
    }
    const analyzer = consentEditedAnalyzer(this.options.analyzer, edits, this.options.entitySources);
    const redacted = await redactPayload(this.options.messages, analyzer, vault, { released: edits.release });
    return {
      edits,
      messages: redacted.messages,
      replacements: redacted.replacements,
      placeholders: consentPlaceholdersOf(redacted.replacements, this.options.entitySources),
      vault,
    };
  }
}
