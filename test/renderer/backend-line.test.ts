import { describe, expect, it } from 'vitest';
import { backendLine } from '../../renderer/src/lib/backend-line.js';

describe('the backend line of the Models view', () => {
  it('states one truth: the GPU backend, or the CPU and why', () => {
    expect(backendLine({ backend: 'cuda', gpuRequested: true, cpuFallbackReason: null })).toBe('CUDA');
    expect(backendLine({ backend: 'cpu', gpuRequested: false, cpuFallbackReason: null })).toBe('CPU — the GPU is turned off in Settings');
    expect(backendLine({ backend: 'cpu', gpuRequested: true, cpuFallbackReason: 'No supported GPU (CUDA, Vulkan or Metal) was found on this machine.' })).toBe(
      'CPU — no supported GPU (CUDA, Vulkan or Metal) was found on this machine',
    );
    expect(backendLine({ backend: 'cpu', gpuRequested: true, cpuFallbackReason: 'The GPU backend failed to load (driver too old); running on the CPU.' })).toBe(
      'CPU — the GPU backend failed to load (driver too old); running on the CPU',
    );
  });
});
