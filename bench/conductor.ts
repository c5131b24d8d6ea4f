import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLlama, LlamaChat, resolveChatWrapper } from 'node-llama-cpp';
import type { RunEvent } from '../electron/shared/events.js';
import type { GenerateRequest, LanguageModel, StreamPart } from '../electron/shared/language-model.js';
import type { SuccessEstimator } from '../electron/core/learning/success-estimator.js';
import { tierPrior } from '../electron/core/learning/tier-priors.js';
import { Conductor } from '../electron/core/orchestration/conductor.js';
import type { ConductorSettings } from '../electron/core/orchestration/conductor-settings.js';
import { StaticModelPool } from '../electron/core/orchestration/model-pool.js';
import type { PrivacyInspector } from '../electron/core/orchestration/privacy-inspector.js';
import { convertToChatHistory } from '../electron/core/providers/local-llama/convert-to-chat-history.js';
import { LocalProvider } from '../electron/core/providers/local-llama/local-provider.js';
import { openDatabase } from '../electron/core/storage/database.js';
import { absentKeychain } from '../electron/core/storage/encryption/keychain.js';
import { defaultBenchModelPath, median } from './bench-support.js';

export interface ConductorBenchOptions {
  modelFile?: string;
  rounds?: number;
}

/** On-device fake: answers after a fixed wait (0: at once); plan requests get the plan it is given. */
class FixedLatencyModel implements LanguageModel {
  readonly provider = 'bench';
  readonly locality = 'on-device' as const;
  readonly contextWindow = 32_768;
  readonly pricing = { inputPerMTok: 0, outputPerMTok: 0 };
  readonly displayName: string;
  readonly name: string;
  plan = '';

  constructor(
    readonly id: string,
    private readonly latencyMs: number,
  ) {
    this.name = id.split(':')[1] ?? id;
    this.displayName = id;
  }

