/**
 * Writes synthetic training texts for the entity tagger as JSONL, one
 * `{"text", "spans": [{"type", "start", "end"}]}` per line (UTF-16 offsets).
 *
 *   node dist/training/generate/generate-data.js --seed 1 --count 60000 --out training/out/train.jsonl
 *
 * The same seed always gives a byte-identical file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createGenerator } from './generator-setup.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    count: { type: 'string', default: '60000' },
    out: { type: 'string' },
  },
});
const seed = Number(values.seed);
const count = Number(values.count);
if (!values.out || !Number.isInteger(seed) || !Number.isInteger(count) || count < 1) {
  console.error('usage: node dist/training/generate/generate-data.js --seed N --count N --out FILE.jsonl');
  process.exit(2);
}

const started = Date.now();
const { composer, library } = createGenerator(seed);
const lines: string[] = [];
for (let index = 0; index < count; index += 1) {
  const { text, spans } = composer.compose();
  lines.push(JSON.stringify({ text, spans }));
}
const outPath = resolve(values.out);
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, `${lines.join('\n')}\n`);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`${count} texts from ${library.count} templates (seed ${seed}) written to ${values.out} in ${seconds} s`);
