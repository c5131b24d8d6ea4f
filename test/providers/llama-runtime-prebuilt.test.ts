import { describe, expect, it, vi } from 'vitest';

// node-llama-cpp itself stands in here: what is checked is Baton's use of it (prebuilt binaries
// only, one retry, a clear error), which a real machine with a working binary never exercises.
const getLlama = vi.fn();
vi.mock('node-llama-cpp', async (importOriginal) => {
  const original = await importOriginal<typeof import('node-llama-cpp')>();
  return { ...original, getLlama: (options: unknown) => getLlama(options) };
});

const { NoBinaryFoundError } = await import('node-llama-cpp');
const { loadLlamaRuntime } = await import('../../electron/core/providers/local-llama/llama-runtime.js');

describe('llama.cpp runtime', () => {
  it('asks for prebuilt binaries only, tries twice, then says what to do instead of compiling', async () => {
    getLlama.mockReset();
    getLlama.mockRejectedValue(new (NoBinaryFoundError as unknown as new () => Error)());
    await expect(loadLlamaRuntime({ gpu: false })).rejects.toThrow(/does not compile one while you wait.*baton doctor/s);
    expect(getLlama).toHaveBeenCalledTimes(2);
    for (const [options] of getLlama.mock.calls) expect(options).toMatchObject({ build: 'never', gpu: false });
  });

  it('uses the binary when the second check succeeds (the first timed out on a busy machine)', async () => {
    getLlama.mockReset();
    const llama = { gpu: false };
    getLlama.mockRejectedValueOnce(new (NoBinaryFoundError as unknown as new () => Error)()).mockResolvedValueOnce(llama);
    const runtime = await loadLlamaRuntime({ gpu: false });
    expect(runtime.llama).toBe(llama);
    expect(runtime.info.backend).toBe('cpu');
  });
});
