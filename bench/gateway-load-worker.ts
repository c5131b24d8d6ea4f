import { parentPort, workerData } from 'node:worker_threads';
import OpenAI from 'openai';

/**
 * The gateway bench's load (a worker thread, so the clients' own work does not share the event
 * loop of the gateway they measure): `clients` concurrent streaming Chat Completions clients, each
 * sending the same request in a loop until `seconds` have passed, every answer read to the end
 * and checked. Posts one LoadResult back.
 */
export interface LoadJob {
  /** The OpenAI-compatible base URL, with /v1. */
  baseURL: string;
  apiKey: string;
  model: string;
  prompt: string;
  /** The text every answer must stream back. */
  expectedText: string;
  clients: number;
  seconds: number;
}

export interface LoadResult {
  completed: number;
  failed: number;
  /** The first few distinct failure messages. */
  failures: string[];
  /** Each completed request's time, first byte sent to last chunk read, in milliseconds. */
  latenciesMs: number[];
  /** From the first request's start to the last one's end. */
  elapsedMs: number;
}

async function runLoad(job: LoadJob): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const failures = new Set<string>();
  let failed = 0;
  const started = performance.now();
  const deadline = started + job.seconds * 1000;

  const client = async (): Promise<void> => {
    const openai = new OpenAI({ apiKey: job.apiKey, baseURL: job.baseURL, maxRetries: 0 });
    while (performance.now() < deadline) {
      const requestStarted = performance.now();
      try {
        const stream = await openai.chat.completions.create({
          model: job.model,
          stream: true,
          messages: [{ role: 'user', content: job.prompt }],
        });
        let text = '';
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
        if (text !== job.expectedText) throw new Error(`unexpected answer: ${JSON.stringify(text.slice(0, 80))}`);
        latenciesMs.push(performance.now() - requestStarted);
      } catch (error) {
        failed += 1;
        if (failures.size < 5) failures.add(error instanceof Error ? error.message : String(error));
      }
    }
  };

  await Promise.all(Array.from({ length: job.clients }, () => client()));
  return { completed: latenciesMs.length, failed, failures: [...failures], latenciesMs, elapsedMs: performance.now() - started };
}

if (parentPort) {
  const port = parentPort;
  runLoad(workerData as LoadJob).then(
    (result) => port.postMessage(result),
    (error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
}
