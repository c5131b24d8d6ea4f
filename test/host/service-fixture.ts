import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiEvent, ApiMethod, ApiResponse } from '../../electron/shared/api.js';
import type { RunEvent } from '../../electron/shared/events.js';
import type { LanguageModel } from '../../electron/shared/language-model.js';
import { resolvePaths } from '../../electron/core/paths.js';
import { BatonService, type BatonServiceOptions } from '../../electron/core/service/baton-service.js';
import { testLocalSettings } from '../support/local-model-fixture.js';

/** A BatonService on its own temporary folders, talked to in memory, with every event recorded. */
export interface ServiceHarness {
  service: BatonService;
  events: ApiEvent[];
  dataDir: string;
  modelsDir: string;
  call<M extends ApiMethod>(method: M, params?: unknown): Promise<ApiResponse<M>>;
  /** Resolves with the first recorded event (earlier or later) that matches. */
  waitForEvent<T extends ApiEvent>(match: (event: ApiEvent) => event is T, timeoutMs?: number): Promise<T>;
  waitForRunEnd(runId: string, timeoutMs?: number): Promise<RunEvent>;
  /** A new service on the same folders (a restart). */
  restart(options?: Partial<BatonServiceOptions>): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions extends Partial<BatonServiceOptions> {
  /** Every run uses this model, whatever the request names. */
  model?: LanguageModel | (() => LanguageModel);
  /** Reuse folders (a restart test). */
  root?: string;
  environment?: NodeJS.ProcessEnv;
}

export async function startService(options: HarnessOptions = {}): Promise<ServiceHarness> {
  const root = options.root ?? mkdtempSync(join(tmpdir(), 'baton-service-'));
  const dataDir = join(root, 'data');
  const modelsDir = join(root, 'models');
  mkdirSync(modelsDir, { recursive: true });
  const events: ApiEvent[] = [];
  const waiters = new Set<(event: ApiEvent) => void>();

  const make = (extra: Partial<BatonServiceOptions> = {}) => {
    const { model, root: _root, environment, ...serviceOptions } = { ...options, ...extra };
    const service = new BatonService({
      ...serviceOptions,
      baton: {
        paths: resolvePaths({ BATON_DATA_DIR: dataDir, BATON_MODELS_DIR: modelsDir }),
        environment: environment ?? {},
        settingsOverrides: {
          localGpu: testLocalSettings.gpu,
          localThreads: testLocalSettings.threads,
          localSequences: testLocalSettings.sequences,
          localMaxContextSize: testLocalSettings.maxContextSize,
        },
        ...serviceOptions.baton,
      },
      ...(model ? { chooseModel: async () => ({ model: typeof model === 'function' ? model() : model, reason: 'the test model' }) } : {}),
    });
    service.subscribe((event) => {
      events.push(event);
      for (const waiter of [...waiters]) waiter(event);
    });
    return service;
  };

  const harness: ServiceHarness = {
    service: make(),
    events,
    dataDir,
    modelsDir,
    call: (method, params) => harness.service.call(method, params),
    waitForEvent: (match, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const earlier = events.find(match);
        if (earlier) {
          resolve(earlier);
          return;
        }
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching event within ${timeoutMs} ms; saw ${events.map((event) => event.type).join(', ')}`));
        }, timeoutMs);
        const waiter = (event: ApiEvent) => {
          if (!match(event)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(event);
        };
        waiters.add(waiter);
      }),
    waitForRunEnd: async (runId, timeoutMs) => {
      const event = await harness.waitForEvent(
        (candidate): candidate is Extract<ApiEvent, { type: 'run-event' }> =>
          candidate.type === 'run-event' &&
          candidate.event.runId === runId &&
          (candidate.event.type === 'run-finished' || candidate.event.type === 'run-failed'),
        timeoutMs,
      );
      return event.event;
    },
    restart: async (extra) => {
      await harness.service.close();
      harness.service = make(extra);
    },
    close: async () => {
      await harness.service.close();
      if (!options.root) rmSync(root, { recursive: true, force: true });
    },
  };
  return harness;
}

export function runEventsOf(events: ApiEvent[], runId: string): RunEvent[] {
  return events.flatMap((event) => (event.type === 'run-event' && event.event.runId === runId ? [event.event] : []));
}
