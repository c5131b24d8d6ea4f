import { parentPort, Worker } from 'node:worker_threads';
import { BatonError, type BatonErrorCode } from '../../shared/errors.js';

/** A request to a worker thread and its answer, as they cross the thread boundary. */
interface WorkerRequest<Payload> {
  id: number;
  payload: Payload;
}
type WorkerReply<Result> = { id: number; result: Result } | { id: number; error: string };

export interface RequestWorkerOptions {
  /** The compiled worker script (see worker-script.ts); it calls `answerRequests`. */
  script: URL;
  /** Passed to the worker as workerData: what it loads once when it starts. */
  setup: unknown;
  /** Names the worker in errors: "The entity classifier", "The pattern scan". */
  what: string;
  /** The code of the error a failed request rejects with (a reply's error, a crash). */
  failureCode: BatonErrorCode;
  /** The worker's JavaScript heap limit; past it the worker dies and its requests fail. Default 512 MB. */
  maxHeapMb?: number;
}

interface Pending<Result> {
  resolve: (result: Result) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * One worker thread that answers requests, started when the first request comes. Every way
 * the worker can fail (an error it reports, a crash, a hang past the request's time limit,
 * running out of memory) rejects the request with a clear BatonError, so a caller that
 * guards the cloud blocks it instead of letting text through. A broken worker is dropped
 * with everything it owed; the next request starts a fresh one.
 */
export class RequestWorker<Payload, Result> {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending<Result>>();
  private nextId = 1;

  constructor(private readonly options: RequestWorkerOptions) {}

  request(payload: Payload, timeoutMs: number): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const worker = this.currentWorker();
      const id = this.nextId++;
      const timer = setTimeout(() => {
        void this.fail(worker, new BatonError('timeout', `${this.options.what} did not answer within ${timeoutMs} ms.`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, payload } satisfies WorkerRequest<Payload>);
    });
  }

  /** Stops the worker; a later request starts a new one. */
  async dispose(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await this.fail(worker, new BatonError('aborted', `${this.options.what} was shut down.`));
  }

  private currentWorker(): Worker {
    if (this.worker) return this.worker;
    const { what, failureCode } = this.options;
    const worker = new Worker(this.options.script, {
      workerData: this.options.setup,
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 512 },
    });
    worker.on('message', (reply: WorkerReply<Result>) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      clearTimeout(waiting.timer);
      if ('error' in reply) waiting.reject(new BatonError(failureCode, reply.error));
      else waiting.resolve(reply.result);
    });
    worker.on('error', (error) => void this.fail(worker, new BatonError(failureCode, `${what} stopped: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => void this.fail(worker, new BatonError(failureCode, `${what} stopped (exit code ${code}).`)));
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

/**
 * The worker side: answers each request with `handle`'s result, or with its error's message.
 * Requests are answered as they finish; the caller matches replies by id.
 */
export function answerRequests<Payload, Result>(handle: (payload: Payload) => Promise<Result> | Result): void {
  const port = parentPort;
  if (!port) throw new Error('This script runs as a worker thread only.');
  port.on('message', (request: WorkerRequest<Payload>) => {
    void (async (): Promise<WorkerReply<Result>> => {
      try {
        return { id: request.id, result: await handle(request.payload) };
      } catch (error) {
        return { id: request.id, error: error instanceof Error ? error.message : String(error) };
      }
    })().then((reply) => port.postMessage(reply));
  });
}
