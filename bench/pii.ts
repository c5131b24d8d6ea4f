import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Analyzer } from '../electron/core/privacy/analyzer.js';
import { EntityRecognizer } from '../electron/core/privacy/entities/entity-recognizer.js';
import { shippedEntityClassifierFolder } from '../electron/core/privacy/entities/shipped-entity-classifier.js';
import { createPatternRecognizers } from '../electron/core/privacy/recognizers/index.js';
import { percentile } from './bench-support.js';
import { createOpenRedactionTool, createRedactPiiTool, type PiiTool } from './pii-peers.js';
import {
  batonFamily,
  countText,
  goldFamily,
  listedFamilies,
  overallCounts,
  scoredFamilies,
  scoreOf,
  unlabelledFamilies,
  type Family,
  type FamilyCounts,
  type LabelledSpan,
} from './pii-scoring.js';
import { dateScopeLines } from './pii-date-scopes.js';
import { countTypes, typeTable, type TypeCounts } from './pii-type-counts.js';

export interface PiiBenchOptions {
  /** A JSON file in presidio-research's format; default: its generated_large.json in ../shared/data. */
  data?: string;
}

/** One sentence of presidio-research's synthetic data. */
interface GoldRecord {
  full_text: string;
  spans: { entity_type: string; start_position: number; end_position: number }[];
}

export const defaultPiiDataPath = fileURLToPath(
  new URL('../../../shared/data/pii/presidio-research/generated_large.json', import.meta.url),
);

const promptBytes = 1024;
const speedPrompts = 200;

/**
 * Span-level precision, recall and F2 per type family and overall for Baton's shield as the
 * app runs it (pattern recognizers and the shipped entity classifier in its worker thread,
 * through the Analyzer: context boost, 0.5 threshold, overlap merging) and for the npm
 * packages redact-pii and openredaction, on the same data with the same scoring; then speed
 * on 1 KB prompts (p50 and p95 ms per KB). The last line is `pii F2: X`, Baton's overall F2.
 */
