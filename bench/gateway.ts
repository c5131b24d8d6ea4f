import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { findRemainingValue, redactPayload } from '../electron/core/privacy/payload-redaction.js';
import { Vault } from '../electron/core/privacy/vault.js';
import type { ChatMessage } from '../electron/shared/language-model.js';
import { DEFAULT_OPENAI_TEXT } from '../test/support/fake-openai-server.js';
import type { FakeCloudServer } from '../test/support/fake-server-common.js';
import { startGatewayFixture, type GatewayFixture } from '../test/support/gateway-fixture.js';
import { defaultBenchModelPath, percentile } from './bench-support.js';
import type { ClientJob, ClientReply, ClientRequest } from './gateway-client-worker.js';
import type { LoadJob, LoadResult } from './gateway-load-worker.js';
import { gatewayBenchPerson, gatewayBenchPrompt } from './gateway-prompt.js';

export interface GatewayBenchOptions {
  /** Measured rounds of the latency comparison (each: one direct call, one through the gateway, one shield pass). */
  rounds?: number;
}

/**
 * What the privacy gateway adds to a cloud call. Latency: the same 1 KB prompt (a name, an e-mail
 * address and a phone number in it) sent with the real `openai` client straight to the fake
 * OpenAI server on 127.0.0.1, and through Baton's gateway with a named cloud model and consent
 * allow-once; rounds alternate which goes first, and the figure is the per-round difference. The
 * shield's own time (the router's inspection of the question, the cloud boundary's redaction and
 * final check) is timed apart in the same rounds, so the target reads "at most 5 ms plus the
 * shield"; the analyses inside each gateway request are counted and timed too, as a cross-check.
 * Throughput: 32 concurrent streaming clients, in a worker thread, for a fixed time.
 */
