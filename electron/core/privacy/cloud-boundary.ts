import { randomUUID } from 'node:crypto';
import { BatonError } from '../../shared/errors.js';
import type { RunEvent } from '../../shared/events.js';
import type { ChatMessage, GenerateRequest, LanguageModel, StreamPart } from '../../shared/language-model.js';
import type { ConsentPreview, ConsentRequest } from '../../shared/privacy.js';
import type { CloudBoundary, CloudCallContext } from './cloud-boundary-contract.js';
import { ConsentDraft, type EditedPayload } from './consent-edits/consent-draft.js';
import { consentEditedAnalyzer } from './consent-edits/consent-edited-analyzer.js';
import { defaultEntitySpanSources, hasEdits, noEdits } from './consent-edits/consent-edits.js';
import type { ConsentGate, ConsentOutcome } from './consent-gate.js';
import type { ConsentEditing } from './consent-prompter.js';
import { consentImageOf, hasImages, imageTokenEstimate } from './image-inputs.js';
import { countRedactions, findRemainingValue, redactPayload, type RedactedPayload, type TextAnalyzer } from './payload-redaction.js';
import { StreamingRestorer } from './streaming-restorer.js';
import { jsonStringRestorer, restoredToolCall, textsBesideContent, usesTools, withRedactedToolCalls } from './tool-call-redaction.js';
import { turnText } from './turn-text.js';
import type { VaultStore } from './vault-store.js';
import type { Vault } from './vault.js';

export interface PrivacyCloudBoundaryOptions {
  analyzer: TextAnalyzer;
  vaults: VaultStore;
  consentGate: ConsentGate;
  /** Output tokens assumed for the cost estimate when a request sets no maxTokens. Default 1024. */
  assumedOutputTokens?: number;
  /**
   * The `source` of spans from entity recognizers (the entity classifier, a NER model): the
   * only spans a person may release in the consent dialog. Default defaultEntitySpanSources.
   */
  entitySpanSources?: readonly string[];
}

const defaultAssumedOutputTokens = 1024;

/**
 * The privacy shield around every model that is not on-device. A wrapped model, for each
 * call: analyses every message (system prompt, history, subtask input, document text) and
 * redacts it through the conversation's vault; asks the consent gate with the exact redacted
 * payload, its placeholders, provider, model, estimated cost, redaction counts, sensitive
 * topics and warnings; applies the person's edits, if any (see below); analyses the final
 * payload once more and refuses if a detected value remains; and only then calls the model,
 * restoring placeholders in the answer as it streams.
 *
 * Edits: while asked, the person may mark text "redact" or release a name, place, organisation
 * or street address that only an entity recognizer flagged. The payload is rebuilt with them
 * by a ConsentDraft, the same one that answers the dialog's preview, so exactly the previewed
 * payload is sent; the final check then runs with the same edits (a released value passes, any
 * other detected value blocks the call). Edits apply to this call; the vault remembers the
 * values redacted here for the conversation's later payloads.
 *
 * Refusals are `error` parts: 'consent-denied' (no, or no answer) or 'privacy-blocked' (the
 * shield failed or found a value). Any failure before the model call blocks it: fail closed.
 */
export class PrivacyCloudBoundary implements CloudBoundary {
  private readonly assumedOutputTokens: number;
  private readonly entitySources: ReadonlySet<string>;

  constructor(private readonly options: PrivacyCloudBoundaryOptions) {
    this.assumedOutputTokens = options.assumedOutputTokens ?? defaultAssumedOutputTokens;
    this.entitySources = new Set(options.entitySpanSources ?? defaultEntitySpanSources);
  }

  /**
   * Drops the deleted conversation's vault from memory, so its original values cannot be read back
   * nor restored into another conversation. Grants are read from the settings table on each call
   * and restorers live for one call, so nothing else of the conversation is held here.
   */
  forgetConversation(conversationId: string): void {
    this.options.vaults.forget(conversationId);
  }

