import type Anthropic from '@anthropic-ai/sdk';

/**
 * The Anthropic SDK's client class, loaded when a client is first made: the SDK costs about
 * 25 MB, which a process that never calls Anthropic (`baton scan`) should not pay. Its error
 * classes come from '@anthropic-ai/sdk/error', which is small, so error mapping needs no load.
 */
let loading: Promise<typeof Anthropic> | undefined;

export function loadAnthropicClientClass(): Promise<typeof Anthropic> {
  loading ??= import('@anthropic-ai/sdk').then((module) => module.default);
  return loading;
}
