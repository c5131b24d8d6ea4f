import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityDetector } from '../../shared/api.js';
import { classifierEntityTypes } from '../../shared/privacy.js';
import type { PrivacyShield } from '../app.js';
import { nerModelCoverage } from '../privacy/ner/ner-model-coverage.js';

/** What the shipped classifier's folder must hold (EntityClassifier.load checks the same files). */
const classifierFiles = ['model.onnx', 'layout.json', 'gazetteers'];
/** What a NER model folder must hold besides its ONNX weights (installed-ner-model.ts checks the same). */
const nerModelFiles = ['config.json', 'tokenizer.json'];

/**
 * The detectors of names, places and organisations the shield runs, for Settings: the shipped
 * entity classifier (always there) and an installed NER model beside it, each with what it
 * covers and, when its files are missing, why it cannot run (cloud calls are then blocked).
 */
export function describeEntityDetectors(privacy: Pick<PrivacyShield, 'entityClassifierPath' | 'nerModelPath'>): EntityDetector[] {
  const missing = classifierFiles.filter((file) => !existsSync(join(privacy.entityClassifierPath, file)));
  const detectors: EntityDetector[] = [
    {
      kind: 'entity-classifier',
      path: privacy.entityClassifierPath,
      covers: [...classifierEntityTypes],
      problem: missing.length > 0 ? `${missing.join(', ')} missing: cloud calls are blocked until the classifier is complete.` : null,
    },
  ];
  if (privacy.nerModelPath !== undefined) {
    const nerMissing = nerModelFiles.filter((file) => !existsSync(join(privacy.nerModelPath!, file)));
    detectors.push({
      kind: 'ner-model',
      path: privacy.nerModelPath,
      covers: nerModelCoverage(privacy.nerModelPath),
      problem: nerMissing.length > 0 ? `${nerMissing.join(', ')} missing: cloud calls are blocked until the model is complete.` : null,
    });
  }
  return detectors;
}
