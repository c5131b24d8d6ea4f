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
    // The faults are chosen per request body and attempt, from the seed: the same runs fail the same way every time.
    expect(report.faults).toEqual({ none: 54, droppedConnection: 3, htmlPage: 4, rateLimited: 4, slowStreamCut: 3 });
    expect(report.cloudRequests).toBe(68);
    expect(report.completed).toBe(54);
    // Dropped connections, 502 pages and short rate limits were retried and answered; what
    // failed says what happened, in words, and a healthy network is never called "offline".
    expect(report.failedByReason).toEqual({
      'connection: The connection to Anthropic failed (the connection closed before the answer was complete).': 2,
      'connection: The connection to OpenAI failed (the connection closed before the answer was complete).': 1,
      "connection: Anthropic answered with a web page instead of its API's stream: a network sign-in page or a proxy may be in the way. Open a web page in a browser to check, or try another network.": 1,
      "connection: OpenAI answered with a web page instead of its API's stream: a network sign-in page or a proxy may be in the way. Open a web page in a browser to check, or try another network.": 2,
    });
    expect(report.leakDetails).toEqual([]);
    expect(report.leaks).toBe(0);
    // Closed, the service and the fake servers leave nothing running (sockets, timers, workers).
    for (const [type, count] of Object.entries(report.activeResourcesAfterClose)) {
      expect(`${type}: ${count}`).toBe(`${type}: ${Math.min(count, report.activeResourcesBeforeStart[type] ?? 0)}`);
    }
  }, 60_000);
});
