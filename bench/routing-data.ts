import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Routing data for the replay bench: prompts with the outcome of a weak and a strong model, and
 * the weak model's answer where the data has one. Reads RouteLLM's MMLU and GSM8K files (the
 * default) and any CSV with a `prompt` column and one column per model (boolean or a number in
 * [0, 1]; the first the weak model, the second the strong).
 */
export interface RoutingItem {
  prompt: string;
  weak: number;
  strong: number;
  /** The weak model's answer, when the data has a `<weak column>_response` column. */
  weakResponse?: string;
}

export interface RoutingData {
  name: string;
  weakModel: string;
  strongModel: string;
  items: RoutingItem[];
}

/** RFC 4180: fields in double quotes may hold commas, line breaks and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (quoted) {
      if (character === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 1;
        } else quoted = false;
      } else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[index + 1] === '\n') index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += character;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((cell) => cell !== ''));
}

/** True/False, 1/0 or a number in [0, 1]; undefined for anything else. */
export function parseOutcome(text: string): number | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'true') return 1;
  if (value === 'false') return 0;
  if (value === '' || !/^-?\d*\.?\d+(e-?\d+)?$/.test(value)) return undefined;
  const number = Number(value);
  return number >= 0 && number <= 1 ? number : undefined;
}

/** A CSV in the bench's format; `skip` drops prompts (RouteLLM's contaminated MMLU prompts). */
export function loadRoutingCsv(path: string, name: string, skip: ReadonlySet<string> = new Set()): RoutingData {
  return routingDataFromRows(parseCsv(readFileSync(path, 'utf8')), name, skip);
}

export function routingDataFromRows(rows: string[][], name: string, skip: ReadonlySet<string> = new Set()): RoutingData {
  const [header, ...body] = rows;
  if (!header) throw new Error(`${name}: the file is empty`);
  const promptColumn = header.indexOf('prompt');
  if (promptColumn < 0) throw new Error(`${name}: no "prompt" column`);
  const modelColumns = header
    .map((column, index) => ({ column, index }))
    .filter(({ column, index }) => index !== promptColumn && !column.endsWith('_response') && body.every((row) => parseOutcome(row[index] ?? '') !== undefined));
  const [weak, strong] = modelColumns;
  if (!weak || !strong) throw new Error(`${name}: needs two model columns holding booleans or numbers in [0, 1]`);
  const responseColumn = header.indexOf(`${weak.column}_response`);
  const items: RoutingItem[] = [];
  for (const row of body) {
    const prompt = row[promptColumn] ?? '';
    if (skip.has(prompt)) continue;
    const item: RoutingItem = { prompt, weak: parseOutcome(row[weak.index] ?? '') ?? 0, strong: parseOutcome(row[strong.index] ?? '') ?? 0 };
    if (responseColumn >= 0) item.weakResponse = row[responseColumn] ?? '';
    items.push(item);
  }
  return { name, weakModel: weak.column, strongModel: strong.column, items };
}

/** All 57 MMLU subjects as one data set, less the prompts RouteLLM drops as contaminated. */
export function loadMmlu(folder: string): RoutingData {
  const contaminated = new Set(
    readFileSync(join(folder, 'contaminated_prompts.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => String((JSON.parse(line) as { eval_prompt: string }).eval_prompt)),
  );
  const parts = readdirSync(folder)
    .filter((file) => file.endsWith('.csv'))
    .sort()
    .map((file) => loadRoutingCsv(join(folder, file), file, contaminated));
  const first = parts[0];
  if (!first) throw new Error(`no MMLU files in ${folder}`);
  return { name: 'mmlu', weakModel: first.weakModel, strongModel: first.strongModel, items: parts.flatMap((part) => part.items) };
}
