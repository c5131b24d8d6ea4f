/** A user message as the service composed it: the text, then each attached file under its heading. */
export interface MessageParts {
  text: string;
  files: Array<{ name: string; text: string }>;
}

const attachmentPattern = /\*\*Attached file: ([^\n*]+)\*\*\n\n(`{3,})\n([\s\S]*?)\n\2(?=\n\n\*\*Attached file: |$)/g;

/** Splits a stored user message back into its text and attachments (see composeMessageText in core/service). */
export function splitAttachments(content: string): MessageParts {
  const files: MessageParts['files'] = [];
  let firstIndex = -1;
  for (const match of content.matchAll(attachmentPattern)) {
    if (firstIndex < 0) firstIndex = match.index ?? 0;
    files.push({ name: match[1]!.trim(), text: match[3]! });
  }
  if (files.length === 0) return { text: content, files };
  return { text: content.slice(0, firstIndex).trimEnd(), files };
}
