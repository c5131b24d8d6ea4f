/**
 * Templates: one per line in templates/*.txt, with slots such as {person}, {city#1} or
 * {organization:upper}. `\n` in a line stands for a line break; lines starting with # are
 * comments, `\t` a tab. A slot is `{name}`, `{name#key}` (same key = same value or, for
 * people, the same person within one text) or `{name:modifier}` (upper, lower, capital).
 * Two name slots may not stand side by side ("{first_name} {last_name}" would become two
 * PERSON spans for one person): such a template must use {full_name}.
 */
import { listFiles, readList } from './data-files.js';

export type SlotModifier = 'upper' | 'lower' | 'capital';

export interface Slot {
  name: string;
  key?: string;
  modifier?: SlotModifier;
}

export type TemplatePart = { literal: string } | { slot: Slot };

export interface Template {
  file: string;
  source: string;
  parts: TemplatePart[];
}

const nameSlots = new Set(['person', 'first_name', 'last_name', 'full_name', 'reversed_name']);
const slotPattern = /\{([a-z_]+)(?:#([a-z0-9]+))?(?::(upper|lower|capital))?\}/g;

export function parseTemplate(file: string, source: string, knownSlots: ReadonlySet<string>): Template {
  const text = source.replaceAll('\\n', '\n').replaceAll('\\t', '\t');
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of text.matchAll(slotPattern)) {
    if (match.index > last) parts.push({ literal: text.slice(last, match.index) });
    const name = match[1] as string;
    if (!knownSlots.has(name)) throw new Error(`unknown slot {${name}} in templates/${file}.txt: ${source}`);
    const slot: Slot = { name };
    if (match[2]) slot.key = match[2];
    if (match[3]) slot.modifier = match[3] as SlotModifier;
    parts.push({ slot });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ literal: text.slice(last) });
  const leftover = parts.some((part) => 'literal' in part && /\{[^}]*\}/.test(part.literal));
  if (leftover) throw new Error(`malformed slot in templates/${file}.txt: ${source}`);
  parts.forEach((part, index) => {
    const next = parts[index + 1];
    const after = parts[index + 2];
    const isName = (candidate: TemplatePart | undefined) => candidate !== undefined && 'slot' in candidate && nameSlots.has(candidate.slot.name);
    const adjacent = isName(part) && (isName(next) || (next !== undefined && 'literal' in next && /^\s*$/.test(next.literal) && isName(after)));
    if (adjacent) throw new Error(`two name slots side by side in templates/${file}.txt (use {full_name}): ${source}`);
  });
  return { file, source, parts };
}

export class TemplateLibrary {
  private readonly byFile = new Map<string, Template[]>();

  constructor(knownSlots: ReadonlySet<string>) {
    for (const file of listFiles('templates', '.txt')) {
      const templates = readList(`templates/${file}.txt`).map((line) => parseTemplate(file, line, knownSlots));
      if (templates.length === 0) throw new Error(`templates/${file}.txt has no templates`);
      this.byFile.set(file, templates);
    }
  }

  templates(file: string): readonly Template[] {
    const templates = this.byFile.get(file);
    if (!templates) throw new Error(`no template file templates/${file}.txt`);
    return templates;
  }

  get count(): number {
    let count = 0;
    for (const templates of this.byFile.values()) count += templates.length;
    return count;
  }

  get files(): string[] {
    return [...this.byFile.keys()];
  }
}
