/**
 * Prints statistics of a generated JSONL file — texts, spans per type, share of texts without
 * any entity, lengths — and a few random examples with their spans shown as [TYPE: text].
 *
 *   node dist/training/generate/print-stats.js training/out/train.jsonl [--examples 30] [--seed 7]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { faker } from '@faker-js/faker';
import { entityTypes, type LabelledText } from './text-pieces.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { examples: { type: 'string', default: '30' }, seed: { type: 'string', default: '7' } },
});
const path = positionals[0];
if (!path) {
  console.error('usage: node dist/training/generate/print-stats.js FILE.jsonl [--examples N] [--seed N]');
  process.exit(2);
}

const records = readFileSync(path, 'utf8')
  .split('\n')
  .filter((line) => line.length > 0)
  .map((line) => JSON.parse(line) as LabelledText);

const spansPerType = new Map<string, number>(entityTypes.map((type) => [type, 0]));
const textsWithType = new Map<string, number>(entityTypes.map((type) => [type, 0]));
let withoutEntity = 0;
let totalLength = 0;
let shortest = Infinity;
let longest = 0;
let nonLatinPersons = 0;
let lowerCasePersons = 0;
let upperCasePersons = 0;
for (const record of records) {
  totalLength += record.text.length;
  shortest = Math.min(shortest, record.text.length);
  longest = Math.max(longest, record.text.length);
  if (record.spans.length === 0) withoutEntity += 1;
  for (const type of new Set(record.spans.map((span) => span.type))) textsWithType.set(type, (textsWithType.get(type) ?? 0) + 1);
  for (const span of record.spans) {
    spansPerType.set(span.type, (spansPerType.get(span.type) ?? 0) + 1);
    if (span.type !== 'PERSON') continue;
    const value = record.text.slice(span.start, span.end);
    if (!/\p{Script=Latin}/u.test(value)) nonLatinPersons += 1;
    else if (value === value.toLowerCase()) lowerCasePersons += 1;
    else if (value === value.toUpperCase()) upperCasePersons += 1;
  }
}

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;
const totalSpans = [...spansPerType.values()].reduce((sum, value) => sum + value, 0);
console.log(`texts: ${records.length}`);
console.log(`spans: ${totalSpans} (${(totalSpans / records.length).toFixed(2)} per text)`);
for (const type of entityTypes) {
  console.log(`  ${type.padEnd(13)} ${String(spansPerType.get(type)).padStart(7)} spans, in ${percent(textsWithType.get(type) ?? 0, records.length)} of texts`);
}
const persons = spansPerType.get('PERSON') ?? 0;
console.log(`  PERSON spans: ${percent(lowerCasePersons, persons)} lower case, ${percent(upperCasePersons, persons)} ALL CAPS, ${percent(nonLatinPersons, persons)} without Latin letters`);
console.log(`texts with no entity: ${withoutEntity} (${percent(withoutEntity, records.length)})`);
console.log(`length: mean ${(totalLength / records.length).toFixed(0)}, shortest ${shortest}, longest ${longest}`);

faker.seed(Number(values.seed));
const exampleCount = Math.min(Number(values.examples), records.length);
console.log(`\n${exampleCount} random examples:`);
for (let index = 0; index < exampleCount; index += 1) {
  const record = faker.helpers.arrayElement(records);
  let shown = '';
  let last = 0;
  for (const span of record.spans) {
    shown += `${record.text.slice(last, span.start)}[${span.type}: ${record.text.slice(span.start, span.end)}]`;
    last = span.end;
  }
  shown += record.text.slice(last);
  console.log(`\n--- ${index + 1}\n${shown}`);
}
