/** What the local runtime reports about its compute backend. */
export interface RuntimeBackend {
  /** 'cuda', 'vulkan', 'metal' or 'cpu'. */
  backend: string;
  gpuRequested: boolean;
  cpuFallbackReason: string | null;
}

const backendNames: Record<string, string> = { cuda: 'CUDA', vulkan: 'Vulkan', metal: 'Metal', cpu: 'CPU' };

/**
 * One line that states one truth about where local models run: "CUDA", or "CPU — no supported
 * GPU (…) was found on this machine", or "CPU — the GPU is turned off in Settings"; never "GPU
 * requested" beside "Backend CPU".
 */
export function backendLine(runtime: RuntimeBackend): string {
  const name = backendNames[runtime.backend] ?? runtime.backend.toUpperCase();
  if (runtime.backend !== 'cpu') return name;
  if (!runtime.gpuRequested) return `${name} — the GPU is turned off in Settings`;
  const reason = (runtime.cpuFallbackReason ?? 'no supported GPU was found').replace(/\.$/, '');
  return `${name} — ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
}
