import { describe, expect, it } from 'vitest';
import type { ModelsOverview } from '@shared/api';
import { memoryFit, memoryWarning, recommendedModel } from '../../renderer/src/lib/memory-fit.js';

const gib = 1024 ** 3;

function entry(id: string, gigabytes: number, minRamGiB: number): ModelsOverview['catalog'][number] {
  return { id, name: id, description: '', fileName: `${id}.gguf`, bytes: gigabytes * gib, quantization: 'Q4_K_M', parameters: '1B', contextLength: 4096, license: 'mit', minRamGiB, downloaded: false, partialBytes: 0, downloading: false };
}

describe('whether a local model fits this computer', () => {
  it('says so from the model\'s needs against the memory', () => {
    expect(memoryFit(4 * gib, 16 * gib)).toBe('fits');
    expect(memoryFit(12 * gib, 16 * gib)).toBe('tight');
    expect(memoryFit(15 * gib, 16 * gib)).toBe('too-large');
    expect(memoryWarning(4 * gib, 16 * gib)).toBeNull();
    expect(memoryWarning(20 * gib, 16 * gib)).toBe("Larger than this computer's memory (16 GB): it may not load, or make everything slow.");
  });

  it('recommends the largest catalog model that fits comfortably, else the smallest', () => {
    const catalog = [entry('medium', 2, 6), entry('small', 0.5, 2), entry('large', 5, 12)];
    expect(recommendedModel(catalog, 16 * gib)?.id).toBe('medium');
    expect(recommendedModel(catalog, 32 * gib)?.id).toBe('large');
    expect(recommendedModel(catalog, 2 * gib)?.id).toBe('small');
    expect(recommendedModel([], 16 * gib)).toBeUndefined();
  });
});
