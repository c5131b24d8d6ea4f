import type { SoakReport } from './soak-runner.js';

/** The issue's bound on memory growth between the second and the last hundred runs. */
export const maximumRssGrowth = 0.1;

/** Whether the soak held: nothing lost, nothing leaked, memory flat (when there were enough runs to tell). */
export function soakHeld(report: SoakReport): boolean {
  return report.lost === 0 && report.leaks === 0 && (report.rssGrowth === undefined || report.rssGrowth <= maximumRssGrowth);
}

/** The lines `baton bench soak` prints; the last one is `soak ok runs: X lost: Y leaks: Z` or `soak FAILED ...`. */
export function soakReportLines(report: SoakReport): string[] {
  const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  const lines = [
    `runs: ${report.runs}   completed: ${report.completed}   failed: ${Object.values(report.failedByReason).reduce((sum, count) => sum + count, 0)}   lost: ${report.lost}`,
    `cloud requests: ${report.cloudRequests}   faults injected: ${Object.entries(report.faults)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', ')}`,
    'failed by reason:',
    ...Object.entries(report.failedByReason)
      .sort(([, left], [, right]) => right - left)
      .map(([reason, count]) => `  ${String(count).padStart(5)}  ${reason}`),
  ];
  if (Object.keys(report.failedByReason).length === 0) lines.push('  (none)');
  if (report.unclearReasons.length > 0) {
    lines.push(`failures without a clear reason: ${report.unclearReasons.length}`, ...report.unclearReasons.slice(0, 10).map((line) => `  ${line}`));
  }
  if (report.lostDetails.length > 0) lines.push('lost:', ...report.lostDetails.slice(0, 10).map((line) => `  ${line}`));
  if (report.leakDetails.length > 0) lines.push('leaks:', ...report.leakDetails.slice(0, 10).map((leak) => `  "${leak.secret}" in a request to ${leak.path}`));
  lines.push(
    `RSS after each hundred runs (after a full garbage collection): ${report.rssAfterEachHundred.map(megabytes).join(', ') || '(under 100 runs)'}`,
    `JavaScript heap in use at the same moments: ${report.heapAfterEachHundred.map(megabytes).join(', ') || '(under 100 runs)'}`,
    `RSS growth, second to last hundred: ${report.rssGrowth === undefined ? 'not measured (under 300 runs)' : `${(report.rssGrowth * 100).toFixed(1)}% (bound ${maximumRssGrowth * 100}%)`}`,
    `active handles and requests: ${report.activeResourcesAfterSecondHundred ?? '-'} after the second hundred, ${report.activeResourcesAtEnd} after the last run`,
    `  before the start: ${JSON.stringify(report.activeResourcesBeforeStart)}; after closing: ${JSON.stringify(report.activeResourcesAfterClose)}`,
    `event-loop delay p99: ${report.eventLoopDelayP99Ms.toFixed(1)} ms, max ${report.eventLoopDelayMaxMs.toFixed(1)} ms (load average ${report.loadAverage.toFixed(1)} on ${report.cores} cores)`,
    `duration: ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  const counts = `runs: ${report.runs} lost: ${report.lost} leaks: ${report.leaks}`;
  lines.push(soakHeld(report) ? `soak ok ${counts}` : `soak FAILED ${counts}`);
  return lines;
}
