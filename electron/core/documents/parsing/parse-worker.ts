/**
 * The worker thread that parses one file and exits: a hostile or pathological file (a PDF that
 * sends pdf.js into a long loop, a DOCX that unpacks to gigabytes) can then only stall or
 * exhaust this thread, which parse-document.ts stops, never the app's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BatonError } from '../../../shared/errors.js';
import { parseDocumentInProcess } from './parse-document-in-process.js';
import type { ParseWorkerInput, ParseWorkerReply } from './parse-worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('parse-worker.js runs as a worker thread only.');
const input = workerData as ParseWorkerInput;

async function answer(): Promise<ParseWorkerReply> {
  try {
    return { document: await parseDocumentInProcess(input.bytes, input.name, { limits: input.limits }) };
  } catch (error) {
    // parseDocumentInProcess already wraps library errors; this is the last guard for anything else.
    const batonError = error instanceof BatonError ? error : new BatonError('unknown', `"${input.name}" could not be read.`);
    return { error: batonError.toJSON() };
  }
}

void answer().then((reply) => port.postMessage(reply));
