import { existsSync } from 'node:fs';
import { getLlama, LlamaChat, resolveChatWrapper } from 'node-llama-cpp';
import { LocalProvider } from '../electron/core/providers/local-llama/local-provider.js';
import { convertToChatHistory } from '../electron/core/providers/local-llama/convert-to-chat-history.js';
import type { GenerateRequest } from '../electron/shared/language-model.js';
import { defaultBenchModelPath, median, percentile } from './bench-support.js';

export interface LocalOverheadOptions {
  modelFile?: string;
  rounds?: number;
}

/**
 * Tokens per second through Baton's local provider against the same generation through bare
 * node-llama-cpp: same file, same threads, same context size, same prompt, greedy sampling.
 * Rounds alternate between the two so machine noise hits both alike; the median of the
 * per-round ratios is the figure.
 */
export async function localOverheadBench(options: LocalOverheadOptions): Promise<void> {
  const modelPath = options.modelFile ?? defaultBenchModelPath;
  if (!existsSync(modelPath)) throw new Error(`Model file not found: ${modelPath}`);
  const rounds = options.rounds ?? 15;
  const threads = 1;
  const contextSize = 1024;
  const maxTokens = 400;
  const request: GenerateRequest = {
    messages: [{ role: 'user', content: 'Tell me a story about a girl named Lily and her dog.' }],
    maxTokens,
    temperature: 0,
  };

  const llama = await getLlama({ gpu: false });
  const bareModel = await llama.loadModel({ modelPath });
  const bareContext = await bareModel.createContext({ contextSize, threads, sequences: 1 });
  const bareChat = new LlamaChat({ contextSequence: bareContext.getSequence(), chatWrapper: resolveChatWrapper(bareModel) });
  // The bare side streams text too (onTextChunk), as any chat UI must: the comparison is
  // between two streaming generations, not between streaming and not streaming.
  const bare = async (): Promise<number> => {
    let tokens = 0;
    let text = '';
    const started = performance.now();
    await bareChat.generateResponse(convertToChatHistory(request.messages), {
      maxTokens,
      temperature: 0,
      onToken: (generated) => {
        tokens += generated.length;
      },
      onTextChunk: (chunk) => {
        text += chunk;
      },
    });
    if (text.length === 0) throw new Error('bare node-llama-cpp generated no text');
    return tokens / ((performance.now() - started) / 1000);
  };

  const provider = new LocalProvider({
    listModelFiles: async () => [{ id: 'bench', path: modelPath }],
    gpu: false,
    threads,
    sequences: 1,
    maxContextSize: contextSize,
    idleUnloadMs: 600_000,
  });
  const model = await provider.languageModel('bench');
  const baton = async (): Promise<number> => {
    let tokens = 0;
    const started = performance.now();
    for await (const part of model.stream(request)) {
      if (part.type === 'usage') tokens = part.usage.outputTokens;
      if (part.type === 'error') throw part.error;
    }
    return tokens / ((performance.now() - started) / 1000);
  };

  // One warm-up each: first calls pay for lazy allocations.
  await bare();
  await baton();
  const bareRates: number[] = [];
  const batonRates: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    if (round % 2 === 0) {
      bareRates.push(await bare());
      batonRates.push(await baton());
    } else {
      batonRates.push(await baton());
      bareRates.push(await bare());
    }
  }
  await provider.dispose();
  bareChat.dispose();
  await bareContext.dispose();
  await bareModel.dispose();

  const format = (values: number[]) => values.map((value) => value.toFixed(0)).join(' ');
  // Within each round the two ran back to back: their ratio, then the median over rounds.
  const ratios = batonRates.map((rate, round) => rate / bareRates[round]!);
  const ratio = median(ratios);
  console.log(`model: ${modelPath}`);
  console.log(`both sides: threads ${threads}, context ${contextSize}, temperature 0, ${maxTokens} tokens per generation, the same prompt; ${rounds} rounds, alternating which goes first`);
  console.log(`bare node-llama-cpp tok/s: ${format(bareRates)} (median ${median(bareRates).toFixed(0)})`);
  console.log(`baton local provider tok/s: ${format(batonRates)} (median ${median(batonRates).toFixed(0)})`);
  console.log(`baton vs bare per round: ${ratios.map((value) => value.toFixed(3)).join(' ')}`);
  console.log(`baton vs bare: median ${ratio.toFixed(3)}, middle half ${percentile(ratios, 0.25).toFixed(3)}–${percentile(ratios, 0.75).toFixed(3)} (target >= 0.97) ${ratio >= 0.97 ? 'ok' : 'MISSED'}`);
  console.log(`local-overhead ratio: ${ratio.toFixed(3)}`);
}
