import type { BatonError } from './errors.js';

/** Where a model runs, which decides what data it may see. */
export type Locality = 'on-device' | 'private-network' | 'cloud';

/** US dollars per million tokens. */
export interface Pricing {
  inputPerMTok: number;
  outputPerMTok: number;
}

export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

/** A function a model asked the caller to run: its arguments are JSON text, as the vendors send them. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A call's arguments as the JSON object Anthropic's `input` is (empty text: no arguments); undefined when they are not one. */
export function toolCallArgumentsObject(call: ToolCall): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(call.arguments.length > 0 ? call.arguments : '{}');
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Not JSON: not an object either.
  }
  return undefined;
}

/** The picture formats both cloud vendors take. */
export const imageMediaTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type ImageMediaType = (typeof imageMediaTypes)[number];

/**
 * A picture in a user turn, inline (base64): a gateway client's image part. The shield cannot
 * read pictures, so one goes to a cloud model only after a person approved that very request.
 */
export interface ImageInput {
  mediaType: ImageMediaType;
  /** The picture's bytes in base64. */
  data: string;
}

export interface ChatMessage {
  role: ChatRole;
  content: string;
  /** A user turn's pictures, sent before its text; only to a model that takes images. */
  images?: ImageInput[];
  /** An assistant turn's calls of the caller's tools. */
  toolCalls?: ToolCall[];
  /** A tool turn: the call whose result `content` is. */
  toolCallId?: string;
}

/** A tool a caller offers the model (a gateway client's function). */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** The JSON schema of the arguments. */
  parameters: JsonSchema;
}

/** Whether the model may, must, or must not call a tool, or must call this one. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** A JSON schema (draft 7 subset) that structured output must follow. */
export type JsonSchema = Record<string, unknown>;

export interface GenerateRequest {
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  stopSequences?: string[];
  /** When set, the answer is JSON that follows this schema (a grammar locally, structured output in the cloud). */
  responseSchema?: JsonSchema;
  /** Tools the model may call instead of answering (cloud models only). */
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

export type FinishReason = 'stop' | 'length' | 'aborted' | 'content-filter' | 'error' | 'tool-calls';

/** What a model stream yields. A stream never throws: a failure is an `error` part, then the end. */
export type StreamPart =
  | { type: 'text-delta'; text: string }
  /** A whole tool call, sent once its arguments are complete. */
  | { type: 'tool-call'; call: ToolCall }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; reason: FinishReason }
  | { type: 'error'; error: BatonError };

export interface ModelDescriptor {
  /** Provider-qualified id: `local:ID`, `anthropic:MODEL`, `openai:MODEL`, `compatible:NAME/MODEL`. */
  id: string;
  provider: string;
  /** The id the provider itself knows the model by. */
  name: string;
  displayName: string;
  locality: Locality;
  /** Tokens of input plus output the model can attend to. */
  contextWindow: number;
  pricing: Pricing;
  /** The model reads pictures in user turns; absent: it does not (on-device models, unknown ones). */
  acceptsImages?: boolean;
}

export interface LanguageModel extends ModelDescriptor {
  stream(request: GenerateRequest, signal?: AbortSignal): AsyncIterable<StreamPart>;
  /**
   * How many tokens the model reads for these messages, counted by its own tokenizer with its
   * chat template applied. On-device models only: for a cloud model a count would be a call.
   */
  countPromptTokens?(messages: ChatMessage[], signal?: AbortSignal): Promise<number>;
}

/** A model as listed to a person: configured or downloaded, and whether it can run now. */
export interface ModelListing extends ModelDescriptor {
  available: boolean;
  /** Why the model cannot run now (missing key, file not downloaded, ...). */
  unavailableReason?: string;
}
