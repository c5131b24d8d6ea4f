import { Worker } from 'node:worker_threads';
import { workerScript } from '../../support/worker-script.js';
import { BatonError } from '../../../shared/errors.js';
import type { Span } from '../../../shared/privacy.js';
import type { Recognizer } from '../recognizer.js';
import type { EntityWorkerReply, EntityWorkerSetup } from './entity-worker-protocol.js';

export interface EntityRecognizerOptions {
  /** The classifier's folder (model.onnx, layout.json, gazetteers/). */
  folder: string;
  /** The name spans carry as `source`; default 'entity-classifier'. */
  name?: string;
  /** ONNX threads inside the worker; default 1 (the app keeps the other cores). */
  threads?: number;
  /** A request (model load included) that takes longer fails; default 20 s plus 1 s per 20 KB. */
  timeoutMs?: (textLength: number) => number;
  /** The worker's JavaScript heap limit; past it the worker dies and the request fails. Default 512 MB. */
  maxHeapMb?: number;
}

interface Pending {
  resolve: (spans: Span[]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const defaultTimeout = (textLength: number) => 20_000 + Math.ceil(textLength / 20_000) * 1000;

/**
 * Names, places, organisations and street addresses from Baton's own entity classifier,
 * run in a worker thread. Every way the worker can fail (a model that does not load, a
 * crash, a hang past the time limit, running out of memory) rejects the request, and the
 * analyzer turns that into "do not send": the cloud call is blocked, never let through. The
 * broken worker is dropped; the next request starts a fresh one.
 */
export class EntityRecognizer implements Recognizer {
  readonly name: string;
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly options: EntityRecognizerOptions) {
    this.name = options.name ?? 'entity-classifier';
  }

  analyze(text: string): Promise<Span[]> {
    if (text.trim().length === 0) return Promise.resolve([]);
    return new Promise<Span[]>((resolve, reject) => {
      const worker = this.currentWorker();
      const id = this.nextId++;
      const timeoutMs = (this.options.timeoutMs ?? defaultTimeout)(text.length);
      const timer = setTimeout(() => {
        void this.fail(worker, new BatonError('timeout', `The entity classifier did not answer within ${timeoutMs} ms.`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, text, source: this.name });
    });
  }

  /** Stops the worker; a later analyze starts a new one. */
  async dispose(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await this.fail(worker, new BatonError('aborted', 'The entity classifier was shut down.'));
  }

  private currentWorker(): Worker {
    if (this.worker) return this.worker;
    const setup: EntityWorkerSetup = { folder: this.options.folder, threads: this.options.threads ?? 1 };
    const worker = new Worker(workerScript(import.meta.url, 'entity-worker.js', 'The entity classifier'), {
      workerData: setup,
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 512 },
    });
    worker.on('message', (reply: EntityWorkerReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      clearTimeout(waiting.timer);
      if ('error' in reply) waiting.reject(new BatonError('model-load-failed', reply.error));
      else waiting.resolve(reply.spans);
    });
    worker.on('error', (error) => void this.fail(worker, new BatonError('model-load-failed', `The entity classifier stopped: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => void this.fail(worker, new BatonError('model-load-failed', `The entity classifier stopped (exit code ${code}).`)));
    // The worker must not keep a CLI run alive once nothing waits for it.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** Rejects everything the worker owed and drops it, so the next request gets a fresh one. */
  private async fail(worker: Worker, error: BatonError): Promise<void> {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
      this.pending.delete(id);
    }
    await worker.terminate();
  }
}
