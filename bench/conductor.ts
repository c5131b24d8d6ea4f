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
import { defaultBenchModelPath, median, percentile } from './bench-support.js';

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

/** Where one concurrent conductor run spends its time, from its first subtask routed. */
interface ConductorTimeline {
  tokensPerSecond: number;
  /** Until the first token of any subtask: routing, the local call, the prompts' evaluation. */
  firstTokenMs: number;
  /** From the last token to the last subtask finished: evaluation and storage. */
  afterLastTokenMs: number;
  deltas: number;
}

/**
 * Part 2: 4 concurrent local sequences through the conductor against bare node-llama-cpp (4
 * LlamaChat on 4 sequences of one context), on stories260K, with the same file, context size,
 * threads, sequences, greedy sampling, prompts and token counts. Rounds interleave the two and
 * alternate which goes first; the figure is the median of the per-round ratios.
 */
async function localBatch(modelPath: string, rounds: number): Promise<number> {
  const sequences = 4;
  const maxTokens = 200;
  const contextSize = 1024;
  const threads = 1;
  console.log(`\n2) ${sequences} subtasks on ${modelPath}, ${rounds} rounds`);
  console.log(`   both sides: context ${contextSize}, ${threads} llama.cpp thread, ${sequences} sequences of one context, temperature 0, ${maxTokens} tokens per subtask, the same ${sequences} prompts`);
  const provider = new LocalProvider({
    listModelFiles: async () => [{ id: 'stories', path: modelPath }],
    gpu: false,
    threads,
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

  const conductorRun = async (concurrency: number): Promise<ConductorTimeline> => {
    const database = openDatabase(':memory:');
    const conductor = new Conductor({
      database,
      models: new StaticModelPool([{ model: recording }, { model: planner, strength: 1 }]),
      privacy: nothingSensitive,
      estimator: plannerOnly(planner.id),
      settings: quietSettings({ perProviderConcurrency: { local: concurrency, bench: 1 }, answerTokens: maxTokens }),
    });
    let first = 0;
    let firstToken = 0;
    let lastToken = 0;
    let last = 0;
    let tokens = 0;
    let deltas = 0;
    await conductor.run({
      text: planRequest,
      onEvent: (event: RunEvent) => {
        if (event.type === 'subtask-routed' && first === 0) first = performance.now();
        if (event.type === 'subtask-delta') {
          lastToken = performance.now();
          if (firstToken === 0) firstToken = lastToken;
          deltas += 1;
        }
        if (event.type === 'subtask-finished') {
          last = performance.now();
          tokens += event.usage.outputTokens;
        }
      },
    });
    database.close();
    return { tokensPerSecond: tokens / ((last - first) / 1000), firstTokenMs: firstToken - first, afterLastTokenMs: last - lastToken, deltas };
  };

  // Warm-up: loads the model, and records the exact messages the conductor sends, for the bare side.
  await conductorRun(sequences);
  const subtaskRequests = recorded.slice(0, sequences);

  // build: 'never': under heavy load the prebuilt binary's self-test can time out, and a benchmark must not start compiling llama.cpp.
  const llama = await getLlama({ gpu: false, build: 'never' });
  const bareModel = await llama.loadModel({ modelPath });
  const bareContext = await bareModel.createContext({ contextSize, threads, sequences });
  const wrapper = resolveChatWrapper(bareModel);
  const chats = Array.from({ length: sequences }, () => new LlamaChat({ contextSequence: bareContext.getSequence(), chatWrapper: wrapper }));
  const bare = async (): Promise<{ tokensPerSecond: number; firstTokenMs: number }> => {
    let tokens = 0;
    let firstToken = 0;
    const started = performance.now();
    await Promise.all(
      chats.map((chat, index) =>
        chat.generateResponse(convertToChatHistory(subtaskRequests[index]!.messages), {
          maxTokens,
          temperature: 0,
          onToken: (generated) => {
            if (firstToken === 0) firstToken = performance.now();
            tokens += generated.length;
          },
          onTextChunk: () => undefined,
        }),
      ),
    );
    return { tokensPerSecond: tokens / ((performance.now() - started) / 1000), firstTokenMs: firstToken - started };
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

  const concurrent: ConductorTimeline[] = [];
  const sequential: number[] = [];
  const bareRuns: Array<{ tokensPerSecond: number; firstTokenMs: number }> = [];
  const bareSequentialRates: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    // Alternating order, so machine noise hits all four alike.
    const steps = [
      async () => concurrent.push(await conductorRun(sequences)),
      async () => sequential.push((await conductorRun(1)).tokensPerSecond),
      async () => bareRuns.push(await bare()),
      async () => bareSequentialRates.push(await bareSequential()),
    ];
    for (const step of round % 2 === 0 ? steps : [...steps].reverse()) await step();
  }
  for (const chat of chats) chat.dispose();
  await bareContext.dispose();
  await bareModel.dispose();
  await provider.dispose();

  const concurrentRates = concurrent.map((run) => run.tokensPerSecond);
  const bareRates = bareRuns.map((run) => run.tokensPerSecond);
  const format = (values: number[]) => `${values.map((value) => value.toFixed(0)).join(' ')} (median ${median(values).toFixed(0)})`;
  // Ratios are taken within each round (the runs of a round are back to back), then the median:
  // steadier than a ratio of medians when other work shares the machine.
  const ofBareByRound = concurrentRates.map((value, round) => value / bareRates[round]!);
  const ofBare = median(ofBareByRound);
  console.log(`   conductor, ${sequences} concurrent sequences, aggregate tok/s: ${format(concurrentRates)}`);
  console.log(`   bare node-llama-cpp, ${sequences} LlamaChat on ${sequences} sequences, aggregate tok/s: ${format(bareRates)}`);
  console.log(`   conductor, ${sequences} sequential generations, aggregate tok/s: ${format(sequential)}`);
  console.log(`   bare node-llama-cpp, ${sequences} generations one after the other, tok/s: ${format(bareSequentialRates)}`);
  console.log(`   (bare concurrent vs bare sequential: ${median(bareRates.map((value, round) => value / bareSequentialRates[round]!)).toFixed(2)}x, what batching gives on this machine; the conductor: ${median(concurrentRates.map((value, round) => value / sequential[round]!)).toFixed(2)}x)`);
  console.log(`   concurrent vs bare per round: ${ofBareByRound.map((ratio) => ratio.toFixed(3)).join(' ')}`);
  console.log(`   concurrent vs bare: median ${ofBare.toFixed(3)}, middle half ${percentile(ofBareByRound, 0.25).toFixed(3)}–${percentile(ofBareByRound, 0.75).toFixed(3)}, range ${Math.min(...ofBareByRound).toFixed(3)}–${Math.max(...ofBareByRound).toFixed(3)} (target >= 0.97) ${ofBare >= 0.97 ? 'ok' : 'MISSED'}`);
  console.log("   where the conductor's time goes (medians of its concurrent runs):");
  console.log(`     first token ${median(concurrent.map((run) => run.firstTokenMs)).toFixed(1)} ms after the first subtask was routed (bare: ${median(bareRuns.map((run) => run.firstTokenMs)).toFixed(1)} ms after its start)`);
  console.log(`     last subtask finished ${median(concurrent.map((run) => run.afterLastTokenMs)).toFixed(1)} ms after the last token (evaluation and storage)`);
  console.log(`     ${median(concurrent.map((run) => run.deltas)).toFixed(0)} deltas for ${sequences * maxTokens} tokens, each to the run's listener and the store`);
  return ofBare;
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
  const ofBare = await localBatch(modelPath, options.rounds ?? 15);
  await overhead(200);
  console.log(`\nconductor concurrent vs bare: ${ofBare.toFixed(3)}`);
}

function describe(model: LanguageModel): Omit<LanguageModel, 'stream'> {
  const { id, provider, name, displayName, locality, contextWindow, pricing } = model;
  return { id, provider, name, displayName, locality, contextWindow, pricing };
}
