import type { Llama, LlamaLogLevel, LlamaOptions } from 'node-llama-cpp';
import { llamaModule } from './llama-module.js';
import { BatonError } from '../../../shared/errors.js';

export type ComputeBackend = 'cuda' | 'vulkan' | 'metal' | 'cpu';

export interface RuntimeInfo {
  backend: ComputeBackend;
  gpuRequested: boolean;
  /** Why a requested GPU is not used (no GPU found, its backend failed to load). */
  cpuFallbackReason: string | undefined;
}

export interface LlamaRuntime {
  llama: Llama;
  info: RuntimeInfo;
}

/**
 * Loads llama.cpp once per process. With `gpu` on, node-llama-cpp picks CUDA, Vulkan or Metal
 * when one works and the CPU otherwise; Baton reports which, and why it fell back.
 *
 * Only prebuilt or already-built binaries are used (`build: 'never'`): node-llama-cpp's default
 * compiles llama.cpp from source when no binary loads in time, which on a busy machine held
 * every request behind a build lock for minutes, silently. A binary check that failed is tried
 * once more (it may have timed out on a busy machine); then a clear error says what to do.
 */
export async function loadLlamaRuntime(options: { gpu: boolean }): Promise<LlamaRuntime> {
  if (!options.gpu) {
    const llama = await getPrebuiltLlama({ gpu: false });
    return { llama, info: { backend: 'cpu', gpuRequested: false, cpuFallbackReason: undefined } };
  }
  try {
    const { getLlama } = await llamaModule();
    const llama = await getLlama({ ...(await prebuiltOnly()), gpu: 'auto' });
    const backend = llama.gpu === false ? 'cpu' : llama.gpu;
    return {
      llama,
      info: {
        backend,
        gpuRequested: true,
        cpuFallbackReason: backend === 'cpu' ? 'No supported GPU (CUDA, Vulkan or Metal) was found on this machine.' : undefined,
      },
    };
  } catch (error) {
    const llama = await getPrebuiltLlama({ gpu: false });
    return {
      llama,
      info: {
        backend: 'cpu',
        gpuRequested: true,
        cpuFallbackReason: `The GPU backend failed to load (${(error as Error).message}); running on the CPU.`,
      },
    };
  }
}

async function prebuiltOnly(): Promise<LlamaOptions> {
  const { LlamaLogLevel } = await llamaModule();
  const logger = (level: LlamaLogLevel, message: string) => {
    if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal) process.stderr.write(`[llama.cpp] ${message}\n`);
  };
  return { build: 'never', logLevel: LlamaLogLevel.error, logger };
}

/** Tries twice, then explains: never a compiler behind the person's back. */
async function getPrebuiltLlama(options: { gpu: false }, tries = 2): Promise<Llama> {
  const { getLlama, NoBinaryFoundError } = await llamaModule();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await getLlama({ ...(await prebuiltOnly()), ...options });
    } catch (error) {
      if (!(error instanceof NoBinaryFoundError)) throw error;
      if (attempt < tries) continue;
      throw new BatonError(
        'model-load-failed',
        'No prebuilt llama.cpp binary works on this machine, and Baton does not compile one while you wait. ' +
          'Reinstall Baton, or build llama.cpp once with `npx --no node-llama-cpp source build` in its folder; `baton doctor` checks it again.',
        { cause: error },
      );
    }
  }
}

