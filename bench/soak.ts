import { soakFaultRates } from '../test/support/fault-injection.js';
import { soakReportLines, soakHeld } from './soak-report.js';
import { runSoak } from './soak-runner.js';

/** The seed of the prompts and of the faults: the same seed injects the same faults into the same runs. */
export const soakSeed = 15;

/**
 * `baton bench soak [--runs N]`: issue 15's soak. 1,000 runs by default through the service
 * against the fake cloud (127.0.0.1 only) with 10% dropped connections, 5% HTML pages, 5% 429
 * and 2% slow streams cut mid-way, 8 at a time, each prompt carrying personal data and the
 * person allowing the cloud. Exits non-zero when a run was lost, a value leaked or memory grew.
 */
export async function soakBench(options: { runs?: number }): Promise<void> {
  const runs = options.runs ?? 1000;
  console.log(`soak: ${runs} runs, 8 at a time, seed ${soakSeed}, faults per request: ${JSON.stringify(soakFaultRates)}`);
  const report = await runSoak({
    runs,
    concurrency: 8,
    seed: soakSeed,
    rates: soakFaultRates,
    runTimeoutMs: 180_000,
    onProgress: (done, total) => {
      if (done % 100 === 0 || done === total) console.log(`  ${done} / ${total} runs`);
    },
  });
  for (const line of soakReportLines(report)) console.log(line);
  if (!soakHeld(report)) process.exitCode = 1;
}
