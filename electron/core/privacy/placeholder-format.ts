import type { EntityType } from '../../shared/privacy.js';

/**
 * Placeholders look like `⟦EMAIL_1⟧`: the entity type, an underscore, a number, between the
 * mathematical white square brackets U+27E6 and U+27E7. Why these brackets: square brackets
 * (`[EMAIL_1]`) turn up in real text (templates, redacted documents, Markdown links and task
 * lists), while ⟦ ⟧ almost never do, and cloud models copy them back faithfully. Text that
 * still happens to look like a placeholder is handled by the vault (it never issues a
 * placeholder it has seen in the person's own text) and left alone on restore.
 */
export const placeholderOpen = '\u27E6';
export const placeholderClose = '\u27E7';

/** Every placeholder-shaped piece of text; group 1 is the type, group 2 the number. */
export function placeholderPattern(): RegExp {
  return /\u27E6([A-Z][A-Z_]*)_(\d+)\u27E7/g;
}

export function formatPlaceholder(type: EntityType, number: number): string {
  return `${placeholderOpen}${type}_${number}${placeholderClose}`;
}

/** The longest a placeholder could be: the longest type name plus a generous number. */
const longestPlaceholder = 40;
/** A start of a placeholder: `⟦`, `⟦EMA`, `⟦EMAIL_`, `⟦EMAIL_1`, but not `⟦EMAIL1` or `⟦email`. */
const placeholderPrefixPattern = /^\u27E6(?:[A-Z][A-Z_]*(?:(?<=_)\d+)?)?$/;

/**
 * Where a possible, still unfinished placeholder begins at the end of `text`, or `text.length`
 * when the text cannot end in the middle of one. A stream restorer holds back only that tail.
 */
export function unfinishedPlaceholderStart(text: string): number {
  const start = text.lastIndexOf(placeholderOpen);
  if (start === -1 || text.length - start > longestPlaceholder) return text.length;
  return placeholderPrefixPattern.test(text.slice(start)) ? start : text.length;
}
