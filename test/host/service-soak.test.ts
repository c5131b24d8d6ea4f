import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak-runner.js';
import { soakFaultRates } from '../support/fault-injection.js';

/**
 * Issue 15's soak, small: 60 runs through the service, 8 at a time, against the fake Anthropic
 * and OpenAI servers with the soak's faults (10% dropped connections, 5% HTML pages, 5% 429, 2%
 * slow streams cut mid-way), every prompt carrying personal data, the person allowing the cloud.
 * `npm run bench -- soak` runs the same with 1,000.
 */
describe('the service under injected cloud faults (soak)', () => {
  it('every run ends with a clear reason, every stored answer is the one that streamed, and no value reaches the cloud', async () => {
    const report = await runSoak({ runs: 60, concurrency: 8, seed: 15, rates: soakFaultRates, runTimeoutMs: 20_000 });

    expect(report.runs).toBe(60);
    expect(report.lostDetails).toEqual([]);
    expect(report.lost).toBe(0);
    expect(report.unclearReasons).toEqual([]);
    expect(report.completed + Object.values(report.failedByReason).reduce((sum, count) => sum + count, 0)).toBe(60);
    // Only the faults' own failures, each said in words; a healthy network is never "offline".
    for (const reason of Object.keys(report.failedByReason)) expect(reason).toMatch(/^(connection|rate-limited): [A-Z]/);
    expect(report.leakDetails).toEqual([]);
    expect(report.leaks).toBe(0);
    // The faults were there, and every model call the fake cloud received was scanned.
    expect(report.faults.droppedConnection + report.faults.htmlPage + report.faults.rateLimited + report.faults.slowStreamCut).toBeGreaterThan(0);
    expect(Object.values(report.faults).reduce((sum, count) => sum + count, 0)).toBe(report.cloudRequests);
  }, 60_000);
});
