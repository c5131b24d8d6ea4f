import { BatonError } from '../../shared/errors.js';
import type { LanguageModel } from '../../shared/language-model.js';
import type { Baton } from '../app.js';

export interface ModelChoiceRequest {
  /** A provider-qualified id (`local:ID`, `anthropic:MODEL`, ...). */
  modelId?: string;
  /** A GGUF file anywhere on disk. */
  modelFile?: string;
  signal?: AbortSignal;
}

export interface ModelChoice {
  model: LanguageModel;
  reason: string;
}

/**
 * The model a person named (with --model, --model-file, or as the default in Settings), which
 * then answers alone; `undefined` lets the conductor plan and route. With nothing that can run
 * at all, the error says how to get a model.
 */
export async function chooseModel(baton: Baton, request: ModelChoiceRequest): Promise<ModelChoice | undefined> {
  if (request.modelFile) {
    return { model: await baton.localProvider.languageModelFromFile(request.modelFile, request.signal), reason: 'the GGUF file given with --model-file' };
  }
  if (request.modelId) {
    return { model: await baton.registry.resolve(request.modelId), reason: 'named for this request' };
  }
  if (baton.settings.defaultModel) {
    return { model: await baton.registry.resolve(baton.settings.defaultModel), reason: 'the default model in Settings' };
  }
  const available = (await baton.modelPool.candidates()).some((candidate) => candidate.available);
  if (!available) throw new NoLocalModelError(suggestedModelId(baton));
  return undefined;
}

/** The smallest catalog model: the quickest first download. */
function suggestedModelId(baton: Baton): string | undefined {
  const entries = [...baton.catalog.models].sort((a, b) => a.bytes - b.bytes);
  return entries[0]?.id;
}

export class NoLocalModelError extends BatonError {
  constructor(readonly suggestedCatalogId: string | undefined) {
    const pull = suggestedCatalogId ? `baton models pull ${suggestedCatalogId}` : 'baton models pull <id>';
    super(
      'model-not-found',
      `No local model is downloaded yet. Get one with:\n  ${pull}\n` +
        'See all recommended models with `baton models`, use a GGUF file you have with --model-file PATH, ' +
        'or name a cloud model with --model anthropic:claude-haiku-4-5 (needs ANTHROPIC_API_KEY).',
    );
    this.name = 'NoLocalModelError';
  }
}
