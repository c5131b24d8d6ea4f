/**
 * How much document text a question or a map step may carry: the smallest context window of
 * the models that may answer. With a named model, that one and this device's models (which
 * answer when sending it is denied); otherwise every available model, any of which the conductor
 * may route to. Undefined when no model is known (the conductor then shortens what it sends).
 */
import type { LanguageModel } from '../../../shared/language-model.js';
import type { ModelPool } from '../../orchestration/model-pool.js';

export async function smallestAnsweringContext(pool: Pick<ModelPool, 'candidates'>, named?: LanguageModel): Promise<number | undefined> {
  const candidates = (await pool.candidates()).filter((candidate) => candidate.available && (!named || candidate.descriptor.locality === 'on-device'));
  const windows = [...(named ? [named.contextWindow] : []), ...candidates.map((candidate) => candidate.descriptor.contextWindow)];
  return windows.length > 0 ? Math.min(...windows) : undefined;
}
