/**
 * Two-column pages whose PDF draws the columns line by line across the page (left line, right
 * line, left line, ...): pdf.js gives the text in drawing order, which would mix the columns.
 * When a page has an empty vertical band (a gutter) near its middle, with running text filling
 * both sides, its items are reordered: the whole left column, then the right one. Pages drawn
 * column by column (most producers) come out the same either way. A page where anything crosses
 * the gutter (a title across both columns) is left as drawn. The trade-off: a two-column table
 * whose cells are long, even lines of text also reads column by column; one with cells of
 * varied length (names, numbers) does not fill its sides and keeps its rows.
 */

export interface PositionedItem {
  str: string;
  /** [a, b, c, d, x, y]: x and y place the start of the item's baseline. */
  transform: number[];
  width: number;
  height: number;
}

/** Each side must hold this share of the page's characters. */
const minimumSideShare = 0.25;
/**
 * Three lines in four must span this share of their side's width: running text fills its column
 * (only a paragraph's last line falls short), table cells and form labels vary.
 */
const minimumFill = 0.7;
const minimumLinesPerSide = 3;

export function inReadingOrder<Item extends PositionedItem>(items: Item[]): Item[] {
  const texts = items.filter(hasText);
  if (texts.length < minimumLinesPerSide * 2) return items;
  const gutter = findGutter(texts);
  if (gutter === undefined) return items;
  // No text crosses the gutter, so every item lies on one side; empty items go where they start.
  const left = items.filter((item) => x(item) < gutter);
  const right = items.filter((item) => x(item) >= gutter);
  const leftCharacters = characterCount(left);
  const rightCharacters = characterCount(right);
  const total = leftCharacters + rightCharacters;
  if (leftCharacters < total * minimumSideShare || rightCharacters < total * minimumSideShare) return items;
  if (!isRunningText(left) || !isRunningText(right)) return items;
  return [...left, ...right];
}

function hasText(item: PositionedItem): boolean {
  return item.str.trim().length > 0 && item.width > 0;
}

function x(item: PositionedItem): number {
  return item.transform[4] ?? 0;
}

function characterCount(items: PositionedItem[]): number {
  return items.reduce((sum, item) => sum + item.str.trim().length, 0);
}

/** The middle of the widest empty band in the middle half of the text, if it is wide enough. */
function findGutter(items: PositionedItem[]): number | undefined {
  const spans = items.map((item) => [x(item), x(item) + item.width] as const).sort((a, b) => a[0] - b[0]);
  const start = spans[0]?.[0] ?? 0;
  const end = spans.reduce((furthest, span) => Math.max(furthest, span[1]), start);
  const heights = items.map((item) => item.height).sort((a, b) => a - b);
  const minimumWidth = Math.max(12, 1.5 * (heights[Math.floor(heights.length / 2)] ?? 10));
  let best: { middle: number; width: number } | undefined;
  let reach = start;
  for (const [spanStart, spanEnd] of spans) {
    const width = spanStart - reach;
    const middle = (reach + spanStart) / 2;
    const central = middle > start + (end - start) * 0.25 && middle < start + (end - start) * 0.75;
    if (width >= minimumWidth && central && (!best || width > best.width)) best = { middle, width };
    reach = Math.max(reach, spanEnd);
  }
  return best?.middle;
}

/** At least three lines, and three in four fill most of the side's width. */
function isRunningText(items: PositionedItem[]): boolean {
  const lines = new Map<number, { from: number; to: number }>();
  for (const item of items.filter(hasText)) {
    const baseline = Math.round(item.transform[5] ?? 0);
    const line = lines.get(baseline) ?? { from: x(item), to: x(item) + item.width };
    line.from = Math.min(line.from, x(item));
    line.to = Math.max(line.to, x(item) + item.width);
    lines.set(baseline, line);
  }
  if (lines.size < minimumLinesPerSide) return false;
  const all = [...lines.values()];
  const from = Math.min(...all.map((line) => line.from));
  const to = Math.max(...all.map((line) => line.to));
  const fills = all.map((line) => (line.to - line.from) / Math.max(to - from, 1)).sort((a, b) => a - b);
  return (fills[Math.floor(fills.length / 4)] ?? 0) >= minimumFill;
}
