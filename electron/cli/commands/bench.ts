export interface BenchCommandOptions {
  modelFile?: string;
  rounds?: number;
  data?: string;
  seeds?: number;
  eval?: string;
  embedModel?: string;
  megabytes?: number;
  runs?: number;
}

/** `baton bench NAME`: benchmarks live in bench/ and print their own figures. */
export async function benchCommand(name: string, options: BenchCommandOptions): Promise<void> {
  const { runBenchmark } = await import('../../../bench/run.js');
  await runBenchmark(name, options);
}
