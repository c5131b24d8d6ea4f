import { BatonError } from '../../../shared/errors.js';
import { shippedModelsPath } from '../../support/shipped-files.js';

/**
 * The entity classifier that ships with Baton (models/entity-classifier: the ONNX model, its
 * layout.json and its gazetteers), made by training/ and committed, so names, places and
 * organisations are found from the first start, offline, with nothing to download. When the
 * folder cannot be found the expected relative path is returned all the same: loading it then
 * fails with a message that names it, and the shield blocks cloud calls instead of going on
 * without names.
 */
export function shippedEntityClassifierFolder(): string {
  try {
    return shippedModelsPath('entity-classifier');
  } catch (error) {
    if (error instanceof BatonError) return 'models/entity-classifier';
    throw error;
  }
}