export async function gatewayBench(options: GatewayBenchOptions): Promise<void> {
  const rounds = options.rounds ?? 200;
  const warmUp = 20;
  const streamingClients = 32;
  const gatewaySeconds = 10;
  const directSeconds = 5;
  const targetMs = 5;
  const cloudModel = 'gpt-4o-mini';
  const gatewayModel = `openai:${cloudModel}`;
  const token = 'baton-bench-token-0123456789abcdefghijklmnop';
  const messages: ChatMessage[] = [{ role: 'user', content: gatewayBenchPrompt }];
  const loadAverageAtStart = loadavg()[0] ?? 0;

  let fixture: GatewayFixture | undefined;
  let stopClient: (() => Promise<void>) | undefined;
  const gatewayLog: string[] = [];
  try {
    // The tiny local model is installed so the catalog looks like an install's; a named cloud model needs none.
    fixture = await startGatewayFixture({ token, localModel: defaultBenchModelPath, log: (line) => gatewayLog.push(line) });
    const { baton, gateway, openAICloud: cloud } = fixture;
    const { analyzer } = baton.privacy;
    const fakeCloud = cloud;

    // The clients run in a worker thread, as another program would in its own process.
    const client = startClientWorker({
      direct: { baseURL: `${cloud.url}/v1`, apiKey: 'sk-test', model: cloudModel },
      gateway: { baseURL: `${gateway.url}/v1`, apiKey: token, model: gatewayModel },
      prompt: gatewayBenchPrompt,
      expectedText: DEFAULT_OPENAI_TEXT,
    });
    stopClient = client.stop;
    const direct = () => client.call('direct');
    // Every analysis a gateway request runs (the router's inspections as well as the boundary's),
    // counted and timed in place: the shield's time inside the request, beside the separate figure.
    const requestAnalyses = { calls: 0, ms: 0 };
    const analyze = analyzer.analyze.bind(analyzer);
    analyzer.analyze = async (text, timings) => {
      const started = performance.now();
      try {
        return await analyze(text, timings);
      } finally {
        requestAnalyses.calls += 1;
        requestAnalyses.ms += performance.now() - started;
      }
    };
    const analysesPerRequest: number[] = [];
    const analysisMsPerRequest: number[] = [];
    const throughGateway = async (): Promise<number> => {
      requestAnalyses.calls = 0;
      requestAnalyses.ms = 0;
      const elapsed = await client.call('gateway');
      analysesPerRequest.push(requestAnalyses.calls);
      analysisMsPerRequest.push(requestAnalyses.ms);
      return elapsed;
    };
    // The shield's work for one request: the router's inspection of the question (one analysis),
    // then the boundary's before the call: redactPayload (one analysis, more once something was
    // replaced) and findRemainingValue (one more); a fresh vault, as each gateway request is a
    // conversation of its own.
    let shieldPayload = '';
    let shieldAnalyses = 0;
    const shield = async (): Promise<number> => {
      const vault = new Vault();
      const before = requestAnalyses.calls;
      const started = performance.now();
      await analyzer.analyze(gatewayBenchPrompt);
      const payload = await redactPayload(messages, analyzer, vault);
      const remaining = await findRemainingValue(payload.messages, analyzer, vault);
      const elapsed = performance.now() - started;
      if (remaining) throw new Error(`the shield's final check refused the bench prompt: ${remaining}`);
      shieldPayload = payload.messages.map((message) => message.content).join('\n');
      shieldAnalyses = requestAnalyses.calls - before;
      return elapsed;
    };
    const oneAnalysis = async (): Promise<number> => {
      const started = performance.now();
      await analyzer.analyze(gatewayBenchPrompt);
      return performance.now() - started;
    };

    // Warm-up (the entity classifier loads on first use), and a check that the gateway really
    // shields: what the cloud got must hold placeholders and none of the values.
    fakeCloud.requests.length = 0;
    await throughGateway();
    const sent = cloudMessagesOf(fakeCloud);
    const sentText = sent.map((message) => message.content).join('\n');
    const leaked = Object.values(gatewayBenchPerson).filter((value) => sentText.includes(value));
    if (leaked.length > 0) throw new Error(`the cloud received ${leaked.join(', ')} through the gateway`);
    const placeholders = [...new Set(sentText.match(/⟦[A-Z_]+_\d+⟧/g) ?? [])];
    if (placeholders.length === 0) throw new Error('the cloud received no placeholder: the shield found nothing to redact');
    for (let index = 0; index < warmUp; index += 1) {
      await direct();
      await throughGateway();
      await shield();
      await oneAnalysis();
    }
    const sameAsShielded = sent.length === messages.length && sentText === shieldPayload;

    analysesPerRequest.length = 0;
    analysisMsPerRequest.length = 0;
    const directMs: number[] = [];
    const gatewayMs: number[] = [];
    const shieldMs: number[] = [];
    const analysisMs: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      fakeCloud.requests.length = 0;
      if (round % 2 === 0) {
        directMs.push(await direct());
        gatewayMs.push(await throughGateway());
        shieldMs.push(await shield());
        analysisMs.push(await oneAnalysis());
      } else {
        analysisMs.push(await oneAnalysis());
        shieldMs.push(await shield());
        gatewayMs.push(await throughGateway());
        directMs.push(await direct());
      }
    }
    analyzer.analyze = analyze;
    // Within each round the two calls ran back to back: their difference is what the gateway added.
    const addedMs = gatewayMs.map((value, round) => value - directMs[round]!);
    const addedP50 = percentile(addedMs, 0.5);
    const shieldP50 = percentile(shieldMs, 0.5);
    const allowedMs = targetMs + shieldP50;

    fakeCloud.requests.length = 0;
    const viaGateway = await runLoad({
      baseURL: `${gateway.url}/v1`,
      apiKey: token,
      model: gatewayModel,
      prompt: gatewayBenchPrompt,
      expectedText: DEFAULT_OPENAI_TEXT,
      clients: streamingClients,
      seconds: gatewaySeconds,
    });
    const gatewayCloudRequests = fakeCloud.requests.length;
    fakeCloud.requests.length = 0;
    const straight = await runLoad({
      baseURL: `${fakeCloud.url}/v1`,
      apiKey: 'sk-test',
      model: cloudModel,
      prompt: gatewayBenchPrompt,
      expectedText: DEFAULT_OPENAI_TEXT,
      clients: streamingClients,
      seconds: directSeconds,
    });
    fakeCloud.requests.length = 0;

    const ms = (value: number) => value.toFixed(2);
    const spread = (values: number[]) => `p50 ${ms(percentile(values, 0.5))}, p95 ${ms(percentile(values, 0.95))}`;
    const perSecond = (result: LoadResult) => (result.completed / (result.elapsedMs / 1000)).toFixed(0);
    console.log(
      `prompt: ${Buffer.byteLength(gatewayBenchPrompt)} bytes with a name, an e-mail address and a phone number; ` +
        `${gatewayModel} through the gateway (consent allow-once, cloud retries 0) against ${cloudModel} straight to the fake cloud on 127.0.0.1, ` +
        `the real openai client on both sides, not streamed`,
    );
    console.log(
      `the cloud received through the gateway: ${sent.length} message(s), placeholders ${placeholders.join(' ')}, none of the values; ` +
        `the shield timed below produced the same payload: ${sameAsShielded ? 'yes' : 'NO'}`,
    );
    console.log(`${rounds} rounds after ${warmUp} warm-up, alternating which side goes first; the client in a worker thread, the gateway and the fake cloud in the main one`);
    console.log(`direct to the fake cloud ms: ${spread(directMs)}`);
    console.log(`through the gateway ms: ${spread(gatewayMs)}`);
    console.log(`added by the gateway ms (per round, gateway − direct): ${spread(addedMs)}`);
    console.log(`shield ms (the router's inspection, the redaction and the final check, timed apart from the gateway): ${spread(shieldMs)}`);
    console.log(`  of which one analysis of the prompt ms: ${spread(analysisMs)}`);
    console.log(
      `analyses each gateway request ran: ${Math.min(...analysesPerRequest)}–${Math.max(...analysesPerRequest)} ` +
        `(the shield timed apart runs ${shieldAnalyses}); their time inside the request ms: ${spread(analysisMsPerRequest)}`,
    );
    console.log(`added beyond the shield, p50 ms: ${ms(addedP50 - shieldP50)}`);
    console.log(`shield p50 ms: ${ms(shieldP50)}`);
    console.log(`target: added p50 <= ${targetMs} ms + shield p50 = ${ms(allowedMs)} ms: ${ms(addedP50)} ${addedP50 <= allowedMs ? 'ok' : 'MISSED'}`);
    console.log(
      `${streamingClients} concurrent streaming clients (a worker thread), through the gateway for ${gatewaySeconds} s: ${perSecond(viaGateway)} requests/s, ` +
        `latency ${spread(viaGateway.latenciesMs)} ms, ${viaGateway.completed} completed, ${viaGateway.failed} failed; the cloud received ${gatewayCloudRequests}`,
    );
    console.log(
      `the same load straight to the fake cloud for ${directSeconds} s: ${perSecond(straight)} requests/s, ` +
        `latency ${spread(straight.latenciesMs)} ms, ${straight.completed} completed, ${straight.failed} failed`,
    );
    for (const failure of [...viaGateway.failures, ...straight.failures]) console.log(`  failure: ${failure}`);
    if (gatewayLog.length > 0) console.log(`gateway log: ${gatewayLog.length} line(s), first: ${gatewayLog[0]}`);
    console.log(
      `machine: ${availableParallelism()} cores, one-minute load average ${loadAverageAtStart.toFixed(2)} at the start and ${(loadavg()[0] ?? 0).toFixed(2)} at the end ` +
        `(other processes on a shared machine stretch every figure)`,
    );
    console.log(`gateway overhead p50 ms: ${ms(addedP50)}`);
  } finally {
    await stopClient?.();
    await fixture?.close();
  }
}

