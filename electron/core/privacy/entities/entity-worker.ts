/**
 * The worker thread that runs the entity classifier, so that tagging a long text never
 * blocks the app's event loop. It loads the model once, when it starts (workerData names the
 * folder), then answers each request with the text's spans. The recognizer on the other side
 * (entity-recognizer.ts, through RequestWorker) times requests out and replaces a worker that
 * crashed, hung or ran out of memory.
 */
import { workerData } from 'node:worker_threads';
import { answerRequests } from '../../support/request-worker.js';
import { EntityClassifier } from './entity-classifier.js';
import type { EntityWorkerRequest, EntityWorkerSetup } from './entity-worker-protocol.js';

const setup = workerData as EntityWorkerSetup;
const loading = EntityClassifier.load(setup.folder, { threads: setup.threads });
// A failed load is reported to each request; keep the rejection from counting as unhandled.
loading.catch(() => undefined);

answerRequests(async (request: EntityWorkerRequest) => (await loading).analyze(request.text, request.source));
