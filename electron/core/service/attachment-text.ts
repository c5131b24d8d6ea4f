import type { Attachment } from '../../shared/api.js';

/**
 * The text of a message with its attached files. Each file follows under its name, fenced, so the
 * model sees where it starts and ends and the UI renders it as a block. The attachment is part of
 * the message, so the privacy shield scans and redacts it like everything else the person wrote.
 */
export function composeMessageText(text: string, attachments: readonly Attachment[]): string {
  const parts = text.trim().length > 0 ? [text.trimEnd()] : [];
  for (const attachment of attachments) {
    const fence = fenceFor(attachment.text);
    parts.push(`${attachmentHeading(attachment.name)}\n\n${fence}\n${attachment.text.replace(/\n$/, '')}\n${fence}`);
  }
  return parts.join('\n\n');
}

/** The line above each attached file; the renderer recognises it to show the file as an attachment. */
export function attachmentHeading(name: string): string {
  return `**Attached file: ${safeName(name)}**`;
}

/** A file name shown on one line, without characters that would change the Markdown around it. */
function safeName(name: string): string {
  return name.replace(/[\r\n`*_[\]<>]/g, ' ').trim() || 'file';
}

/** Longer than any run of backticks inside the text, so the text cannot close the fence. */
function fenceFor(text: string): string {
  // A loop, not Math.max(...runs): a large file can hold more runs than a call takes arguments.
  let longest = 2;
  for (const match of text.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  return '`'.repeat(longest + 1);
}
