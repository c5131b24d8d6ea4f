import { existsSync } from 'node:fs';
import { outcomeStatistics } from '../../core/learning/outcome-statistics.js';
import { resolvePaths } from '../../core/paths.js';
import { loadPricingTable } from '../../core/providers/pricing-table.js';
import { openDatabase } from '../../core/storage/database.js';
import { formatDuration, formatUsd } from '../format.js';

/**
 * `baton stats`: per model and kind, how many calls, how many succeeded, their average cost and
 * latency, and the money saved against sending every call to the strongest model.
 */
export function statsCommand(options: { json?: boolean }): void {
  const paths = resolvePaths();
  const outcomes = existsSync(paths.databasePath) ? readOutcomes(paths.databasePath) : [];
  const statistics = outcomeStatistics(outcomes, loadPricingTable(paths.pricingOverridePath));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(statistics)}\n`);
    return;
  }
  if (statistics.rows.length === 0) {
    process.stdout.write('No outcomes yet: ask something first (baton ask "...").\n');
    return;
  }
  const header = ['model'.padEnd(32), 'kind'.padEnd(12), 'calls'.padStart(6), 'success'.padStart(8), 'avg cost'.padStart(10), 'avg time'.padStart(9)];
  const lines = [header.join('  ')];
  for (const row of statistics.rows) {
    lines.push(
      [
        row.modelId.padEnd(32),
        row.kind.padEnd(12),
        String(row.count).padStart(6),
        `${Math.round(row.successRate * 100)}%`.padStart(8),
        formatUsd(row.averageCostUsd).padStart(10),
        formatDuration(Math.round(row.averageLatencyMs)).padStart(9),
      ].join('  '),
    );
  }
  lines.push('');
  lines.push(`spent ${formatUsd(statistics.totalCostUsd)}; the same calls on ${statistics.strongestModelId ?? 'the strongest model'} would have cost ${formatUsd(statistics.costIfStrongestUsd)}: saved ${formatUsd(statistics.savedUsd)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function readOutcomes(databasePath: string) {
  const database = openDatabase(databasePath);
  try {
    return database.outcomes.list();
  } finally {
    database.close();
  }
}
