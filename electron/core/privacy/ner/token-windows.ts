/** A slice of a token sequence, `[start, end)`, that fits the model's positions. */
export interface TokenWindow {
  start: number;
  end: number;
}

/**
 * Splits `count` tokens into windows of at most `size`, each overlapping the previous one by
 * `overlap` tokens, so that an entity cut by one window's edge is seen whole by the next.
 */
export function tokenWindows(count: number, size: number, overlap: number): TokenWindow[] {
  if (size < 1) throw new RangeError('A token window needs room for at least one token.');
  if (count <= size) return count === 0 ? [] : [{ start: 0, end: count }];
  const stride = Math.max(1, size - Math.max(0, Math.min(overlap, size - 1)));
  const windows: TokenWindow[] = [];
  for (let start = 0; ; start += stride) {
    const end = Math.min(start + size, count);
    windows.push({ start, end });
    if (end === count) break;
  }
  return windows;
}

/**
 * How far a token sits from its window's edges; among overlapping windows, the prediction
 * made with the most context on both sides wins. The text's own ends count as full context.
 */
export function centrality(window: TokenWindow, tokenIndex: number, count: number): number {
  const before = window.start === 0 ? count : tokenIndex - window.start;
  const after = window.end === count ? count : window.end - 1 - tokenIndex;
  return Math.min(before, after);
}
