import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KindSuccessTally } from '../electron/core/learning/kind-success-tally.js';
import { LearnedRouter } from '../electron/core/learning/learned-router.js';
import { hashPromptFeatures, type HashedFeatures } from '../electron/core/learning/prompt-features.js';
import { guessKind } from '../electron/core/orchestration/task-kind-guess.js';
import type { TaskKind } from '../electron/shared/plan.js';
import { median } from './bench-support.js';
import { pgrChartSvg, type ChartSeries } from './routing-chart.js';
import { loadMmlu, loadRoutingCsv, type RoutingData, type RoutingItem } from './routing-data.js';
import { averagePgr, callPerformanceThreshold, meanAndSpread, pgrCurve, type CurvePoint } from './routing-metrics.js';

/**
 * Replays public routing data (RouteLLM's MMLU and GSM8K outcomes of Mixtral-8x7B and GPT-4)
 * through Baton's learned router as a bandit: one shuffled stream, each prompt routed before its
 * outcome is known, only the called model's outcome revealed (a cascade that escalates called
 * both, pays for both and sees both). Thresholds are set online by the router's running
 * percentile. Each cost setting (share of strong calls allowed) is one replay from scratch; the
 * curve's x is the realised share. Figures are the mean over seeds (shuffles), with their spread.
 */
export interface RoutingBenchOptions {
  data?: string;
  seeds?: number;
  eval?: string;
}

/** The repository root: this file runs compiled from dist/bench/ (npm run bench) or as source from bench/. */
const repositoryRoot = fileURLToPath(new URL(import.meta.url.includes('/dist/bench/') ? '../../' : '../', import.meta.url));
const defaultFolder = join(repositoryRoot, '../shared/data/routing/routellm');
const resultsFolder = join(repositoryRoot, 'bench/results');
/** Cost settings: the share of strong calls allowed, all-weak to all-strong. */
const strongShares = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1];
/** Cold start: how the router does right after its first 250 outcomes (the next 500 prompts). */
const coldStart = { from: 250, to: 750 };

interface PreparedItem extends RoutingItem {
  features: HashedFeatures;
  kind: TaskKind;
}

type Mode = 'prompt' | 'cascade';

/** Which prompts went to the strong model and the outcome of the answer kept, per stream position. */
interface Replay {
  strong: Uint8Array;
  kept: Float64Array;
}

export async function routingBench(options: RoutingBenchOptions): Promise<void> {
  const seeds = options.seeds ?? 5;
  mkdirSync(resultsFolder, { recursive: true });
  if (options.eval) {
    const training = [...prepare(loadMmlu(`${defaultFolder}/mmlu`)), ...prepare(loadRoutingCsv(`${defaultFolder}/gsm8k/gsm8k_responses.csv`, 'gsm8k'), 'math')];
    const evaluation = prepare(loadRoutingCsv(options.eval, 'eval'));
    const apgr = evaluateFrozen(training, evaluation, seeds);
    console.log(`routing APGR eval: ${apgr.toFixed(3)}`);
    return;
  }
  if (options.data) {
    const data = loadRoutingCsv(options.data, 'data');
    const items = prepare(data);
    const mode: Mode = items.every((item) => item.weakResponse !== undefined) ? 'cascade' : 'prompt';
    const apgr = reportData('data', items, seeds, mode);
    console.log(`routing APGR data: ${apgr.toFixed(3)}`);
    return;
  }
  const mmlu = prepare(loadMmlu(`${defaultFolder}/mmlu`));
  const gsm8k = prepare(loadRoutingCsv(`${defaultFolder}/gsm8k/gsm8k_responses.csv`, 'gsm8k'), 'math');
  measureSpeed(mmlu);
  const mmluApgr = reportData('mmlu', mmlu, seeds, 'prompt');
  reportData('gsm8k', gsm8k, seeds, 'prompt');
  const gsm8kApgr = reportData('gsm8k', gsm8k, seeds, 'cascade');
  console.log(`routing APGR mmlu: ${mmluApgr.toFixed(3)} gsm8k: ${gsm8kApgr.toFixed(3)}`);
}

function prepare(data: RoutingData, kind?: TaskKind): PreparedItem[] {
  return data.items.map((item) => ({ ...item, features: hashPromptFeatures(item.prompt), kind: kind ?? guessKind(item.prompt) }));
}

function newRouter(strongShare: number, seed: number): LearnedRouter {
  return new LearnedRouter({
    weak: { modelId: 'weak', tier: 'local' },
    strong: { modelId: 'strong', tier: 'strong' },
    strongShare,
    floor: new KindSuccessTally(),
    random: seededRandom(seed),
  });
}

