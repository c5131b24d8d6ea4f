import type OpenAI from 'openai';

/**
 * The OpenAI SDK's client class, loaded when a client is first made: the SDK costs about 15 MB,
 * which a process that never calls OpenAI or a compatible server (`baton scan`) should not pay.
 * Its error classes come from 'openai/error', which is small, so error mapping needs no load.
 */
let loading: Promise<typeof OpenAI> | undefined;

export function loadOpenAIClientClass(): Promise<typeof OpenAI> {
  loading ??= import('openai').then((module) => module.default);
  return loading;
}
