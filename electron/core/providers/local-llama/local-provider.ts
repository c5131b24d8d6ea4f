import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { llamaModule } from './llama-module.js';
import { BatonError } from '../../../shared/errors.js';
import type { ModelListing } from '../../../shared/language-model.js';
import type { ModelProvider } from '../model-provider.js';
import { loadLlamaRuntime, type LlamaRuntime, type RuntimeInfo } from './llama-runtime.js';
import type { LoadedModelInfo, LocalModelSettings } from './loaded-local-model.js';
import { LocalLanguageModel } from './local-language-model.js';
import { LocalModelHost } from './local-model-host.js';
import type { ThreadChoiceCache } from './thread-count.js';

/** A GGUF file the provider may load. */
export interface LocalModelFile {
  id: string;
  path: string;
}

export interface LocalProviderOptions extends LocalModelSettings {
  /** The downloaded models, asked afresh on each listing so new downloads show up. */
  listModelFiles(): Promise<LocalModelFile[]>;
  gpu: boolean;
  idleUnloadMs: number;
  threadCache?: ThreadChoiceCache;
}

export class LocalProvider implements ModelProvider {
  readonly id = 'local';
  private runtime: Promise<LlamaRuntime> | undefined;
  private readonly hosts = new Map<string, LocalModelHost>();

  constructor(private readonly options: LocalProviderOptions) {}

  async listModels(): Promise<ModelListing[]> {
    const files = await this.options.listModelFiles();
    return Promise.all(files.map((file) => this.describe(file)));
  }

  async languageModel(name: string, signal?: AbortSignal): Promise<LocalLanguageModel> {
    const files = await this.options.listModelFiles();
    const file = files.find((candidate) => candidate.id === name);
    if (!file) {
      const known = files.length > 0 ? `Downloaded: ${files.map((candidate) => candidate.id).join(', ')}.` : 'No local model is downloaded yet.';
      throw new BatonError('model-not-found', `There is no local model "${name}". ${known}`);
    }
    return this.open(file, signal);
  }

  /** A GGUF file anywhere on disk (`baton ask --model-file PATH`). */
  async languageModelFromFile(path: string, signal?: AbortSignal): Promise<LocalLanguageModel> {
    const absolutePath = resolve(path);
    if (!existsSync(absolutePath)) throw new BatonError('model-not-found', `The model file ${absolutePath} does not exist.`);
    return this.open({ id: basename(absolutePath).replace(/\.gguf$/i, ''), path: absolutePath }, signal);
  }

  /** Which compute backend runs local models, and why it fell back to the CPU if it did. */
  async runtimeInfo(): Promise<RuntimeInfo> {
    return (await this.loadRuntime()).info;
  }

  async loadedModels(): Promise<LoadedModelInfo[]> {
    const infos = await Promise.all([...this.hosts.values()].map((host) => host.info()));
    return infos.filter((info): info is LoadedModelInfo => info !== undefined);
  }

  /** Frees the memory of a model now instead of waiting for the idle timer. */
  async unload(path: string): Promise<void> {
    await this.hosts.get(resolve(path))?.unload();
  }

  isLoaded(path: string): boolean {
    return this.hosts.get(resolve(path))?.isLoaded ?? false;
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.hosts.values()].map((host) => host.unload()));
    this.hosts.clear();
    const runtime = this.runtime;
    this.runtime = undefined;
    if (runtime) await (await runtime).llama.dispose();
  }

  private async open(file: LocalModelFile, signal?: AbortSignal): Promise<LocalLanguageModel> {
    const host = this.hostFor(file.path);
    const loaded = await host.load(signal);
    return new LocalLanguageModel(file.id, host, async () => (await this.loadRuntime()).llama, loaded.context.contextSize);
  }

  private hostFor(path: string): LocalModelHost {
    const absolutePath = resolve(path);
    let host = this.hosts.get(absolutePath);
    if (!host) {
      host = new LocalModelHost(absolutePath, () => this.loadRuntime(), this.options, this.options.idleUnloadMs, this.options.threadCache);
      this.hosts.set(absolutePath, host);
    }
    return host;
  }

  private loadRuntime(): Promise<LlamaRuntime> {
    this.runtime ??= loadLlamaRuntime({ gpu: this.options.gpu });
    return this.runtime;
  }

  private async describe(file: LocalModelFile): Promise<ModelListing> {
    const base = {
      id: `local:${file.id}`,
      provider: this.id,
      name: file.id,
      displayName: basename(file.path),
      locality: 'on-device' as const,
      pricing: { inputPerMTok: 0, outputPerMTok: 0 },
    };
    try {
      // Only the header is read: listing must not load gigabytes of weights.
      const { readGgufFileInfo } = await llamaModule();
      const info = await readGgufFileInfo(file.path, { readTensorInfo: false });
      const trainContext = Number((info.architectureMetadata as { context_length?: number } | undefined)?.context_length ?? 0);
      const contextWindow = trainContext > 0 ? Math.min(trainContext, this.options.maxContextSize) : this.options.maxContextSize;
      return { ...base, contextWindow, available: true };
    } catch (error) {
      return { ...base, contextWindow: 0, available: false, unavailableReason: `Not a readable GGUF file: ${(error as Error).message}` };
    }
  }
}
