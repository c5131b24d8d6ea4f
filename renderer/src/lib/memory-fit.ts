import type { ModelsOverview } from '@shared/api';

const gibibyte = 1024 ** 3;

/**
 * Whether a local model fits this computer's memory: its weights plus room for its context and
 * for everything else running. `tight` leaves little for other apps; `too-large` will not load,
 * or will make the computer swap.
 */
export type MemoryFit = 'fits' | 'tight' | 'too-large';

export function memoryFit(neededBytes: number, memoryBytes: number): MemoryFit {
  if (memoryBytes <= 0) return 'fits';
  if (neededBytes > memoryBytes * 0.9) return 'too-large';
  if (neededBytes > memoryBytes * 0.6) return 'tight';
  return 'fits';
}

/** The memory a catalog model says it needs, in bytes. */
export function catalogNeed(entry: ModelsOverview['catalog'][number]): number {
  return entry.minRamGiB * gibibyte;
}

/** The catalog model to suggest first: the largest that fits comfortably, else the smallest. */
export function recommendedModel(catalog: ModelsOverview['catalog'], memoryBytes: number): ModelsOverview['catalog'][number] | undefined {
  const bySize = [...catalog].sort((left, right) => left.bytes - right.bytes);
  const fitting = bySize.filter((entry) => memoryFit(catalogNeed(entry), memoryBytes) === 'fits');
  return fitting.at(-1) ?? bySize[0];
}

/** The warning to show beside a model of this size, or null when it fits. */
export function memoryWarning(neededBytes: number, memoryBytes: number): string | null {
  const fit = memoryFit(neededBytes, memoryBytes);
  const memory = `${Math.round(memoryBytes / gibibyte)} GB`;
  if (fit === 'too-large') return `Larger than this computer's memory (${memory}): it may not load, or make everything slow.`;
  if (fit === 'tight') return `Uses most of this computer's memory (${memory}): other apps may slow down while it runs.`;
  return null;
}
