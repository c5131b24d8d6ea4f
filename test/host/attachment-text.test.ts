import { describe, expect, it } from 'vitest';
import { composeMessageText } from '../../electron/core/service/attachment-text.js';
import { splitAttachments } from '../../renderer/src/lib/message-parts.js';

describe('attachments in a message', () => {
  const cases = [
    { text: 'Summarise', attachments: [{ name: 'a.txt', text: 'one\ntwo' }] },
    { text: 'Two files', attachments: [{ name: 'a.md', text: '# Title\n\n```js\nx\n```' }, { name: 'b.csv', text: 'a,b\n1,2\n' }] },
    { text: '', attachments: [{ name: 'only.txt', text: 'just the file' }] },
    { text: 'No files', attachments: [] },
  ];

  it.each(cases)('the UI splits what the service composed back into text and files ($text)', ({ text, attachments }) => {
    const composed = composeMessageText(text, attachments);
    const parts = splitAttachments(composed);
    expect(parts.text).toBe(text);
    expect(parts.files).toEqual(attachments.map((attachment) => ({ name: attachment.name, text: attachment.text.replace(/\n$/, '') })));
  });

  it('a file cannot close its own fence, and its name cannot inject Markdown', () => {
    const composed = composeMessageText('x', [{ name: 'evil**\n# name`.txt', text: 'before\n```\n# not a heading\n```\nafter' }]);
    expect(composed).toContain('\n\n**Attached file: evil   # name .txt**\n\n');
    expect(composed).toMatch(/\n````\nbefore\n```\n# not a heading\n```\nafter\n````$/);
  });

  it('a large file with very many backtick runs is still attached', () => {
    const text = '`a'.repeat(200_000);
    const parts = splitAttachments(composeMessageText('Read this', [{ name: 'big.md', text }]));
    expect(parts.files).toEqual([{ name: 'big.md', text }]);
  });
});
