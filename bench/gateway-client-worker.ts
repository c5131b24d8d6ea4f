import { parentPort, workerData } from 'node:worker_threads';
import OpenAI from 'openai';

/**
 * The gateway bench's latency client, in a worker thread as another program would be in its own
 * process: the gateway's work after it answered (learning from the outcome) must not be counted
 * as the client's. For each `{ target }` message it sends one non-streamed request, to the fake
 * cloud directly or through the gateway, checks the answer, and posts back the time it took.
 */
export interface ClientJob {
  direct: { baseURL: string; apiKey: string; model: string };
  gateway: { baseURL: string; apiKey: string; model: string };
  prompt: string;
  expectedText: string;
}

export type ClientRequest = { target: 'direct' | 'gateway' };
export type ClientReply = { elapsedMs: number } | { error: string };

if (parentPort) {
  const port = parentPort;
  const job = workerData as ClientJob;
  const clients = {
    direct: { openai: new OpenAI({ apiKey: job.direct.apiKey, baseURL: job.direct.baseURL, maxRetries: 0 }), model: job.direct.model },
    gateway: { openai: new OpenAI({ apiKey: job.gateway.apiKey, baseURL: job.gateway.baseURL, maxRetries: 0 }), model: job.gateway.model },
  };
  port.on('message', (request: ClientRequest) => {
    const { openai, model } = clients[request.target];
    const started = performance.now();
    openai.chat.completions.create({ model, messages: [{ role: 'user', content: job.prompt }] }).then(
      (completion) => {
        const elapsedMs = performance.now() - started;
        const text = completion.choices[0]?.message.content;
        port.postMessage(text === job.expectedText ? { elapsedMs } : { error: `${model} answered ${JSON.stringify(text)}, not the fake cloud's text` });
      },
      (error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
