import type { TextAnalyzer } from '../privacy/payload-redaction.js';

/** What a title shows when the shield could not check it: nothing of the title. */
export const uncheckedTitle = '(title hidden: the privacy shield could not check it)';

/** Titles checked at most; the oldest is forgotten first. */
const cachedTitles = 2000;

/**
 * Conversation titles as the interface shows them by default: each value the shield finds is
 * replaced by its kind ("Email [person] about the invoice"), so a glance at the screen, a
 * screen share or a screenshot shows no name, address or number. The person can reveal the
 * titles in the window; the stored title stays as written. A title the shield cannot check is
 * hidden whole, as the shield fails everywhere else: closed.
 */
export class TitleMasker {
  private readonly masked = new Map<string, string>();

  constructor(private readonly analyzer: () => TextAnalyzer) {}

  async mask(title: string): Promise<string> {
    const known = this.masked.get(title);
    if (known !== undefined) return known;
    let shown: string;
    try {
      shown = maskSpans(title, (await this.analyzer().analyze(title)).spans);
    } catch {
      return uncheckedTitle;
    }
    this.masked.set(title, shown);
    if (this.masked.size > cachedTitles) this.masked.delete(this.masked.keys().next().value!);
    return shown;
  }

  /** After a change of what the shield finds (settings, a new NER model). */
  forget(): void {
    this.masked.clear();
  }
}

/** The text with each span replaced by `[kind]`, e.g. `[person]`, `[street address]`. */
export function maskSpans(text: string, spans: ReadonlyArray<{ start: number; end: number; type: string }>): string {
  let shown = '';
  let position = 0;
  for (const span of [...spans].sort((left, right) => left.start - right.start)) {
    if (span.start < position) continue;
    shown += `${text.slice(position, span.start)}[${span.type.toLowerCase().replaceAll('_', ' ')}]`;
    position = span.end;
  }
  return shown + text.slice(position);
}