  async *stream(request: GenerateRequest, signal?: AbortSignal): AsyncIterable<StreamPart> {
    const planning = request.responseSchema !== undefined;
    if (!planning && this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (signal?.aborted) {
      yield { type: 'finish', reason: 'aborted' };
      return;
    }
    yield { type: 'text-delta', text: planning ? this.plan : 'A complete answer from the fixed-latency model.' };
    yield { type: 'usage', usage: { inputTokens: 10, outputTokens: 8 } };
    yield { type: 'finish', reason: 'stop' };
  }
}

const nothingSensitive: PrivacyInspector = { inspect: async () => ({ hasSensitiveValues: false, sensitiveTopics: [] }) };

/** Tier priors, except that the planner model is never worth routing work to. */
function plannerOnly(plannerId: string): SuccessEstimator {
  return {
    estimate: (query) =>
      query.modelId === plannerId ? { probability: 0.01, basis: 'planner only' } : { probability: tierPrior(query.tier, query.kind, query.difficulty), basis: 'tier prior' },
  };
}

function planOf(count: number, instruction: (index: number) => string): string {
  return JSON.stringify({
    subtasks: Array.from({ length: count }, (_, index) => ({
      id: `s${index + 1}`,
      instruction: instruction(index),
      kind: 'writing',
      dependsOn: [],
      difficulty: 2,
    })),
  });
}

const planRequest = 'Write four short stories: first about a cat, then a dog, then a bird, and finally a fish.';

function quietSettings(overrides: Partial<ConductorSettings>): Partial<ConductorSettings> {
  return { dailyBudgetUsd: null, maxEscalations: 0, maxSubtasks: 16, ...overrides };
}

/** Part 1: N independent subtasks on fixed-latency fakes, concurrently versus one by one. */
async function parallelSpeedup(latencyMs: number, limit: number): Promise<void> {
  console.log(`\n1) ${latencyMs} ms fixed-latency fake subtasks, per-provider limit ${limit}`);
  for (const count of [2, 4, 8]) {
    const time = async (concurrency: number): Promise<number> => {
      const database = openDatabase(':memory:');
      const worker = new FixedLatencyModel('bench:worker', latencyMs);
      const planner = new FixedLatencyModel('bench:planner', 0);
      planner.plan = planOf(count, (index) => `Part ${index + 1} of the work.`);
      const conductor = new Conductor({
        database,
        models: new StaticModelPool([{ model: worker }, { model: planner, strength: 1 }]),
        privacy: nothingSensitive,
        estimator: plannerOnly(planner.id),
        settings: quietSettings({ perProviderConcurrency: { bench: concurrency } }),
      });
      // The phase the limit governs: from the first subtask routed to the last one finished.
      let first = 0;
      let last = 0;
      await conductor.run({
        text: planRequest,
        onEvent: (event: RunEvent) => {
          if (event.type === 'subtask-routed' && first === 0) first = performance.now();
          if (event.type === 'subtask-finished') last = performance.now();
        },
      });
      database.close();
      return last - first;
    };
    const sequential = await time(1);
    const concurrent = await time(limit);
    const speedup = sequential / concurrent;
    const target = 0.9 * Math.min(count, limit);
    console.log(
      `   N=${count}: one by one ${sequential.toFixed(0)} ms, concurrent ${concurrent.toFixed(0)} ms, speedup ${speedup.toFixed(2)}x (target >= ${target.toFixed(2)}x) ${speedup >= target ? 'ok' : 'MISSED'}`,
    );
  }
}

/** Part 2: 4 concurrent local sequences vs 4 sequential generations vs bare node-llama-cpp, on stories260K. */
async function localBatch(modelPath: string, rounds: number): Promise<number> {
  const sequences = 4;
  const maxTokens = 200;
  const contextSize = 1024;
  console.log(`\n2) ${sequences} subtasks on ${modelPath}: 1 llama.cpp thread, ${sequences} sequences of one context, ${maxTokens} tokens each, ${rounds} rounds`);
  const provider = new LocalProvider({
    listModelFiles: async () => [{ id: 'stories', path: modelPath }],
    gpu: false,
    threads: 1,
    sequences,
    maxContextSize: contextSize,
    idleUnloadMs: 600_000,
  });
  const local = await provider.languageModel('stories');
  const recorded: GenerateRequest[] = [];
  const recording: LanguageModel = {
    ...describe(local),
    stream: (request, signal) => {
      if (!request.responseSchema) recorded.push(request);
      return local.stream(request, signal);
    },
  };
  const planner = new FixedLatencyModel('bench:planner', 0);
  const topics = ['a cat', 'a dog', 'a bird', 'a fish'];
  planner.plan = planOf(sequences, (index) => `Tell a story about ${topics[index]}.`);

  const conductorRun = async (concurrency: number): Promise<number> => {
    const database = openDatabase(':memory:');
    const conductor = new Conductor({
      database,
      models: new StaticModelPool([{ model: recording }, { model: planner, strength: 1 }]),
      privacy: nothingSensitive,
      estimator: plannerOnly(planner.id),
      settings: quietSettings({ perProviderConcurrency: { local: concurrency, bench: 1 }, answerTokens: maxTokens }),
    });
    let first = 0;
    let last = 0;
    let tokens = 0;
    await conductor.run({
      text: planRequest,
      onEvent: (event: RunEvent) => {
        if (event.type === 'subtask-routed' && first === 0) first = performance.now();
        if (event.type === 'subtask-finished') {
          last = performance.now();
          tokens += event.usage.outputTokens;
        }
      },
    });
    database.close();
    return tokens / ((last - first) / 1000);
  };

  // Warm-up: loads the model, and records the exact messages the conductor sends, for the bare side.
  await conductorRun(sequences);
  const subtaskRequests = recorded.slice(0, sequences);

  // build: 'never': under heavy load the prebuilt binary's self-test can time out, and a benchmark must not start compiling llama.cpp.
  const llama = await getLlama({ gpu: false, build: 'never' });
  const bareModel = await llama.loadModel({ modelPath });
  const bareContext = await bareModel.createContext({ contextSize, threads: 1, sequences });
  const wrapper = resolveChatWrapper(bareModel);
  const chats = Array.from({ length: sequences }, () => new LlamaChat({ contextSequence: bareContext.getSequence(), chatWrapper: wrapper }));
  const bare = async (): Promise<number> => {
    let tokens = 0;
    const started = performance.now();
    await Promise.all(
      chats.map((chat, index) =>
        chat.generateResponse(convertToChatHistory(subtaskRequests[index]!.messages), {
          maxTokens,
          temperature: 0,
          onToken: (generated) => {
            tokens += generated.length;
          },
          onTextChunk: () => undefined,
        }),
      ),
    );
    return tokens / ((performance.now() - started) / 1000);
  };
  await bare();
  /** For reference: what bare node-llama-cpp gets from the same four generations one after the other. */
  const bareSequential = async (): Promise<number> => {
    let tokens = 0;
    const started = performance.now();
    for (const request of subtaskRequests) {
      await chats[0]!.generateResponse(convertToChatHistory(request.messages), {
        maxTokens,
        temperature: 0,
        onToken: (generated) => {
          tokens += generated.length;
        },
        onTextChunk: () => undefined,
      });
    }
    return tokens / ((performance.now() - started) / 1000);
  };

  const concurrent: number[] = [];
  const sequential: number[] = [];
  const bareRates: number[] = [];
  const bareSequentialRates: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    // Alternating order, so machine noise hits all three alike.
    const steps = [
      async () => concurrent.push(await conductorRun(sequences)),
      async () => sequential.push(await conductorRun(1)),
      async () => bareRates.push(await bare()),
      async () => bareSequentialRates.push(await bareSequential()),
    ];
    for (const step of round % 2 === 0 ? steps : [...steps].reverse()) await step();
  }
  for (const chat of chats) chat.dispose();
  await bareContext.dispose();
  await bareModel.dispose();
  await provider.dispose();

