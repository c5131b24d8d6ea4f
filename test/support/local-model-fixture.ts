import { fileURLToPath } from 'node:url';

/** The real 260K-parameter llama used by every test that needs a local model. */
export const storiesModelPath = fileURLToPath(new URL('../../../shared/models/stories260K/stories260K.gguf', import.meta.url));

/**
 * Settings for tests: one llama.cpp thread each, so two test workers share two cores without
 * fighting, and no GPU probing.
 */
export const testLocalSettings = {
  gpu: false,
  threads: 1,
  sequences: 2,
  maxContextSize: 512,
  idleUnloadMs: 60_000,
};
