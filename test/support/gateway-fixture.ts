import Anthropic from '@anthropic-ai/sdk';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { createBaton, type Baton } from '../../electron/core/app.js';
import { resolvePaths } from '../../electron/core/paths.js';
import type { ConsentPrompter } from '../../electron/core/privacy/consent-prompter.js';
import { fixedConsentPrompter } from '../../electron/core/privacy/fixed-consent-prompter.js';
import { startGateway, type Gateway } from '../../electron/host/gateway/gateway-server.js';
import { startFakeAnthropicServer } from './fake-anthropic-server.js';
import { startFakeOpenAIServer } from './fake-openai-server.js';
import { decodedStrings } from './decoded-strings.js';
import type { FakeCloudServer } from './fake-server-common.js';
import { storiesModelPath } from './local-model-fixture.js';

export interface GatewayFixtureOptions {
  /** The token clients must send. */
  token: string;
  /**
   * The local model file to install (default the tiny test model; the bench, run from dist/, gives
   * its own path); false: none, and the usable models are the fake clouds' alone.
   */
  localModel?: string | false;
  /** Also a fake Anthropic server, with Baton's Anthropic provider pointed at it. */
  anthropic?: boolean;
  /** Where refusals and failures go; dropped by default. */
  log?: (line: string) => void;
  /** Who answers consent requests; default a fixed allow-once, as `baton gateway --consent allow-once`. */
  consentPrompter?: ConsentPrompter;
}

export interface GatewayFixture {
  baton: Baton;
  gateway: Gateway;
  /** The real clients, as another tool, pointed at the gateway with its token (no retries). */
  openai: OpenAI;
  anthropic: Anthropic;
  openAICloud: FakeCloudServer;
  anthropicCloud: FakeCloudServer | undefined;
  close(): Promise<void>;
}

/**
 * Baton behind its gateway on 127.0.0.1, as the gateway tests and bench meet it: its OpenAI
 * provider (and Anthropic's, when asked) pointed at fake clouds, consent allow-once (unless given), no cloud
 * retries, one local thread; its data in a temporary folder removed on close.
 */
export async function startGatewayFixture(options: GatewayFixtureOptions): Promise<GatewayFixture> {
  const root = mkdtempSync(join(tmpdir(), 'baton-gateway-'));
  const modelsDir = join(root, 'models');
  mkdirSync(modelsDir, { recursive: true });
  const localModel = options.localModel ?? storiesModelPath;
  if (localModel !== false) copyFileSync(localModel, join(modelsDir, 'stories260K.gguf'));
  const openAICloud = await startFakeOpenAIServer();
  const anthropicCloud = options.anthropic ? await startFakeAnthropicServer() : undefined;
  const baton = createBaton({
    paths: resolvePaths({ BATON_DATA_DIR: join(root, 'data'), BATON_MODELS_DIR: modelsDir }),
    environment: {
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: `${openAICloud.url}/v1`,
      ...(anthropicCloud ? { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: anthropicCloud.url } : {}),
    },
    settingsOverrides: { localThreads: 1, localGpu: false, localSequences: 2, localMaxContextSize: 512, cloudMaxRetries: 0 },
    consentPrompter: options.consentPrompter ?? fixedConsentPrompter('allow-once'),
  });
  const gateway = await startGateway({ baton, token: options.token, port: 0, log: options.log ?? (() => {}) });
  return {
    baton,
    gateway,
    openai: new OpenAI({ apiKey: options.token, baseURL: `${gateway.url}/v1`, maxRetries: 0 }),
    anthropic: new Anthropic({ apiKey: options.token, baseURL: gateway.url, maxRetries: 0 }),
    openAICloud,
    anthropicCloud,
    close: async () => {
      await gateway.close();
      await baton.close();
      await openAICloud.close();
      await anthropicCloud?.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Everything a fake cloud was sent, decoded (see decodedStrings), one string per line. */
export function sentTo(cloud: FakeCloudServer): string {
  return cloud.requests.flatMap((request) => decodedStrings(request.body)).join('\n');
}
