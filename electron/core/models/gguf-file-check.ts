import { open, stat } from 'node:fs/promises';
import { BatonError } from '../../shared/errors.js';
import { llamaModule } from '../providers/local-llama/llama-module.js';

/** What a readable GGUF file holds, as far as Baton needs before offering it. */
export interface CheckedGgufFile {
  bytes: number;
}

const ggufMagic = Buffer.from('GGUF', 'ascii');

/**
 * Refuses, with a message that names the file, what is not a whole GGUF model: another kind of
 * file, a GGUF whose header cannot be read, or one cut short (a download that stopped: its tensor
 * data ends before the header says it does). Reads the header and tensor table only, never the
 * weights, so checking a 20 GB model takes milliseconds.
 */
export async function checkGgufFile(path: string): Promise<CheckedGgufFile> {
  let bytes: number;
  try {
    const stats = await stat(path);
    if (!stats.isFile()) throw new BatonError('invalid-request', `${path} is not a file.`);
    bytes = stats.size;
  } catch (error) {
    if (error instanceof BatonError) throw error;
    throw new BatonError('invalid-request', `${path} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  const handle = await open(path, 'r');
  try {
    const start = Buffer.alloc(4);
    await handle.read(start, 0, 4, 0);
    if (!start.equals(ggufMagic)) {
      throw new BatonError('invalid-request', `${path} is not a GGUF model file: Baton runs models in the GGUF format (a file ending in .gguf).`);
    }
  } finally {
    await handle.close();
  }
  const { readGgufFileInfo, GgufInsights } = await llamaModule();
  let expectedBytes: number;
  try {
    const info = await readGgufFileInfo(path, { logWarnings: false });
    const insights = await GgufInsights.from(info);
    expectedBytes = (info.infoEndOffset ?? 0) + insights.modelSize;
  } catch (error) {
    throw new BatonError('invalid-request', `${path} is a damaged GGUF file: its header cannot be read (${(error as Error).message}). Download it again.`, {
      cause: error,
    });
  }
  if (bytes < expectedBytes) {
    throw new BatonError(
      'invalid-request',
      `${path} is cut short: it has ${bytes.toLocaleString('en-US')} bytes of the ${expectedBytes.toLocaleString('en-US')} its header describes. Download it again.`,
    );
  }
  return { bytes };
}
