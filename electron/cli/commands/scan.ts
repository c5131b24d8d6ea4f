import { once } from 'node:events';
import { appendFileSync, createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBaton } from '../../core/app.js';
import type { AnalysisTimings } from '../../core/privacy/analyzer.js';
import { scanInSections } from '../../core/privacy/sectioned-scan.js';
import { Vault } from '../../core/privacy/vault.js';
import type { Span } from '../../shared/privacy.js';
import { ScanProgress } from '../scan-progress.js';
import type { Settings } from '../../core/settings.js';
import { BatonError } from '../../shared/errors.js';
import { readStoredSettings } from '../stored-settings.js';

export interface ScanOptions {
  json?: boolean;
  /** Terms to always redact for this scan, added to the stored "Always redact" list (denyList). */
  redact?: string[];
  /** Terms never to redact for this scan, added to the stored "Never redact" list (allowList); they release names, places and organisations only. */
  neverRedact?: string[];
}

/**
 * `baton scan [FILE|-]`: what the privacy shield finds in a text, and the text as a cloud model
 * would see it. Everything runs locally. `--json` prints `{spans: [{type, start, end, score,
 * text}], redacted}`; warnings (such as a missing NER model) go to stderr. `--redact TERM` and
 * `--never-redact TERM` (repeatable) add to the Settings' lists for this scan only.
 *
 * The input is read and scanned in windows (sectioned-scan.ts), so a file of any size is
 * scanned in bounded memory: values are printed as they are found, the redacted text waits in
 * a private temporary file until the end. Inputs of a megabyte or more report their progress
 * (on a terminal) and the pattern scan's and entity classifier's rates on stderr.
 */
export async function scanCommand(file: string | undefined, options: ScanOptions): Promise<void> {
  const input = openInput(file);
  const baton = createBaton({ settingsOverrides: listOverrides(options) });
  const folder = mkdtempSync(join(tmpdir(), 'baton-scan-'));
  const redactedFile = join(folder, 'redacted.txt');
  try {
    const vault = new Vault();
    const timings: AnalysisTimings = { patterns: 0, entities: 0 };
    const progress = new ScanProgress(input.bytes);
    const spans: (Span & { text: string })[] = [];
    const topics = new Set<string>();
    const warnings = new Set<string>();
    let count = 0;
    for await (const section of scanInSections(input.chunks, (text) => baton.privacy.analyzer.analyze(text, timings))) {
      const local = section.spans.map((span) => ({ ...span, start: span.start - section.offset, end: span.end - section.offset }));
      appendFileSync(redactedFile, vault.redact(section.text, local).text, { mode: 0o600 });
      count += section.spans.length;
      // Columns as wide as the section's longest type (one section holds a short input whole).
      const typeWidth = Math.max(4, ...section.spans.map((span) => span.type.length));
      for (const span of section.spans) {
        const text = section.text.slice(span.start - section.offset, span.end - section.offset);
        if (options.json) spans.push({ ...span, text });
        else await writeOut(`${span.type.padEnd(typeWidth)}  ${`${span.start}-${span.end}`.padEnd(11)}  ${span.score.toFixed(2)}  ${JSON.stringify(text)}\n`);
      }
      for (const topic of section.sensitivity.topics) topics.add(topic);
      for (const warning of section.warnings) warnings.add(warning);
      progress.advance(section.text, timings);
    }
    progress.finish(timings);
    for (const warning of warnings) process.stderr.write(`baton: ${warning}\n`);
    if (options.json) {
      process.stdout.write(`{"spans":${JSON.stringify(spans.map(({ type, start, end, score, text }) => ({ type, start, end, score, text })))},"redacted":"`);
      for await (const chunk of createReadStream(redactedFile, { encoding: 'utf8' })) await writeOut(JSON.stringify(chunk).slice(1, -1));
      process.stdout.write('"}\n');
      return;
    }
    process.stdout.write(`${count === 0 ? 'Nothing' : count === 1 ? '1 value' : `${count} values`} found.`);
    if (topics.size > 0) process.stdout.write(` Sensitive topics: ${[...topics].join(', ')}.`);
    process.stdout.write('\n\nRedacted:\n');
    let last = '';
    for await (const chunk of createReadStream(redactedFile, { encoding: 'utf8' })) {
      await writeOut(chunk);
      last = chunk;
    }
    if (!last.endsWith('\n')) process.stdout.write('\n');
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await baton.close();
  }
}

/** Writes to stdout and waits while its buffer is full, so a slow reader of a large output does not grow memory. */
async function writeOut(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

/** The text to scan as a stream of strings, and its size in bytes when known (a file). */
function openInput(file: string | undefined): { chunks: AsyncIterable<string>; bytes: number | undefined } {
  if (file === undefined || file === '-') {
    process.stdin.setEncoding('utf8');
    return { chunks: process.stdin as AsyncIterable<string>, bytes: undefined };
  }
  try {
    const bytes = statSync(file).size;
    return { chunks: createReadStream(file, { encoding: 'utf8', highWaterMark: 1024 * 1024 }), bytes };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BatonError('invalid-request', `Cannot read "${file}": ${reason}`, { cause: error });
  }
}

/** The stored lists with the flags' terms added; nothing to override without flags. */
function listOverrides(options: ScanOptions): Partial<Settings> {
  const redact = options.redact ?? [];
  const neverRedact = options.neverRedact ?? [];
  if (redact.length === 0 && neverRedact.length === 0) return {};
  const stored = readStoredSettings();
  return { denyList: [...stored.denyList, ...redact], allowList: [...stored.allowList, ...neverRedact] };
}