/** One pass over the stream at one cost setting; the router learns only what it paid for. */
function replay(items: PreparedItem[], strongShare: number, seed: number, mode: Mode, router = newRouter(strongShare, seed), learning = true): Replay {
  const strong = new Uint8Array(items.length);
  const kept = new Float64Array(items.length);
  items.forEach((item, position) => {
    const prompt = { features: item.features, kind: item.kind, difficulty: 3 };
    if (mode === 'cascade' && item.weakResponse !== undefined) {
      const answer = item.weakResponse;
      const choice = router.routeAfterWeakAnswer(prompt, answer);
      if (learning) router.learnWeakAnswer(prompt, answer, item.weak);
      if (choice.arm === 'strong') {
        if (learning) router.learn(prompt, 'strong', item.strong);
        strong[position] = 1;
        kept[position] = item.strong;
      } else kept[position] = item.weak;
      return;
    }
    const choice = router.route(prompt);
    const outcome = choice.arm === 'strong' ? item.strong : item.weak;
    if (learning) router.learn(prompt, choice.arm, outcome);
    strong[position] = choice.arm === 'strong' ? 1 : 0;
    kept[position] = outcome;
  });
  return { strong, kept };
}

function pointOf(replayed: Replay, from = 0, to = replayed.kept.length): CurvePoint {
  let strongCalls = 0;
  let quality = 0;
  for (let position = from; position < to; position += 1) {
    strongCalls += replayed.strong[position] ?? 0;
    quality += replayed.kept[position] ?? 0;
  }
  return { strongShare: strongCalls / (to - from), quality: quality / (to - from) };
}

interface Row {
  label: string;
  apgrs: number[];
  cpt50: number[];
  cpt80: number[];
  curves: Array<Array<{ share: number; pgr: number }>>;
}

