/**
 * HTML to blocks with its structure kept: h1..h6 become headings (and the heading trail of what
 * follows), p and other block elements paragraphs, li list items, tr table rows (cells joined
 * by " | "), pre code. Scripts, styles and other invisible elements are dropped. Used for web
 * pages and for Word documents, which mammoth turns into this kind of HTML.
 */
import { HTMLElement, NodeType, parse, type Node } from 'node-html-parser';
import type { DocumentBlock, DocumentBlockKind } from './parsed-document.js';

export interface HtmlContent {
  blocks: DocumentBlock[];
  /** The <title>, when the page has one. */
  title?: string;
}

const droppedElements = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'canvas', 'iframe', 'object', 'button', 'select', 'textarea']);
const blockElements = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset', 'figcaption',
  'figure', 'footer', 'form', 'header', 'hgroup', 'hr', 'html', 'main', 'nav', 'ol', 'p', 'section', 'summary', 'table',
  'tbody', 'tfoot', 'thead', 'ul', 'caption', 'br',
]);

export function htmlBlocks(html: string): HtmlContent {
  // node-html-parser keeps a doctype or an XML declaration as text; neither is content.
  const withoutPreamble = html.replace(/^\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype[^>]*>)?/i, '');
  const root = parse(withoutPreamble, { comment: false, blockTextElements: { script: true, style: true, noscript: true, pre: true } });
  const title = root.querySelector('title')?.text.replace(/\s+/g, ' ').trim();
  const collector = new BlockCollector();
  collector.visit(root);
  collector.flush();
  return { blocks: collector.blocks, ...(title ? { title } : {}) };
}

class BlockCollector {
  readonly blocks: DocumentBlock[] = [];
  /** Headings by level (index 0 is h1); a new heading clears those below it. */
  private readonly headingTrail: (string | undefined)[] = [];
  private inline = '';
  private inlineKind: DocumentBlockKind = 'paragraph';

  visit(node: Node): void {
    if (node.nodeType === NodeType.TEXT_NODE) {
      this.inline += node.text;
      return;
    }
    if (!(node instanceof HTMLElement)) return;
    const tag = node.rawTagName?.toLowerCase() ?? '';
    if (droppedElements.has(tag) || node.getAttribute('hidden') !== undefined) return;
    const headingLevel = /^h([1-6])$/.exec(tag)?.[1];
    if (headingLevel) return this.heading(Number(headingLevel), node.text);
    if (tag === 'tr') return this.tableRow(node);
    if (tag === 'pre') {
      this.flush();
      return this.push('code', node.text.replace(/^\n|\n\s*$/g, ''));
    }
    if (tag === 'li') {
      this.flush();
      const outerKind = this.inlineKind;
      this.inlineKind = 'list-item';
      for (const child of node.childNodes) this.visit(child);
      this.flush();
      this.inlineKind = outerKind;
      return;
    }
    const isBlock = blockElements.has(tag);
    if (isBlock) this.flush();
    for (const child of node.childNodes) this.visit(child);
    if (isBlock) this.flush();
  }

  /** Ends the text gathered from inline elements as one block. */
  flush(): void {
    this.push(this.inlineKind, this.inline);
    this.inline = '';
  }

  private heading(level: number, raw: string): void {
    this.flush();
    const text = collapse(raw);
    if (text.length === 0) return;
    this.headingTrail.length = level - 1;
    this.headingTrail[level - 1] = text;
    this.blocks.push({ kind: 'heading', text, level, headings: this.currentHeadings() });
  }

  private tableRow(row: HTMLElement): void {
    this.flush();
    const cells = row.childNodes
      .filter((cell): cell is HTMLElement => cell instanceof HTMLElement && /^t[hd]$/i.test(cell.rawTagName ?? ''))
      .map((cell) => collapse(cell.text));
    if (cells.every((cell) => cell.length === 0)) return;
    const header = row.childNodes.every((cell) => !(cell instanceof HTMLElement) || cell.rawTagName?.toLowerCase() === 'th');
    this.blocks.push({ kind: 'table-row', text: cells.join(' | '), cells, headings: this.currentHeadings(), ...(header ? { header } : {}) });
  }

  private push(kind: DocumentBlockKind, raw: string): void {
    const text = kind === 'code' ? raw : collapse(raw);
    if (text.trim().length === 0) return;
    this.blocks.push({ kind, text, headings: this.currentHeadings() });
  }

  private currentHeadings(): string[] {
    return this.headingTrail.filter((heading): heading is string => heading !== undefined);
  }
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
