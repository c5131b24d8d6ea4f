import { conductorBench } from './conductor.js';
import { localOverheadBench } from './local-overhead.js';

export interface BenchOptions {
  modelFile?: string;
  rounds?: number;
  /** A data file for benchmarks that read one (pii: presidio-research's JSON format). */
  data?: string;
  /** Shuffles (seeds) to average over (routing). */
  seeds?: number;
  /** A second data file to route with what was learned on the default data (routing). */
  eval?: string;
  /** A local embedding model's folder (documents). */
  embedModel?: string;
  /** The size of the file to scan (large-input). */
  megabytes?: number;
  /** How many runs (soak). */
  runs?: number;
}

const benchmarks: Record<string, (options: BenchOptions) => Promise<void>> = {
  'local-overhead': localOverheadBench,
  conductor: conductorBench,
  // Loaded on demand: it needs the peer packages (devDependencies) it compares against.
  pii: async (options) => (await import('./pii.js')).piiBench(options),
  evasion: async () => (await import('./evasion.js')).evasionBench(),
  routing: async (options) => (await import('./routing.js')).routingBench(options),
  gateway: async (options) => (await import('./gateway.js')).gatewayBench(options),
  // Loaded on demand: it makes its PDF with pdf-lib (a devDependency).
  documents: async (options) => (await import('./documents.js')).documentsBench(options),
  'large-input': async (options) => (await import('./large-input.js')).largeInputBench(options),
  // Loaded on demand: it makes its prompts with fast-check (a devDependency).
  soak: async (options) => (await import('./soak.js')).soakBench(options),
  // Loaded on demand: it drives Chromium with playwright-core (a devDependency).
  ui: async () => (await import('./ui.js')).uiBench(),
};

export async function runBenchmark(name: string, options: BenchOptions): Promise<void> {
  const benchmark = benchmarks[name];
  if (!benchmark) throw new Error(`Unknown benchmark "${name}". Known: ${Object.keys(benchmarks).join(', ')}.`);
  await benchmark(options);
}
