import { getLlama, LlamaLogLevel, type Llama } from 'node-llama-cpp';

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
 */
export async function loadLlamaRuntime(options: { gpu: boolean }): Promise<LlamaRuntime> {
  const quiet = { logLevel: LlamaLogLevel.error, logger: logLlamaMessage };
  if (!options.gpu) {
    const llama = await getLlama({ gpu: false, ...quiet });
    return { llama, info: { backend: 'cpu', gpuRequested: false, cpuFallbackReason: undefined } };
  }
  try {
    const llama = await getLlama({ gpu: 'auto', ...quiet });
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
    const llama = await getLlama({ gpu: false, ...quiet });
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

function logLlamaMessage(level: LlamaLogLevel, message: string): void {
  if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal) {
    process.stderr.write(`[llama.cpp] ${message}\n`);
  }
}
