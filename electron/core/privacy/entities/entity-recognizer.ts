import { workerScript } from '../../support/worker-script.js';
import { RequestWorker } from '../../support/request-worker.js';
import type { Span } from '../../../shared/privacy.js';
import type { Recognizer } from '../recognizer.js';
import type { EntityWorkerRequest, EntityWorkerSetup } from './entity-worker-protocol.js';

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

const defaultTimeout = (textLength: number) => 20_000 + Math.ceil(textLength / 20_000) * 1000;

/**
 * Names, places, organisations and street addresses from Baton's own entity classifier,
 * run in a worker thread. Every way the worker can fail (a model that does not load, a
 * crash, a hang past the time limit, running out of memory) rejects the request, and the
 * analyzer turns that into "do not send": the cloud call is blocked, never let through. The
 * broken worker is dropped; the next request starts a fresh one (RequestWorker).
 */
export class EntityRecognizer implements Recognizer {
  readonly name: string;
  private readonly worker: RequestWorker<EntityWorkerRequest, Span[]>;

  constructor(private readonly options: EntityRecognizerOptions) {
    this.name = options.name ?? 'entity-classifier';
    const setup: EntityWorkerSetup = { folder: options.folder, threads: options.threads ?? 1 };
    this.worker = new RequestWorker({
      script: workerScript(import.meta.url, 'entity-worker.js', 'The entity classifier'),
      setup,
      what: 'The entity classifier',
      failureCode: 'model-load-failed',
      ...(options.maxHeapMb !== undefined ? { maxHeapMb: options.maxHeapMb } : {}),
    });
  }

  analyze(text: string): Promise<Span[]> {
    if (text.trim().length === 0) return Promise.resolve([]);
    return this.worker.request({ text, source: this.name }, (this.options.timeoutMs ?? defaultTimeout)(text.length));
  }

  /** Stops the worker; a later analyze starts a new one. */
  dispose(): Promise<void> {
    return this.worker.dispose();
  }
}
