import { availableParallelism } from 'node:os';
import type { LlamaModel } from 'node-llama-cpp';
import { llamaModule } from './llama-module.js';

export interface ThreadChoice {
  threads: number;
  /** Tokens per second measured for each candidate, empty when there was only one. */
  measurements: { threads: number; tokensPerSecond: number }[];
  reason: string;
}

/** Remembers a measured choice so it is made once per model and machine, not at every load. */
export interface ThreadChoiceCache {
  get(key: string): ThreadChoice | undefined;
  set(key: string, choice: ThreadChoice): void;
}

/**
 * Candidates leave one core for the app (Electron, the UI, the shield): on a 2-core machine a
 * second llama.cpp thread made a tiny model 20x slower, because the threads then wait on each other
 * and on the app. Among the rest, measurement decides.
 */
export function threadCandidates(cores: number = availableParallelism()): number[] {
  const usable = Math.max(1, cores - 1);
  return [...new Set([1, Math.ceil(usable / 2), usable])].sort((a, b) => a - b);
}

const calibrationPrompt = 'Once upon a time, in a small town by the sea, there lived';
const calibrationTokens = 24;

async function measureTokensPerSecond(model: LlamaModel, threads: number): Promise<number> {
  const context = await model.createContext({ contextSize: 256, threads, sequences: 1 });
  try {
    const { LlamaCompletion } = await llamaModule();
    const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
    let generated = 0;
    const started = performance.now();
    await completion.generateCompletion(calibrationPrompt, {
      maxTokens: calibrationTokens,
      onToken: (tokens) => {
        generated += tokens.length;
      },
    });
    const seconds = (performance.now() - started) / 1000;
    return generated / Math.max(seconds, 1e-6);
  } finally {
    await context.dispose();
  }
}

export async function chooseThreadCount(model: LlamaModel, candidates: number[] = threadCandidates()): Promise<ThreadChoice> {
  const [only] = candidates;
  if (candidates.length === 1 && only !== undefined) {
    return { threads: only, measurements: [], reason: `${only} thread: the only choice that leaves a core free for the app.` };
  }
  const measurements: ThreadChoice['measurements'] = [];
  for (const threads of candidates) {
    measurements.push({ threads, tokensPerSecond: await measureTokensPerSecond(model, threads) });
  }
  const best = measurements.reduce((fastest, entry) => (entry.tokensPerSecond > fastest.tokensPerSecond ? entry : fastest));
  const summary = measurements.map((entry) => `${entry.threads}: ${entry.tokensPerSecond.toFixed(0)} tok/s`).join(', ');
  return { threads: best.threads, measurements, reason: `${best.threads} threads measured fastest (${summary}).` };
}
