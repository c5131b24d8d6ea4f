/** A file's identity within a conversation: SHA-256 of its bytes, hex. The name plays no part, so a renamed copy is the same file. */
import { createHash } from 'node:crypto';

export function contentHashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
