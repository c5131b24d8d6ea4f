// Builds the hand-written PERSON / LOCATION / ORGANIZATION evaluation set for the on-device
// entity classifier: reads the annotated source entities-handwritten.source.txt (one text per
// line, entities marked inline as [[TYPE:value]], `# style` lines naming the style of the block
// that follows) and writes entities-handwritten.json next to it in presidio-research's format
// (an array of {full_text, spans[{entity_type, entity_value, start_position, end_position}],
// template_id, style}; positions are UTF-16 offsets, i.e. JavaScript string indices).
// It fails loudly (every problem listed with its line number, exit status 1, nothing written)
// on malformed markup, and prints the counts per style and per entity type.
//
//   node bench/data/build-handwritten-set.mjs           rebuild the JSON
//   node bench/data/build-handwritten-set.mjs --check   only check that the JSON on disk is current
//
// Plain Node (>= 20), no dependencies.

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const sourcePath = fileURLToPath(new URL('./entities-handwritten.source.txt', import.meta.url));
const outputPath = fileURLToPath(new URL('./entities-handwritten.json', import.meta.url));

const ENTITY_TYPES = ['PERSON', 'LOCATION', 'ORGANIZATION'];
const STYLES = ['news', 'chat', 'email', 'support', 'legal', 'medical', 'cv', 'meeting', 'social', 'form', 'letter', 'log'];
const ESCAPES = { n: '\n', t: '\t', '\\': '\\', '#': '#', '[': '[', ']': ']' };

// Scripts written without spaces between words: an entity may touch other letters there.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Parses one annotated line into {full_text, spans}; pushes problems onto `errors`. */
function parseLine(line, lineNumber, errors) {
  const fail = (message) => errors.push(`line ${lineNumber}: ${message}\n    ${line}`);
  let text = '';
  const spans = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (ch === '\\') {
      const next = line[i + 1];
      if (next === undefined || !(next in ESCAPES)) {
        fail(`unknown escape "\\${next ?? ''}" (allowed: \\n \\t \\\\ \\# \\[ \\])`);
        return null;
      }
      text += ESCAPES[next];
      i += 2;
    } else if (line.startsWith('[[', i)) {
      const close = line.indexOf(']]', i + 2);
      if (close === -1) {
        fail(`"[[" at column ${i + 1} is never closed with "]]"`);
        return null;
      }
      const inner = line.slice(i + 2, close);
      const colon = inner.indexOf(':');
      const type = colon === -1 ? inner : inner.slice(0, colon);
      const value = colon === -1 ? '' : inner.slice(colon + 1);
      if (colon === -1 || !ENTITY_TYPES.includes(type)) {
        fail(`bad entity markup "[[${inner}]]": expected [[${ENTITY_TYPES.join('|')}:value]]`);
        return null;
      }
      if (value.length === 0) {
        fail(`empty ${type} value`);
        return null;
      }
      if (/[[\]\\]/.test(value)) {
        fail(`${type} value "${value}" contains "[", "]" or "\\" (nested or broken markup?)`);
        return null;
      }
      if (value !== value.trim()) {
        fail(`${type} value "${value}" has leading or trailing whitespace`);
        return null;
      }
      if (/['’]s$/.test(value)) {
        fail(`${type} value "${value}" ends in a possessive 's; keep it outside the span`);
        return null;
      }
      const start = text.length;
      if (spans.length > 0 && spans[spans.length - 1].end_position === start) {
        fail(`${type} "${value}" starts right where the previous entity ends (missing separator?)`);
        return null;
      }
      text += value;
      spans.push({ entity_type: type, entity_value: value, start_position: start, end_position: text.length });
      i = close + 2;
    } else if (line.startsWith(']]', i)) {
      fail(`stray "]]" at column ${i + 1}`);
      return null;
    } else {
      text += ch;
      i += 1;
    }
  }
  // A span must not cut a word in two (except in scripts written without spaces).
  for (const span of spans) {
    const before = text[span.start_position - 1];
    const after = text[span.end_position];
    const first = span.entity_value[0];
    const last = span.entity_value[span.entity_value.length - 1];
    const glued = (outside, inside) =>
      outside !== undefined && WORD_CHAR.test(outside) && WORD_CHAR.test(inside) && !UNSPACED.test(outside) && !UNSPACED.test(inside);
    if (glued(before, first) || glued(after, last)) {
      fail(`${span.entity_type} "${span.entity_value}" is glued to a neighbouring letter (partial word?)`);
      return null;
    }
  }
  if (text.trim().length === 0) {
    fail('text is empty');
    return null;
  }
  return { full_text: text, spans };
}

