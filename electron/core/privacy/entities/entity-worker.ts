/**
 * The worker thread that runs the entity classifier, so that tagging a long text never
 * blocks the app's event loop. It loads the model once, when it starts (workerData names the
 * folder), then answers `{id, text}` messages with `{id, spans}` or `{id, error}`. The
 * recognizer on the other side (entity-recognizer.ts) times requests out and replaces a
 * worker that crashed, hung or ran out of memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EntityClassifier } from './entity-classifier.js';
import type { EntityWorkerReply, EntityWorkerRequest, EntityWorkerSetup } from './entity-worker-protocol.js';

const setup = workerData as EntityWorkerSetup;
const port = parentPort;
if (!port) throw new Error('entity-worker.js runs as a worker thread only.');

const loading = EntityClassifier.load(setup.folder, { threads: setup.threads });
// A failed load is reported to each request; keep the rejection from counting as unhandled.
loading.catch(() => undefined);

port.on('message', (request: EntityWorkerRequest) => {
  void answer(request).then((reply) => port.postMessage(reply));
});

async function answer(request: EntityWorkerRequest): Promise<EntityWorkerReply> {
  try {
    const classifier = await loading;
    return { id: request.id, spans: await classifier.analyze(request.text, request.source) };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}