export async function piiBench(options: PiiBenchOptions): Promise<void> {
  const dataPath = options.data ?? defaultPiiDataPath;
  const records = JSON.parse(readFileSync(dataPath, 'utf8')) as GoldRecord[];
  if (!Array.isArray(records) || records.some((record) => typeof record.full_text !== 'string' || !Array.isArray(record.spans))) {
    throw new Error(`${dataPath} is not in presidio-research's format (an array of {full_text, spans}).`);
  }

  const entityClassifierFolder = shippedEntityClassifierFolder();
  const entityClassifier = new EntityRecognizer({ folder: entityClassifierFolder });
  const analyzer = new Analyzer(createPatternRecognizers(), { entityRecognizers: [entityClassifier] });
  const baton: PiiTool = {
    name: 'baton',
    async find(text) {
      const result = await analyzer.analyze(text);
      return result.spans.map((span) => ({ family: batonFamily(span.type), label: span.type, start: span.start, end: span.end }));
    },
  };
  const redactPii = createRedactPiiTool();
  const tools: PiiTool[] = [baton, redactPii, createOpenRedactionTool()];

  const counts = new Map<string, Map<Family, FamilyCounts>>(tools.map((tool) => [tool.name, new Map()]));
  const batonGoldByLabel = new Map<string, TypeCounts>();
  const batonPredictedByType = new Map<string, TypeCounts>();
  for (const record of records) {
    const gold: LabelledSpan[] = record.spans.map((span) => ({
      family: goldFamily(span.entity_type),
      label: span.entity_type,
      start: span.start_position,
      end: span.end_position,
    }));
    for (const tool of tools) {
      const found = await tool.find(record.full_text);
      countText(gold, found, counts.get(tool.name) as Map<Family, FamilyCounts>);
      if (tool === baton) countTypes(gold, found, batonGoldByLabel, batonPredictedByType);
    }
  }

  const goldTotal = records.reduce((sum, record) => sum + record.spans.length, 0);
  console.log(`data: ${dataPath} (${records.length} texts, ${goldTotal} gold spans)`);
  console.log(`Baton: pattern recognizers and the entity classifier in ${entityClassifierFolder}, Analyzer defaults.`);
  console.log('A found span counts when it overlaps a gold span of the same family.');
  console.log('');
  const header = ['family'.padEnd(13), 'gold'.padStart(5), ...tools.map((tool) => `${tool.name.padStart(13)}  P     R     F2  `)].join(' ');
  console.log(header);
  const row = (family: string, perTool: (name: string) => FamilyCounts | undefined, goldCount: number) => {
    const cells = tools.map((tool) => {
      const value = perTool(tool.name) ?? { gold: goldCount, goldFound: 0, predicted: 0, predictedCorrect: 0 };
      const score = scoreOf({ ...value, gold: goldCount });
      return `${String(value.predicted).padStart(13)} ${score.precision.toFixed(3)} ${score.recall.toFixed(3)} ${score.f2.toFixed(3)}`;
    });
    console.log([family.padEnd(13), String(goldCount).padStart(5), ...cells].join(' '));
  };
  const goldOf = (family: Family) => {
    for (const tool of tools) {
      const value = counts.get(tool.name)?.get(family);
      if (value) return value.gold;
    }
    return 0;
  };
  for (const family of [...scoredFamilies, ...unlabelledFamilies]) {
    row(family, (name) => counts.get(name)?.get(family), goldOf(family));
  }
  const labelled = new Set<Family>(records.flatMap((record) => record.spans.map((span) => goldFamily(span.entity_type))));
  const overall = new Map(tools.map((tool) => [tool.name, overallCounts(counts.get(tool.name) as Map<Family, FamilyCounts>, labelled)]));
  const unlabelledHere = scoredFamilies.filter((family) => !labelled.has(family));
  if (unlabelledHere.length > 0) console.log(`not in OVERALL (the data labels none of them): ${unlabelledHere.join(', ')}`);
  const overallGold = overall.get('baton')?.gold ?? 0;
  row('OVERALL', (name) => overall.get(name), overallGold);
  console.log('listed, not scored (not personal data to Baton):');
  for (const family of listedFamilies) row(family, (name) => counts.get(name)?.get(family), goldOf(family));
  console.log('(the number before P is how many spans the tool found in that family; SECRET/OTHER count only hits outside every gold span)');
  console.log('');
  console.log('baton per type (a gold label is found when a span of its family overlaps it; hidden when a span of any type does,');
  console.log('so that its text is redacted though its type is wrong):');
  for (const line of typeTable('gold label', batonGoldByLabel, 'R')) console.log(line);
  for (const line of typeTable('baton type', batonPredictedByType, 'P')) console.log(line);
  if (redactPii.unaligned > 0) console.log(`redact-pii: ${redactPii.unaligned} texts whose redaction could not be aligned (counted as nothing found)`);
  console.log('');
  for (const line of await dateScopeLines(records)) console.log(line);

  console.log('');
  const prompts = buildPrompts(records.map((record) => record.full_text));
  console.log(`speed: ${prompts.length} prompts of ${promptBytes} characters (1 KB), one at a time, after a warm-up`);
  for (const tool of tools) {
    const timings = await timePrompts(tool, prompts);
    console.log(
      `${tool.name.padEnd(14)} p50 ${percentile(timings, 0.5).toFixed(2)} ms per KB  p95 ${percentile(timings, 0.95).toFixed(2)} ms per KB  ` +
        `${((prompts.length * promptBytes) / 1024 / (timings.reduce((sum, value) => sum + value, 0) / 1000)).toFixed(0)} KB/s`,
    );
  }
  await entityClassifier.dispose();
  console.log('');
  const batonScore = scoreOf(overall.get('baton') as FamilyCounts);
  console.log(`pii F2: ${batonScore.f2.toFixed(3)}`);
}

/** 1 KB prompts made of consecutive sentences of the data (wrapping around), cut at 1024 characters. */
function buildPrompts(texts: readonly string[]): string[] {
  const prompts: string[] = [];
  let index = 0;
  while (prompts.length < speedPrompts && texts.length > 0) {
    let prompt = '';
    while (prompt.length < promptBytes) {
      prompt += `${texts[index % texts.length]}\n`;
      index += 1;
    }
    prompts.push(prompt.slice(0, promptBytes));
  }
  return prompts;
}

async function timePrompts(tool: PiiTool, prompts: readonly string[]): Promise<number[]> {
  for (const prompt of prompts.slice(0, 20)) await tool.find(prompt);
  const timings: number[] = [];
  for (const prompt of prompts) {
    const started = performance.now();
    await tool.find(prompt);
    timings.push(performance.now() - started);
  }
  return timings;
}

