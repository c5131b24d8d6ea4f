import type { Attachment } from '@shared/api';

/** The largest file attached as text (the contract allows 4 MB of text per file). */
export const maxAttachmentBytes = 4_000_000;

export interface AttachmentResult {
  attached: Attachment[];
  /** Files that were not attached, with the reason, for a message to the person. */
  refused: string[];
}

const textExtensions =
  /\.(txt|md|markdown|csv|tsv|json|jsonl|xml|html?|css|js|mjs|cjs|ts|tsx|jsx|py|rb|go|rs|java|kt|c|h|cc|cpp|hpp|cs|php|sh|bash|zsh|ps1|sql|ya?ml|toml|ini|cfg|conf|env|log|tex|srt|vtt|svelte|vue|swift|r|lua|pl|scala|dart|gradle|properties)$/i;

/**
 * Reads dropped or chosen files as text. A file counts as text by its type or extension, and
 * when its bytes decode as UTF-8 without NUL characters; other files are refused with a reason
 * (document analysis of PDFs and Office files comes with its own feature).
 */
export async function readAttachments(files: Iterable<File>): Promise<AttachmentResult> {
  const attached: Attachment[] = [];
  const refused: string[] = [];
  for (const file of files) {
    if (file.size > maxAttachmentBytes) {
      refused.push(`${file.name}: larger than ${Math.round(maxAttachmentBytes / 1_000_000)} MB`);
      continue;
    }
    const looksText = file.type.startsWith('text/') || /json|xml|javascript|yaml|toml|csv/.test(file.type) || textExtensions.test(file.name);
    const bytes = new Uint8Array(await file.arrayBuffer());
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      // Not UTF-8: a binary file (or a legacy encoding), which is not attached as text.
      refused.push(`${file.name}: not a text file`);
      continue;
    }
    if (text.includes('\u0000') || (!looksText && /[\u0001-\u0008\u000e-\u001f]/.test(text.slice(0, 4096)))) {
      refused.push(`${file.name}: not a text file`);
      continue;
    }
    attached.push({ name: file.name, text });
  }
  return { attached, refused };
}
