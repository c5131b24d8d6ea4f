import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { entityTypes, type EntityType } from '../../../shared/privacy.js';
import { entityTypeForLabel } from './ner-label-map.js';

/**
 * The entity types a NER model folder can report, read from its config.json (`id2label`)
 * through the same label map the recognizer uses, in the order of `entityTypes`. Empty when
 * the file is missing or unreadable (the recognizer then fails to load and says why).
 */
export function nerModelCoverage(modelPath: string): EntityType[] {
  let labels: unknown;
  try {
    labels = (JSON.parse(readFileSync(join(modelPath, 'config.json'), 'utf8')) as { id2label?: unknown }).id2label;
  } catch {
    // An unreadable config covers nothing; loading the model reports the actual problem.
    return [];
  }
  if (typeof labels !== 'object' || labels === null) return [];
  const covered = new Set<EntityType>();
  for (const label of Object.values(labels)) {
    const type = typeof label === 'string' ? entityTypeForLabel(label) : undefined;
    if (type) covered.add(type);
  }
  return entityTypes.filter((type) => covered.has(type));
}