function addCurve(row: Row, points: CurvePoint[], weakQuality: number, strongQuality: number): void {
  const curve = pgrCurve(points, weakQuality, strongQuality);
  row.apgrs.push(averagePgr(curve));
  row.cpt50.push(callPerformanceThreshold(curve, 0.5) ?? 1);
  row.cpt80.push(callPerformanceThreshold(curve, 0.8) ?? 1);
  row.curves.push(curve);
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

/** Prints the table for one data set and writes its SVG; returns Baton's mean APGR. */
function reportData(name: string, items: PreparedItem[], seeds: number, mode: Mode): number {
  const weakQuality = mean(items.map((item) => item.weak));
  const strongQuality = mean(items.map((item) => item.strong));
  const rows = { random: newRow('random'), oracle: newRow('oracle'), baton: newRow(mode === 'cascade' ? 'Baton (cascade)' : 'Baton'), cold: newRow(`Baton, prompts ${coldStart.from + 1}-${coldStart.to}`) };
  const started = performance.now();
  for (let seed = 1; seed <= seeds; seed += 1) {
    const order = shuffled(items, seed);
    const batonPoints: CurvePoint[] = [];
    const coldPoints: CurvePoint[] = [];
    const randomPoints: CurvePoint[] = [];
    const coinFlip = seededRandom(seed * 7919);
    for (const share of strongShares) {
      const replayed = replay(order, share, seed * 1000 + Math.round(share * 100), mode);
      batonPoints.push(pointOf(replayed));
      if (order.length >= coldStart.to) coldPoints.push(pointOf(replayed, coldStart.from, coldStart.to));
      let strongCalls = 0;
      let quality = 0;
      for (const item of order) {
        const strong = coinFlip() < share;
        strongCalls += strong ? 1 : 0;
        quality += strong ? item.strong : item.weak;
      }
      randomPoints.push({ strongShare: strongCalls / order.length, quality: quality / order.length });
    }
    addCurve(rows.baton, batonPoints, weakQuality, strongQuality);
    addCurve(rows.random, randomPoints, weakQuality, strongQuality);
    if (coldPoints.length > 0) {
      const window = order.slice(coldStart.from, coldStart.to);
      addCurve(rows.cold, coldPoints, mean(window.map((item) => item.weak)), mean(window.map((item) => item.strong)));
    }
  }
  addCurve(rows.oracle, oraclePoints(items), weakQuality, strongQuality);

  console.log(`\n${name}${mode === 'cascade' ? ' (cascade: the weak answer is read before escalating)' : ''}: ${items.length} prompts, weak ${pct(weakQuality)} strong ${pct(strongQuality)} correct; ${seeds} seeds, ${strongShares.length} cost settings, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(`  ${'router'.padEnd(24)} ${'APGR'.padEnd(16)} ${'CPT(50%)'.padEnd(16)} CPT(80%)`);
  console.log(`  ${'always-weak'.padEnd(24)} ${'n/a (one point)'.padEnd(16)} share 0%, PGR 0`);
  console.log(`  ${'always-strong'.padEnd(24)} ${'n/a (one point)'.padEnd(16)} share 100%, PGR 1`);
  for (const row of [rows.random, rows.oracle, rows.baton, ...(rows.cold.apgrs.length > 0 ? [rows.cold] : [])]) {
    const apgr = meanAndSpread(row.apgrs);
    const cpt50 = meanAndSpread(row.cpt50);
    const cpt80 = meanAndSpread(row.cpt80);
    console.log(
      `  ${row.label.padEnd(24)} ${`${apgr.mean.toFixed(3)} ± ${apgr.spread.toFixed(3)}`.padEnd(16)} ${`${pct(cpt50.mean)} ± ${pct(cpt50.spread)}`.padEnd(16)} ${pct(cpt80.mean)} ± ${pct(cpt80.spread)}`,
    );
  }
  const baton = rows.baton.curves;
  const meanCurve = (curves: Row['curves']) => (curves[0] ?? []).map((_, index) => ({ share: mean(curves.map((curve) => curve[index]?.share ?? 0)), pgr: mean(curves.map((curve) => curve[index]?.pgr ?? 0)) }));
  const series: ChartSeries[] = [
    { label: 'random', color: '#999', points: meanCurve(rows.random.curves) },
    { label: 'oracle', color: '#2a2', points: meanCurve(rows.oracle.curves) },
    { label: rows.baton.label, color: '#c33', points: meanCurve(baton) },
  ];
  const file = `${resultsFolder}/routing-${name}${mode === 'cascade' ? '-cascade' : ''}.svg`;
  writeFileSync(file, pgrChartSvg(`${name}: PGR against the share of strong calls (mean of ${seeds} seeds)`, series));
  console.log(`  curve: ${file}`);
  return mean(rows.baton.apgrs);
}

function newRow(label: string): Row {
  return { label, apgrs: [], cpt50: [], cpt80: [], curves: [] };
}

/** The oracle sends the strong model first the prompts only it gets right, then those both get right, then the rest. */
export function oraclePoints(items: RoutingItem[], shares: readonly number[] = strongShares): CurvePoint[] {
  const ranked = [...items].sort((left, right) => right.strong - right.weak - (left.strong - left.weak));
  return shares.map((share) => {
    const strongCount = Math.round(share * items.length);
    const quality = ranked.reduce((sum, item, index) => sum + (index < strongCount ? item.strong : item.weak), 0);
    return { strongShare: strongCount / items.length, quality: quality / items.length };
  });
}

/** `--eval`: learn on the default data's whole stream at each cost setting, then route the other file frozen. */
function evaluateFrozen(training: PreparedItem[], evaluation: PreparedItem[], seeds: number): number {
  const weakQuality = mean(evaluation.map((item) => item.weak));
  const strongQuality = mean(evaluation.map((item) => item.strong));
  const row = newRow('Baton (frozen)');
  for (let seed = 1; seed <= seeds; seed += 1) {
    const order = shuffled(training, seed);
    const evaluationOrder = shuffled(evaluation, seed + 100);
    const points = strongShares.map((share) => {
      const router = newRouter(share, seed * 1000 + Math.round(share * 100));
      replay(order, share, 0, 'prompt', router);
      return pointOf(replay(evaluationOrder, share, 0, 'prompt', router, false));
    });
    addCurve(row, points, weakQuality, strongQuality);
  }
  const apgr = meanAndSpread(row.apgrs);
  console.log(`eval: ${evaluation.length} prompts, weak ${pct(weakQuality)} strong ${pct(strongQuality)}; APGR ${apgr.mean.toFixed(3)} ± ${apgr.spread.toFixed(3)}, CPT(50%) ${pct(mean(row.cpt50))}, CPT(80%) ${pct(mean(row.cpt80))}`);
  return apgr.mean;
}

/** Routing cost with 10,000 outcomes learned: hashing the text included, as the conductor would pay it. */
function measureSpeed(items: PreparedItem[]): void {
  const order = shuffled(items, 99);
  const learned = order.slice(0, 10_000);
  const router = newRouter(0.5, 99);
  replay(learned, 0.5, 0, 'prompt', router);
  const timings: number[] = [];
  for (const item of order.slice(10_000, 11_000)) {
    const started = performance.now();
    router.route({ text: item.prompt, kind: item.kind, difficulty: 3 });
    timings.push(performance.now() - started);
  }
  timings.sort((left, right) => left - right);
  console.log(`routing one prompt with ${learned.length} outcomes learned: p50 ${median(timings).toFixed(3)} ms, p95 ${(timings[Math.floor(timings.length * 0.95)] ?? 0).toFixed(3)} ms`);
}

function shuffled<T>(items: T[], seed: number): T[] {
  const random = seededRandom(seed);
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/** mulberry32: a small seeded generator, so every figure can be reproduced. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
