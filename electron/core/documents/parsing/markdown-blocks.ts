/**
 * Markdown read line by line, not rendered: `#` lines (outside code fences) and lines underlined
 * with === or --- are headings,
 * `-`, `*`, `+` and `1.` lines list items, `|` lines table rows, fenced code a code block, and
 * the rest paragraphs split at blank lines. Each block keeps the line it starts on.
 */
import type { DocumentBlock, DocumentBlockKind } from './parsed-document.js';

export function markdownBlocks(text: string): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  const headingTrail: (string | undefined)[] = [];
  const currentHeadings = () => headingTrail.filter((heading): heading is string => heading !== undefined);
  let paragraph: string[] = [];
  let paragraphLine = 0;
  let fence: { marker: string; line: number; lines: string[] } | undefined;

  const flushParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join(' '), headings: currentHeadings(), line: paragraphLine });
    paragraph = [];
  };
  const push = (kind: DocumentBlockKind, content: string, line: number) => {
    flushParagraph();
    blocks.push({ kind, text: content, headings: currentHeadings(), line });
  };

  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (fence) {
      if (raw.trim().startsWith(fence.marker)) {
        if (fence.lines.length > 0) push('code', fence.lines.join('\n'), fence.line);
        fence = undefined;
      } else fence.lines.push(raw);
      return;
    }
    const fenceMarker = /^\s*(`{3,}|~{3,})/.exec(raw)?.[1];
    if (fenceMarker) {
      flushParagraph();
      fence = { marker: fenceMarker, line: line + 1, lines: [] };
      return;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(raw);
    if (heading?.[1] && heading[2]) {
      flushParagraph();
      const level = heading[1].length;
      headingTrail.length = level - 1;
      headingTrail[level - 1] = heading[2];
      blocks.push({ kind: 'heading', text: heading[2], level, headings: currentHeadings(), line });
      return;
    }
    // A setext heading: one line of text underlined with === (level 1) or --- (level 2).
    const underline = /^\s{0,3}(=+|-+)\s*$/.exec(raw)?.[1];
    if (underline && paragraph.length === 1 && paragraph[0]) {
      const level = underline.startsWith('=') ? 1 : 2;
      const text = paragraph[0];
      paragraph = [];
      headingTrail.length = level - 1;
      headingTrail[level - 1] = text;
      blocks.push({ kind: 'heading', text, level, headings: currentHeadings(), line: paragraphLine });
      return;
    }
    // A thematic break (---, ***, ___) ends a paragraph and holds no text.
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(raw)) return flushParagraph();
    const listItem = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(raw);
    if (listItem?.[1] !== undefined) return push('list-item', listItem[1].trim(), line);
    if (/^\s*\|.*\|\s*$/.test(raw)) {
      // The |---|---| line under a table's header marks the row above it as the header.
      if (/^\s*\|[\s|:-]+\|\s*$/.test(raw)) {
        const above = blocks.at(-1);
        if (above?.kind === 'table-row' && above.line === line - 1) above.header = true;
        return;
      }
      const cells = raw.trim().slice(1, -1).split('|').map((cell) => cell.trim());
      flushParagraph();
      blocks.push({ kind: 'table-row', text: cells.join(' | '), cells, headings: currentHeadings(), line });
      return;
    }
    if (raw.trim().length === 0) return flushParagraph();
    if (paragraph.length === 0) paragraphLine = line;
    paragraph.push(raw.trim());
  });
  // An unclosed fence runs to the end of the file, as in CommonMark.
  if (fence && fence.lines.length > 0) push('code', fence.lines.join('\n'), fence.line);
  flushParagraph();
  return blocks;
}
