import { BatonError } from '../../shared/errors.js';
import type { LanguageModel } from '../../shared/language-model.js';
import type { Baton } from '../../core/app.js';

/** The model name that lets the conductor plan and route, as the desktop app's "Automatic" does. */
export const automaticModelName = 'baton/auto';

/** What a client may name now: `baton/auto`, then every model that can run (a key set, a file there). */
export async function usableModelIds(baton: Baton): Promise<string[]> {
  const candidates = await baton.modelPool.candidates();
  return [automaticModelName, ...candidates.filter((candidate) => candidate.available).map((candidate) => candidate.descriptor.id)];
}

/**
 * A named model that cannot read the pictures a request holds: a 400 that lists the usable
 * models that can (a picture is never dropped to let another model answer the rest).
 */
export async function checkModelTakesImages(baton: Baton, model: LanguageModel): Promise<void> {
  if (model.acceptsImages) return;
  const candidates = await baton.modelPool.candidates();
  const able = candidates.filter((candidate) => candidate.available && candidate.descriptor.acceptsImages).map((candidate) => candidate.descriptor.id);
  throw new BatonError(
    'invalid-request',
    `${model.id} cannot read pictures, and the request holds some. ${able.length > 0 ? `Models here that can: ${able.join(', ')}.` : 'No usable model here can: set an API key for Anthropic or OpenAI.'}`,
  );
}

/** A model name no usable model answers to: a 404 that lists what a client may name instead. */
export class UnknownGatewayModelError extends BatonError {
  constructor(
    readonly requested: string,
    readonly usable: string[],
  ) {
    super('model-not-found', `The model "${requested}" is not usable here. Usable models: ${usable.join(', ')}.`);
    this.name = 'UnknownGatewayModelError';
  }
}

/**
 * The model a client named: undefined for `baton/auto` (the conductor routes); a provider-qualified
 * id (`local:…`, `anthropic:…`, `openai:…`, `compatible:…`); or a plain vendor name
 * (`gpt-4o-mini`), which answers with the usable model of that name.
 */
export async function resolveGatewayModel(baton: Baton, requested: string): Promise<LanguageModel | undefined> {
  if (requested === automaticModelName) return undefined;
  const candidates = (await baton.modelPool.candidates()).filter((candidate) => candidate.available);
  const match =
    candidates.find((candidate) => candidate.descriptor.id === requested) ??
    (requested.includes(':') ? undefined : candidates.find((candidate) => candidate.descriptor.name === requested));
  if (!match) throw new UnknownGatewayModelError(requested, await usableModelIds(baton));
  return baton.registry.resolve(match.descriptor.id);
}
