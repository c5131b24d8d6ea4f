/**
 * Plain text and source code: blocks split at blank lines, each with the line it starts on, so a
 * citation can say "line 120". Source code keeps its indentation and line breaks.
 */
import type { DocumentBlock } from './parsed-document.js';

export function plainTextBlocks(text: string, kind: 'paragraph' | 'code'): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  let current: string[] = [];
  let startLine = 0;
  const flush = () => {
    if (current.length > 0) blocks.push({ kind, text: current.join('\n'), headings: [], line: startLine });
    current = [];
  };
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim().length === 0) return flush();
    if (current.length === 0) startLine = index + 1;
    current.push(kind === 'code' ? line.trimEnd() : line.trim());
  });
  flush();
  return blocks;
}