function build() {
  const lines = readFileSync(sourcePath, 'utf8').split('\n');
  const errors = [];
  const records = [];
  const seen = new Map();
  let style = null;
  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const match = /^#\s*([a-z]+)\s*$/.exec(line);
      if (!match || !STYLES.includes(match[1])) {
        errors.push(`line ${lineNumber}: a "#" line must name one style (${STYLES.join(', ')}); got "${line}". Escape a text that starts with # as \\#.`);
        return;
      }
      style = match[1];
      return;
    }
    if (line !== line.trim()) {
      errors.push(`line ${lineNumber}: leading or trailing whitespace\n    ${JSON.stringify(line)}`);
      return;
    }
    if (style === null) {
      errors.push(`line ${lineNumber}: text before the first "# style" line`);
      return;
    }
    const parsed = parseLine(line, lineNumber, errors);
    if (!parsed) return;
    if (seen.has(parsed.full_text)) {
      errors.push(`line ${lineNumber}: duplicate of the text on line ${seen.get(parsed.full_text)}`);
      return;
    }
    seen.set(parsed.full_text, lineNumber);
    records.push({ full_text: parsed.full_text, spans: parsed.spans, template_id: records.length, style });
  });

  // Belt and braces: every span must be exactly its value in full_text.
  for (const record of records) {
    for (const span of record.spans) {
      if (record.full_text.slice(span.start_position, span.end_position) !== span.entity_value) {
        errors.push(`internal error: span ${JSON.stringify(span)} does not match template ${record.template_id}`);
      }
    }
  }

  if (errors.length > 0) {
    console.error(`${sourcePath}: ${errors.length} problem(s); nothing written.\n`);
    for (const error of errors) console.error(error);
    process.exit(1);
  }
  return records;
}

function printCounts(records) {
  const pad = (value, width) => String(value).padStart(width);
  const header = `${'style'.padEnd(9)}${pad('texts', 7)}${pad('no-entity', 11)}${ENTITY_TYPES.map((t) => pad(t, 14)).join('')}${pad('spans', 7)}`;
  console.log(header);
  console.log('-'.repeat(header.length));
  const totals = { texts: 0, empty: 0, spans: 0, ...Object.fromEntries(ENTITY_TYPES.map((t) => [t, 0])) };
  for (const style of STYLES) {
    const group = records.filter((record) => record.style === style);
    const empty = group.filter((record) => record.spans.length === 0).length;
    const byType = ENTITY_TYPES.map((type) => group.reduce((n, r) => n + r.spans.filter((s) => s.entity_type === type).length, 0));
    const spans = byType.reduce((a, b) => a + b, 0);
    totals.texts += group.length;
    totals.empty += empty;
    totals.spans += spans;
    ENTITY_TYPES.forEach((type, k) => (totals[type] += byType[k]));
    console.log(`${style.padEnd(9)}${pad(group.length, 7)}${pad(empty, 11)}${byType.map((n) => pad(n, 14)).join('')}${pad(spans, 7)}`);
  }
  console.log('-'.repeat(header.length));
  console.log(
    `${'total'.padEnd(9)}${pad(totals.texts, 7)}${pad(totals.empty, 11)}${ENTITY_TYPES.map((t) => pad(totals[t], 14)).join('')}${pad(totals.spans, 7)}`,
  );
  const lengths = records.map((record) => record.full_text.length).sort((a, b) => a - b);
  const multiLine = records.filter((record) => record.full_text.includes('\n')).length;
  console.log(
    `\nlength in UTF-16 units: min ${lengths[0]}, median ${lengths[Math.floor(lengths.length / 2)]}, max ${lengths[lengths.length - 1]}; multi-line texts: ${multiLine}`,
  );
}

const records = build();
const json = `${JSON.stringify(records, null, 2)}\n`;
if (process.argv.includes('--check')) {
  const current = existsSync(outputPath) ? readFileSync(outputPath, 'utf8') : null;
  if (current !== json) {
    console.error(`${outputPath} is missing or out of date; run: node bench/data/build-handwritten-set.mjs`);
    process.exit(1);
  }
  console.log(`${outputPath} is up to date (${records.length} texts).`);
} else {
  writeFileSync(outputPath, json);
  console.log(`wrote ${records.length} texts to ${outputPath}\n`);
}
printCounts(records);
