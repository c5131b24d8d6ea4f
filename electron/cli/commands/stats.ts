import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { learnedStateFile, LearnedStateFileError, parseLearnedStateFile } from '../../core/learning/learned-state-file.js';
import { outcomeStatistics } from '../../core/learning/outcome-statistics.js';
import { routingThreshold, type RoutingThreshold } from '../../core/orchestration/router.js';
import { resolvePaths } from '../../core/paths.js';
import { loadPricingTable } from '../../core/providers/pricing-table.js';
import { firstDayStart, gatewaySpending } from '../../core/service/cost-history.js';
import { openDatabase, type BatonDatabase } from '../../core/storage/database.js';
import { formatDuration, formatUsd } from '../format.js';
import { readStoredSettings } from '../stored-settings.js';

/**
 * `baton stats`: per model and kind, how many calls, how many succeeded, their average cost and
 * latency, the money saved against sending every call to the strongest model, and where the
 * router's threshold lies at the current settings. With `--reset`, `--export FILE` or
 * `--import FILE` it forgets, saves or restores the learned routing state (the outcome log)
 * instead. Run these while the app is closed: a running app keeps its own counts in memory.
 */
export interface StatsOptions {
  json?: boolean;
  reset?: boolean;
  export?: string;
  import?: string;
}

/** The period of the gateway's line: as the Stats view's default. */
const gatewayDays = 30;

export function statsCommand(options: StatsOptions): void {
  const actions = [options.reset, options.export, options.import].filter((action) => action !== undefined && action !== false);
  if (actions.length > 1) throw new Error('choose one of --reset, --export and --import');
  if (options.reset) return resetLearnedState();
  if (options.export !== undefined) return exportLearnedState(options.export);
  if (options.import !== undefined) return importLearnedState(options.import);
  printStatistics(options);
}

function printStatistics(options: StatsOptions): void {
  const paths = resolvePaths();
  const stored = existsSync(paths.databasePath)
    ? withDatabase((database) => ({ outcomes: database.outcomes.list(), bySource: database.runs.spendingBySource(firstDayStart(gatewayDays)) }))
    : { outcomes: [], bySource: [] };
  const statistics = outcomeStatistics(stored.outcomes, loadPricingTable(paths.pricingOverridePath));
  const threshold = routingThreshold(readStoredSettings());
  // Requests of other tools through the gateway, told apart from the app's own runs.
  const gateway = gatewaySpending(stored.bySource);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...statistics, threshold, gateway: { days: gatewayDays, ...gateway } })}\n`);
    return;
  }
  if (statistics.rows.length === 0) {
    process.stdout.write(`No outcomes yet: ask something first (baton ask "...").\n${describeThreshold(threshold)}\n`);
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
  if (gateway.requests > 0) lines.push(`through the gateway in the last ${gatewayDays} days: ${gateway.requests} ${gateway.requests === 1 ? 'request' : 'requests'} from other tools, ${formatUsd(gateway.costUsd)}`);
  lines.push(describeThreshold(threshold));
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The threshold in one sentence, with the numbers a person can check against a routing reason. */
export function describeThreshold(threshold: RoutingThreshold): string {
  const lead = threshold.onDeviceLead > 0 ? `${points(threshold.onDeviceLead)} points higher (prefer local) plus ` : '';
  return (
    `router threshold: a good answer is worth ${formatUsd(threshold.successValueUsd)} (quality-to-cost ${threshold.qualityCostPreference.toFixed(2)}); ` +
    `a model off this device is chosen over an on-device one when its P(success) is ${lead}${points(threshold.leadPerMilliDollar)} points for each $0.001 it costs more`
  );
}

function points(share: number): string {
  return String(Math.round(share * 1000) / 10);
}

function resetLearnedState(): void {
  const { databasePath } = resolvePaths();
  const forgotten = existsSync(databasePath) ? withDatabase((database) => database.outcomes.deleteAll()) : 0;
  process.stdout.write(`Forgot ${forgotten} outcomes: routing starts again from the tier priors.\n`);
}

function exportLearnedState(file: string): void {
  const { databasePath } = resolvePaths();
  const outcomes = existsSync(databasePath) ? withDatabase((database) => database.outcomes.list()) : [];
  writeFileSync(file, `${JSON.stringify(learnedStateFile(outcomes, new Date().toISOString()), null, 2)}\n`);
  process.stdout.write(`Exported ${outcomes.length} outcomes to ${file}.\n`);
}

function importLearnedState(file: string): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot import ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let outcomes;
  try {
    outcomes = parseLearnedStateFile(text);
  } catch (error) {
    if (error instanceof LearnedStateFileError) throw new Error(`cannot import ${file}: ${error.message}. Nothing was changed.`);
    throw error;
  }
  const replaced = withDatabase((database) => {
    const before = database.outcomes.list().length;
    database.outcomes.replaceAll(outcomes);
    return before;
  });
  process.stdout.write(`Imported ${outcomes.length} outcomes from ${file}; they replace the ${replaced} learned before.\n`);
}

function withDatabase<T>(use: (database: BatonDatabase) => T): T {
  const database = openDatabase(resolvePaths().databasePath);
  try {
    return use(database);
  } finally {
    database.close();
  }
}