  const format = (values: number[]) => `${values.map((value) => value.toFixed(0)).join(' ')} (median ${median(values).toFixed(0)})`;
  // Ratios are taken within each round (the three runs of a round are back to back), then the
  // median: steadier than a ratio of medians when other work shares the machine.
  const speedup = median(concurrent.map((value, round) => value / sequential[round]!));
  const ofBare = median(concurrent.map((value, round) => value / bareRates[round]!));
  console.log(`   conductor, ${sequences} concurrent sequences, aggregate tok/s: ${format(concurrent)}`);
  console.log(`   conductor, ${sequences} sequential generations, aggregate tok/s: ${format(sequential)}`);
  console.log(`   bare node-llama-cpp, ${sequences} LlamaChat on ${sequences} sequences, aggregate tok/s: ${format(bareRates)}`);
  console.log(`   bare node-llama-cpp, ${sequences} generations one after the other, tok/s: ${format(bareSequentialRates)}`);
  console.log(`   (bare concurrent vs bare sequential: ${median(bareRates.map((value, round) => value / bareSequentialRates[round]!)).toFixed(2)}x: what batching gives on this machine)`);
  console.log(`   concurrent vs sequential (median of per-round ratios): ${speedup.toFixed(2)}x (target >= 1.25x) ${speedup >= 1.25 ? 'ok' : 'MISSED'}`);
  console.log(`   concurrent vs bare (median of per-round ratios): ${ofBare.toFixed(3)} (target >= 0.95) ${ofBare >= 0.95 ? 'ok' : 'MISSED'}`);
  return speedup;
}

/** Part 3: a whole run with zero-latency models: everything but model time (SQLite in WAL on disk included). */
async function overhead(runs: number): Promise<void> {
  console.log(`\n3) orchestration overhead per run, zero-latency models, ${runs} runs each, database on disk (WAL, encrypted)`);
  const folder = mkdtempSync(join(tmpdir(), 'baton-bench-'));
  try {
    // Encrypted as in the app; the key in a file inside the temporary folder, never the keychain.
    const database = openDatabase(join(folder, 'data', 'baton.db'), {
      keySources: { keychain: absentKeychain, keyFilePath: join(folder, 'database.key') },
    });
    const worker = new FixedLatencyModel('bench:worker', 0);
    const planner = new FixedLatencyModel('bench:planner', 0);
    planner.plan = planOf(3, (index) => `Part ${index + 1} of the work.`);
    const conductor = new Conductor({
      database,
      models: new StaticModelPool([{ model: worker }, { model: planner, strength: 1 }]),
      privacy: nothingSensitive,
      estimator: plannerOnly(planner.id),
      settings: quietSettings({}),
    });
    for (const [name, text] of [
      ['fast path, 1 subtask', 'What is the capital of France?'],
      ['planned, 3 subtasks + merge', planRequest],
    ] as const) {
      const durations: number[] = [];
      for (let run = 0; run < runs + 20; run += 1) {
        const started = performance.now();
        await conductor.run({ text });
        if (run >= 20) durations.push(performance.now() - started); // the first 20 warm up
      }
      const p50 = median(durations);
      const sorted = [...durations].sort((left, right) => left - right);
      const p90 = sorted[Math.floor(sorted.length * 0.9)] ?? 0;
      console.log(`   ${name}: p50 ${p50.toFixed(2)} ms, p90 ${p90.toFixed(2)} ms (target p50 < 5 ms) ${p50 < 5 ? 'ok' : 'MISSED'}`);
    }
    database.close();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * What the conductor adds and what it gains: parallel subtasks on fixed-latency fakes, batched
 * local sequences on stories260K against sequential generations and bare node-llama-cpp, and the
 * per-run overhead without model time.
 */
export async function conductorBench(options: ConductorBenchOptions): Promise<void> {
  const modelPath = options.modelFile ?? defaultBenchModelPath;
  if (!existsSync(modelPath)) throw new Error(`Model file not found: ${modelPath}`);
  await parallelSpeedup(150, 4);
  const speedup = await localBatch(modelPath, options.rounds ?? 7);
  await overhead(200);
  console.log(`\nconductor local-batch speedup: ${speedup.toFixed(2)}`);
}

function describe(model: LanguageModel): Omit<LanguageModel, 'stream'> {
  const { id, provider, name, displayName, locality, contextWindow, pricing } = model;
  return { id, provider, name, displayName, locality, contextWindow, pricing };
}
