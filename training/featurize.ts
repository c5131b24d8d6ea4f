/**
 * Turns generated texts (training/generate: `{text, spans: [{type, start, end}]}` per line)
 * into the classifier's inputs and BIO targets, through the very code the app runs
 * (electron/core/privacy/entities), so training and the app see the same numbers.
 *
 *   node dist/training/featurize.js --in training/out/train.jsonl --out training/out/train.features.jsonl
 *
 * Each output line: `{w: word ids, c: character ids (tokens × charsPerToken, flat), s: shape
 * ids, f: flags as one bit mask per token, y: tag ids}`. Also writes `layout.json` beside the
 * output: the feature layout and tags the model is trained for.
 */
import { createReadStream, createWriteStream, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { entityKinds, entityTags, type EntityKind } from '../electron/core/privacy/entities/entity-labels.js';
import { Gazetteers } from '../electron/core/privacy/entities/gazetteers.js';
import { featureLayout, featuresOf } from '../electron/core/privacy/entities/token-features.js';
import { wordTokens } from '../electron/core/privacy/entities/word-tokens.js';
import { trainingGazetteersFolder } from './generate/data-files.js';

interface GeneratedText {
  text: string;
  spans: { type: EntityKind; start: number; end: number }[];
}

const { values } = parseArgs({
  options: {
    in: { type: 'string' },
    out: { type: 'string' },
    gazetteers: { type: 'string' },
  },
});
if (!values.in || !values.out) {
  console.error('usage: node dist/training/featurize.js --in TEXTS.jsonl --out FEATURES.jsonl [--gazetteers FOLDER]');
  process.exit(2);
}

// The held-out lists build-gazetteers writes for training, not the app's whole ones.
const gazetteers = Gazetteers.load(resolve(values.gazetteers ?? trainingGazetteersFolder));
const output = createWriteStream(resolve(values.out));
let written = 0;
for await (const line of createInterface({ input: createReadStream(resolve(values.in)), crlfDelay: Infinity })) {
  if (line.trim().length === 0) continue;
  const record = JSON.parse(line) as GeneratedText;
  const tokens = wordTokens(record.text);
  if (tokens.length === 0) continue;
  const features = featuresOf(tokens, gazetteers);
  const tags = tokens.map((token) => {
    const span = record.spans.find((candidate) => token.start >= candidate.start && token.start < candidate.end);
    if (!span) return 0;
    if (!entityKinds.includes(span.type)) throw new Error(`unknown entity type ${span.type} in: ${line}`);
    const first = !tokens.some((other) => other.start >= span.start && other.start < token.start);
    return entityTags.indexOf(`${first ? 'B' : 'I'}-${span.type}`);
  });
  const flagCount = featureLayout.flags.length;
  const masks = tokens.map((_, index) => {
    let mask = 0;
    for (let flag = 0; flag < flagCount; flag += 1) if (features.flags[index * flagCount + flag] === 1) mask |= 1 << flag;
    return mask;
  });
  const row = {
    w: Array.from(features.wordIds, Number),
    c: Array.from(features.charIds, Number),
    s: Array.from(features.shapeIds, Number),
    f: masks,
    y: tags,
  };
  if (!output.write(`${JSON.stringify(row)}\n`)) await new Promise<void>((resolveDrain) => output.once('drain', () => resolveDrain()));
  written += 1;
}
await new Promise<void>((resolveClose) => output.end(resolveClose));
writeFileSync(join(dirname(resolve(values.out)), 'layout.json'), `${JSON.stringify({ ...featureLayout, tags: entityTags }, null, 2)}\n`);
console.log(`${written} texts featurized into ${values.out}`);