  wrap(model: LanguageModel, context: CloudCallContext): LanguageModel {
    if (model.locality === 'on-device') return model;
    return {
      id: model.id,
      provider: model.provider,
      name: model.name,
      displayName: model.displayName,
      locality: model.locality,
      contextWindow: model.contextWindow,
      pricing: model.pricing,
      ...(model.acceptsImages ? { acceptsImages: true } : {}),
      stream: (request, signal) => this.guardedStream(model, context, request, signal),
    };
  }

  private async *guardedStream(
    model: LanguageModel,
    context: CloudCallContext,
    request: GenerateRequest,
    signal: AbortSignal | undefined,
  ): AsyncIterable<StreamPart> {
    const emit = (event: RunEvent) => context.onEvent?.(event);
    const { runId, subtaskId, conversationId } = context;
    if (signal?.aborted) {
      yield { type: 'finish', reason: 'aborted' };
      return;
    }

    const { analyzer } = this.options;
    let vault: Vault;
    let payload: RedactedPayload;
    let draft: ConsentDraft;
    try {
      vault = this.options.vaults.get(conversationId);
      const before = vault.revision;
      payload = await withRedactedToolCalls(request.messages, await redactPayload(request.messages, analyzer, vault), analyzer, vault);
      if (vault.revision !== before) this.options.vaults.save(conversationId, vault);
      draft = new ConsentDraft({ messages: request.messages, analyzer, vault, payload, entitySources: this.entitySources });
    } catch (error) {
      yield blocked(model, shieldFailure(error), error);
      return;
    }
    const redactions = countRedactions(payload.replacements);
    emit({ type: 'subtask-redacted', runId, subtaskId, redactions });

    const consentRequest: ConsentRequest = {
      id: randomUUID(),
      conversationId,
      provider: model.provider,
      modelId: model.id,
      payload: payload.messages.map((message) => ({ role: message.role, content: turnText(message) })),
      placeholders: draft.placeholders,
      estimatedCostUsd: this.estimateCost(model, payload.messages, request.maxTokens),
      redactions,
      sensitiveTopics: payload.sensitiveTopics,
      warnings: payload.warnings,
      images: payload.messages.flatMap((message) => (message.images ?? []).map(consentImageOf)),
    };
    const editing: ConsentEditing = {
      preview: async (edits) => this.previewOf(model, await draft.build(edits), request.maxTokens),
    };
    let outcome: ConsentOutcome;
    try {
      outcome = await this.options.consentGate.decide(consentRequest, {
        signal,
        onAsk: (asked) => emit({ type: 'consent-requested', runId, subtaskId, request: asked }),
        editing,
      });
    } catch (error) {
      yield blocked(model, `the consent check failed (${reasonOf(error)})`, error);
      return;
    }
    emit({ type: 'consent-resolved', runId, subtaskId, requestId: consentRequest.id, decision: outcome.decision });
    if (signal?.aborted) {
      yield { type: 'finish', reason: 'aborted' };
      return;
    }
    if (outcome.decision === 'deny') {
      yield { type: 'error', error: new BatonError('consent-denied', `Nothing was sent to ${model.displayName}: ${outcome.reason}`) };
      return;
    }

    let edited: EditedPayload | undefined;
    if (hasEdits(outcome.edits) && (usesTools(request) || hasImages(request.messages))) {
      // An edited payload is rebuilt from message texts alone; tool calls and pictures would be lost.
      yield blocked(model, `changes made in the consent dialog cannot be applied to a request with ${usesTools(request) ? 'tools' : 'pictures'}`);
      return;
    }
    if (hasEdits(outcome.edits)) {
      try {
        edited = await draft.build(outcome.edits);
      } catch (error) {
        yield blocked(model, `${shieldFailure(error)} while applying your changes`, error);
        return;
      }
      if (!vault.adoptFrom(edited.vault)) {
        yield blocked(model, 'the conversation issued new placeholders while you were deciding, so your changes could not be applied as shown');
        return;
      }
      this.options.vaults.save(conversationId, vault);
      emit({ type: 'subtask-redacted', runId, subtaskId, redactions: countRedactions(edited.replacements) });
    }
    const edits = edited?.edits ?? noEdits;
    const messages = edited?.messages ?? payload.messages;

    try {
      const checker = consentEditedAnalyzer(analyzer, edits, this.entitySources);
      const remaining = await findRemainingValue(messages, checker, vault, { released: edits.release });
      if (remaining) {
        yield blocked(model, `the final check found that ${remaining}`);
        return;
      }
    } catch (error) {
      yield blocked(model, `${shieldFailure(error)} on the final check`, error);
      return;
    }

    try {
      // Tool definitions, a JSON schema and stop sequences are not redacted (a placeholder would
      // change what they mean): a detected value there blocks the call. Tool-call arguments were
      // redacted above and are checked again here like the messages.
      const checker = consentEditedAnalyzer(analyzer, edits, this.entitySources);
      for (const [what, text] of textsBesideContent(request, messages)) {
        if (await findRemainingValue([{ role: 'user', content: text }], checker, vault)) {
          yield blocked(model, `${what} holds a value the shield detects; it cannot be redacted there, so nothing was sent`);
          return;
        }
      }
    } catch (error) {
      yield blocked(model, `${shieldFailure(error)} on the request's tools and options`, error);
      return;
    }

    // A JSON answer gets its values escaped as JSON string content, so that a quote or a line
    // break in a restored value keeps the JSON valid.
    const restorer = new StreamingRestorer(request.responseSchema ? jsonStringRestorer(vault) : vault);
    for await (const part of model.stream({ ...request, messages }, signal)) {
      if (part.type === 'text-delta') {
        const text = restorer.push(part.text);
        if (text.length > 0) yield { type: 'text-delta', text };
        continue;
      }
      if (part.type === 'tool-call') {
        yield { type: 'tool-call', call: restoredToolCall(part.call, vault) };
        continue;
      }
      if (part.type === 'finish' || part.type === 'error') {
        const rest = restorer.flush();
        if (rest.length > 0) yield { type: 'text-delta', text: rest };
      }
      yield part;
    }
    const rest = restorer.flush();
    if (rest.length > 0) yield { type: 'text-delta', text: rest };
  }

