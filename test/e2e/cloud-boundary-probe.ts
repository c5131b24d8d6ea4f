import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolvePaths } from '../../electron/core/paths.js';
import { BatonService } from '../../electron/core/service/baton-service.js';
import { startFakeAnthropicServer } from '../support/fake-anthropic-server.js';

/**
 * Whether a cloud call from chat.send goes through the privacy shield's boundary: a real run, in
 * memory, against the fake Anthropic server. With the boundary, the run asks for consent (answered
 * here with deny) and nothing reaches the fake; without it, the fake is called and nobody is asked.
 */
export async function cloudBoundaryAvailable(): Promise<boolean> {
  const fake = await startFakeAnthropicServer();
  const root = mkdtempSync(join(tmpdir(), 'baton-boundary-probe-'));
  const service = new BatonService({
    baton: {
      paths: resolvePaths({ BATON_DATA_DIR: join(root, 'data'), BATON_MODELS_DIR: join(root, 'models') }),
      environment: { ANTHROPIC_API_KEY: 'probe-key', ANTHROPIC_BASE_URL: fake.url },
    },
  });
  let asked = false;
  let runId: string | undefined;
  let finished: () => void = () => {};
  const ended = new Promise<void>((resolve) => (finished = resolve));
  const unsubscribe = service.subscribe((event) => {
    if (event.type === 'consent-requested') {
      asked = true;
      void service.call('consent.respond', { requestId: event.request.id, decision: 'deny' });
    }
    if (event.type === 'run-event' && event.event.runId === runId && (event.event.type === 'run-finished' || event.event.type === 'run-failed')) finished();
  });
  try {
    runId = (await service.call('chat.send', { text: 'Please write to probe.person@example.com.', modelId: 'anthropic:claude-haiku-4-5' })).runId;
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    return asked && fake.requests.length === 0;
  } catch (error) {
    process.stderr.write(`cloud boundary probe: ${error instanceof Error ? error.message : String(error)}\n`);
    return false;
  } finally {
    unsubscribe();
    await service.close();
    await fake.close();
    rmSync(root, { recursive: true, force: true });
  }
}
