import { readFileSync } from 'node:fs';
import { createBaton } from '../../core/app.js';
import { Vault } from '../../core/privacy/vault.js';
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
 */
export async function scanCommand(file: string | undefined, options: ScanOptions): Promise<void> {
  const text = file === undefined || file === '-' ? await readStandardInput() : readTextFile(file);
  const baton = createBaton({ settingsOverrides: listOverrides(options) });
  try {
    const analysis = await baton.privacy.analyzer.analyze(text);
    const { text: redacted } = new Vault().redact(text, analysis.spans);
    for (const warning of analysis.warnings) process.stderr.write(`baton: ${warning}\n`);
    if (options.json) {
      const spans = analysis.spans.map(({ type, start, end, score }) => ({ type, start, end, score, text: text.slice(start, end) }));
      process.stdout.write(`${JSON.stringify({ spans, redacted })}\n`);
      return;
    }
    const typeWidth = Math.max(4, ...analysis.spans.map((span) => span.type.length));
    for (const span of analysis.spans) {
      const where = `${span.start}-${span.end}`.padEnd(11);
      process.stdout.write(`${span.type.padEnd(typeWidth)}  ${where}  ${span.score.toFixed(2)}  ${JSON.stringify(text.slice(span.start, span.end))}\n`);
    }
    const count = analysis.spans.length;
    process.stdout.write(`${count === 0 ? 'Nothing' : count === 1 ? '1 value' : `${count} values`} found.`);
    if (analysis.sensitivity.topics.length > 0) process.stdout.write(` Sensitive topics: ${analysis.sensitivity.topics.join(', ')}.`);
    process.stdout.write(`\n\nRedacted:\n${redacted}${redacted.endsWith('\n') ? '' : '\n'}`);
  } finally {
    await baton.close();
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

function readTextFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BatonError('invalid-request', `Cannot read "${file}": ${reason}`, { cause: error });
  }
}

async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
