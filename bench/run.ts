import { localOverheadBench } from './local-overhead.js';

export interface BenchOptions {
  modelFile?: string;
  rounds?: number;
}

const benchmarks: Record<string, (options: BenchOptions) => Promise<void>> = {
  'local-overhead': localOverheadBench,
};

export async function runBenchmark(name: string, options: BenchOptions): Promise<void> {
  const benchmark = benchmarks[name];
  if (!benchmark) throw new Error(`Unknown benchmark "${name}". Known: ${Object.keys(benchmarks).join(', ')}.`);
  await benchmark(options);
}
