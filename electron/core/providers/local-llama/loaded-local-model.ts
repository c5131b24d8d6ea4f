import { basename } from 'node:path';
import type { ChatWrapper, LlamaContext, LlamaModel } from 'node-llama-cpp';
import { llamaModule } from './llama-module.js';
import { BatonError } from '../../../shared/errors.js';
import type { LlamaRuntime } from './llama-runtime.js';
import { SequencePool } from './sequence-pool.js';
import { chooseThreadCount, type ThreadChoice, type ThreadChoiceCache } from './thread-count.js';

export interface LocalModelSettings {
  /** llama.cpp threads; 0 chooses by measurement. */
  threads: number;
  /** Concurrent requests served by sequences of one context. */
  sequences: number;
  /** Upper bound of the context per sequence; the actual size is fitted to free memory. */
  maxContextSize: number;
}

/** What a person sees about a loaded model: where it runs and how it was fitted. */
export interface LoadedModelInfo {
  path: string;
  backend: string;
  gpuLayers: number;
  totalLayers: number;
  contextSize: number;
  sequences: number;
  threads: number;
  threadReason: string;
  chatTemplate: string;
  /** The most requests this load has decoded at the same time. */
  peakConcurrentRequests: number;
}

/** One GGUF file in memory: the weights, one context with several sequences, its chat template. */
export class LoadedLocalModel {
  private constructor(
    readonly path: string,
    readonly model: LlamaModel,
    readonly context: LlamaContext,
    readonly pool: SequencePool,
    readonly chatWrapper: ChatWrapper,
    readonly threadChoice: ThreadChoice,
    private readonly backend: string,
  ) {}

  static async load(
    runtime: LlamaRuntime,
    path: string,
    settings: LocalModelSettings,
    threadCache: ThreadChoiceCache | undefined,
    signal?: AbortSignal,
  ): Promise<LoadedLocalModel> {
    let model: LlamaModel;
    try {
      model = await runtime.llama.loadModel({ modelPath: path, loadSignal: signal });
    } catch (error) {
      if (signal?.aborted) throw new BatonError('aborted', 'Loading the model was cancelled.', { cause: error });
      throw new BatonError('model-load-failed', `Cannot load ${basename(path)}: ${(error as Error).message}`, { cause: error });
    }
    try {
      const threadChoice = await resolveThreads(model, path, settings.threads, threadCache);
      // The context is fitted to free (V)RAM between a useful minimum and the configured maximum;
      // each sequence gets a context of this size.
      const maxContextSize = Math.min(settings.maxContextSize, model.trainContextSize);
      const context = await model.createContext({
        contextSize: { min: Math.min(512, maxContextSize), max: maxContextSize },
        sequences: settings.sequences,
        threads: threadChoice.threads,
        createSignal: signal,
      });
      const { resolveChatWrapper } = await llamaModule();
      const chatWrapper = resolveChatWrapper(model);
      return new LoadedLocalModel(path, model, context, new SequencePool(context), chatWrapper, threadChoice, runtime.info.backend);
    } catch (error) {
      await model.dispose();
      if (error instanceof BatonError) throw error;
      if (signal?.aborted) throw new BatonError('aborted', 'Loading the model was cancelled.', { cause: error });
      throw new BatonError('model-load-failed', `Cannot create a context for ${basename(path)}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  info(): LoadedModelInfo {
    return {
      path: this.path,
      backend: this.backend,
      gpuLayers: this.model.gpuLayers,
      totalLayers: this.model.fileInsights.totalLayers,
      contextSize: this.context.contextSize,
      sequences: this.context.totalSequences,
      threads: this.threadChoice.threads,
      threadReason: this.threadChoice.reason,
      chatTemplate: this.chatWrapper.wrapperName,
      peakConcurrentRequests: this.pool.peak,
    };
  }

  async dispose(): Promise<void> {
    this.pool.rejectWaiting(new BatonError('aborted', 'The model was unloaded.'));
    await this.context.dispose();
    await this.model.dispose();
  }
}

async function resolveThreads(
  model: LlamaModel,
  path: string,
  configured: number,
  cache: ThreadChoiceCache | undefined,
): Promise<ThreadChoice> {
  if (configured > 0) return { threads: configured, measurements: [], reason: `${configured} threads, as set in Settings.` };
  const key = `${basename(path)}:${model.size}`;
  const cached = cache?.get(key);
  if (cached) return cached;
  const choice = await chooseThreadCount(model);
  cache?.set(key, choice);
  return choice;
}
