import { classifierEntityTypes, type ConsentPlaceholder, type EntityType } from '../../../shared/privacy.js';
import { knownValueSource } from '../payload-redaction.js';
import type { RedactedValue } from '../vault.js';

const releasableTypes: ReadonlySet<EntityType> = new Set(classifierEntityTypes);

/**
 * The placeholders of a payload for the consent dialog, in order of first appearance, with
 * whether the person may release each one. Releasable: a name, place, organisation or street
 * address that entity recognizers flagged and nothing else did, anywhere in the payload (a
 * match of a value the vault already holds is neutral: it says nothing about what the value is).
 */
export function consentPlaceholdersOf(replacements: readonly RedactedValue[], entitySources: ReadonlySet<string>): ConsentPlaceholder[] {
  const found = new Map<string, { placeholder: string; type: EntityType; value: string; sources: Set<string> }>();
  for (const { placeholder, type, value, sources } of replacements) {
    const entry = found.get(placeholder) ?? { placeholder, type, value, sources: new Set<string>() };
    sources.forEach((source) => entry.sources.add(source));
    found.set(placeholder, entry);
  }
  return [...found.values()].map(({ placeholder, type, value, sources }) => {
    const flaggedBy = [...sources].filter((source) => source !== knownValueSource);
    const releasable = releasableTypes.has(type) && flaggedBy.length > 0 && flaggedBy.every((source) => entitySources.has(source));
    return { placeholder, type, value, releasable };
  });
}