/** The messages of the fake cloud's last recorded model call. */
function cloudMessagesOf(cloud: FakeCloudServer): ChatMessage[] {
  const body = cloud.requests.at(-1)?.body as { messages?: ChatMessage[] } | undefined;
  return body?.messages ?? [];
}

/** The latency client's worker: one request at a time, its time in milliseconds. */
function startClientWorker(job: ClientJob): { call(target: ClientRequest['target']): Promise<number>; stop(): Promise<void> } {
  const worker = new Worker(new URL('./gateway-client-worker.js', import.meta.url), { workerData: job });
  return {
    call: (target) =>
      new Promise((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        worker.once('error', onError);
        worker.once('message', (reply: ClientReply) => {
          worker.off('error', onError);
          if ('error' in reply) reject(new Error(reply.error));
          else resolve(reply.elapsedMs);
        });
        worker.postMessage({ target } satisfies ClientRequest);
      }),
    stop: async () => {
      await worker.terminate();
    },
  };
}

/** Runs the streaming load in a worker thread and waits for its result. */
function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./gateway-load-worker.js', import.meta.url), { workerData: job });
    let settled = false;
    worker.once('message', (message: LoadResult | { error: string }) => {
      settled = true;
      void worker.terminate();
      if ('error' in message) reject(new Error(`the load worker failed: ${message.error}`));
      else resolve(message);
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the load worker exited with code ${code} before reporting`));
    });
  });
}