  /** What the consent dialog shows for a payload rebuilt with edits. */
  private previewOf(model: LanguageModel, edited: EditedPayload, maxTokens: number | undefined): ConsentPreview {
    return {
      payload: edited.messages.map(({ role, content }) => ({ role, content })),
      placeholders: edited.placeholders,
      redactions: countRedactions(edited.replacements),
      estimatedCostUsd: this.estimateCost(model, edited.messages, maxTokens),
    };
  }

  /**
   * Dollars at most: input tokens estimated at four characters each (plus a few per message
   * for the chat format, and imageTokenEstimate per picture), output tokens at the request's limit.
   */
  private estimateCost(model: LanguageModel, messages: readonly ChatMessage[], maxTokens: number | undefined): number {
    const inputTokens = messages.reduce(
      (total, message) => total + Math.ceil(message.content.length / 4) + 4 + (message.images?.length ?? 0) * imageTokenEstimate,
      0,
    );
    const outputTokens = maxTokens ?? this.assumedOutputTokens;
    return (inputTokens * model.pricing.inputPerMTok + outputTokens * model.pricing.outputPerMTok) / 1_000_000;
  }
}

function blocked(model: LanguageModel, why: string, cause?: unknown): StreamPart {
  return { type: 'error', error: new BatonError('privacy-blocked', `Nothing was sent to ${model.displayName}: ${why}.`, { cause }) };
}

/** The analyzer's own sentence when it explains itself, else a generic one with the cause. */
function shieldFailure(error: unknown): string {
  if (error instanceof BatonError && error.code === 'privacy-blocked') {
    const sentence = error.message.replace(/\.$/, '');
    return sentence.charAt(0).toLowerCase() + sentence.slice(1);
  }
  return `the privacy shield failed (${reasonOf(error)})`;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
