/**
 * parseDocument: a file's bytes to a ParsedDocument, in a worker thread of its own with a time
 * limit and a memory limit. Cancelling (the signal) or running out of time terminates the
 * worker at once, whatever the parser is doing. One worker per file, so no state from a hostile
 * file outlives it (pdf.js keeps caches, and a file could pollute what a later parse sees). The
 * price, measured on a busy 2-core machine: ~0.1 s to start a worker for a text file, and about
 * twice the in-process time for a 200-page PDF (~1.9 s against ~1.0 s, ~105 pages/s) as pdf.js
 * loads and warms up in each new worker.
 */
import { Worker } from 'node:worker_threads';
import { workerScript } from '../../support/worker-script.js';
import { BatonError } from '../../../shared/errors.js';
import { checkFileSize, parseAborted, unreadableFile } from './document-errors.js';
import { defaultParseLimits, type ParsedDocument, type ParseLimits, type ParseOptions } from './parsed-document.js';
import type { ParseWorkerInput, ParseWorkerReply } from './parse-worker-protocol.js';

export async function parseDocument(bytes: Uint8Array, name: string, options: ParseOptions = {}): Promise<ParsedDocument> {
  const limits: ParseLimits = { ...defaultParseLimits, ...options.limits };
  if (options.signal?.aborted) throw parseAborted(name);
  checkFileSize(bytes, name, limits.maxBytes);
  return parseInWorker(bytes, name, limits, options.signal);
}

function parseInWorker(bytes: Uint8Array, name: string, limits: ParseLimits, signal: AbortSignal | undefined): Promise<ParsedDocument> {
  return new Promise<ParsedDocument>((resolve, reject) => {
    const input: ParseWorkerInput = { bytes, name, limits };
    const worker = new Worker(workerScript(import.meta.url, 'parse-worker.js', 'The document parser'), { workerData: input, resourceLimits: { maxOldGenerationSizeMb: limits.maxMemoryMb } });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      outcome();
    };
    const onAbort = () => finish(() => reject(parseAborted(name)));
    const timer = setTimeout(() => {
      finish(() =>
        reject(
          new BatonError(
            'timeout',
            `Reading "${name}" took longer than ${duration(limits.timeoutMs)} and was stopped. The file may be damaged or unusually complex: export it again as PDF or text, or split it.`,
          ),
        ),
      );
    }, limits.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (reply: ParseWorkerReply) => {
      finish(() => ('document' in reply ? resolve(reply.document) : reject(new BatonError(reply.error.code, reply.error.message))));
    });
    worker.on('error', (error: Error & { code?: string }) => {
      finish(() => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          reject(unreadableFile(name, `needs more than ${limits.maxMemoryMb} MB of memory to read, so Baton stopped. Split it or export it as plain text.`, error));
        } else reject(new BatonError('unknown', `Reading "${name}" failed unexpectedly.`, { cause: error }));
      });
    });
    worker.on('exit', (code) => finish(() => reject(new BatonError('unknown', `Reading "${name}" stopped unexpectedly (exit code ${code}).`))));
  });
}

function duration(milliseconds: number): string {
  return milliseconds < 1000 ? `${milliseconds} ms` : `${Math.round(milliseconds / 1000)} s`;
}
