// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { linkCitations } from '../../renderer/src/lib/citation-links.js';
import { renderMarkdown } from '../../renderer/src/lib/markdown.js';

function rendered(markdown: string, labels: string[]): HTMLElement {
  const container = document.createElement('div');
  container.innerHTML = renderMarkdown(markdown);
  linkCitations(container, labels);
  return container;
}

const buttons = (container: HTMLElement) => [...container.querySelectorAll<HTMLButtonElement>('button.citation')].map((button) => [button.textContent, button.dataset['source']]);

describe('citation markers in an answer', () => {
  it('become buttons for the passages they name, in any case and spacing, several in one bracket', () => {
    const container = rendered('Revenue grew [report.pdf, page 3]. Costs fell [Report.pdf,  page 4; notes.md, line 2].', ['report.pdf, page 3', 'report.pdf, page 4', 'notes.md, line 2']);
    expect(buttons(container)).toEqual([
      ['report.pdf, page 3', '0'],
      ['Report.pdf,  page 4', '1'],
      [' notes.md, line 2', '2'],
    ]);
    expect(container.textContent?.trim()).toBe('Revenue grew [report.pdf, page 3]. Costs fell [Report.pdf,  page 4; notes.md, line 2].');
  });

  it('leave invented markers, links and code alone', () => {
    const container = rendered('See [appendix.pdf, page 9] and [the site](https://example.com).\n\n```\nx = [report.pdf, page 3]\n```\n\nInline `[report.pdf, page 3]` too.', ['report.pdf, page 3']);
    expect(buttons(container)).toEqual([]);
    expect(container.querySelector('a')?.getAttribute('href')).toBe('https://example.com');
  });

  it('keep a marker that names a passage and one that does not, in the same bracket', () => {
    const container = rendered('Both [report.pdf, page 3; made up].', ['report.pdf, page 3']);
    expect(buttons(container)).toEqual([['report.pdf, page 3', '0']]);
    expect(container.textContent?.trim()).toBe('Both [report.pdf, page 3; made up].');
  });

  it('are linked once: running it again on the same answer adds nothing', () => {
    const container = rendered('Revenue grew [report.pdf, page 3].', ['report.pdf, page 3']);
    linkCitations(container, ['report.pdf, page 3']);
    expect(buttons(container)).toEqual([['report.pdf, page 3', '0']]);
  });
});
