import type { LanguageModel, ModelListing } from '../../shared/language-model.js';

/**
 * A source of language models (local GGUF files, Anthropic, OpenAI, an OpenAI-compatible server).
 * The registry asks providers by the prefix of a qualified model id (`anthropic:claude-...`).
 */
export interface ModelProvider {
  /** The prefix of this provider's qualified ids: `local`, `anthropic`, `openai`, `compatible`. */
  readonly id: string;
  listModels(): Promise<ModelListing[]>;
  /** `name` is the part after `provider:`. Throws a BatonError when the model cannot be used. */
  languageModel(name: string): Promise<LanguageModel>;
  /**
   * One cheap authenticated call that sends no text of the person's (listing the vendor's models),
   * to tell whether the key and address work. Resolves with what was found, in words; throws a
   * BatonError that says what failed (a key refused, an address unreachable).
   */
  checkConnection?(signal?: AbortSignal): Promise<string>;
  /** Frees native resources and connections. */
  dispose?(): Promise<void>;
}
