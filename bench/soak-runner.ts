import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ApiEvent } from '../electron/shared/api.js';
import { toBatonError } from '../electron/shared/errors.js';
import { resolvePaths } from '../electron/core/paths.js';
import { BatonService } from '../electron/core/service/baton-service.js';
import { startFakeAnthropicServer } from '../test/support/fake-anthropic-server.js';
import { startFakeOpenAIServer } from '../test/support/fake-openai-server.js';
import type { FakeBehaviour, FakeCloudServer, RecordedRequest } from '../test/support/fake-server-common.js';
import { faultChooser, type FaultKind, type FaultRates } from '../test/support/fault-injection.js';
import { fullGarbageCollection } from './full-garbage-collection.js';
import { LeakScanner } from './soak-leak-scanner.js';
import { soakPrompts } from './soak-prompts.js';
import { failureGroupOf, RunTracker, unclearReasonOf } from './soak-run-tracker.js';

/**
 * The soak: many runs through BatonService (the API every transport uses) against the fake
 * Anthropic and OpenAI servers on 127.0.0.1, which inject faults per request. It counts what
 * happened to each run and never assumes: a run is complete only when its terminal event came
 * and the answer stored in the database is the one that streamed.
 */
export interface SoakOptions {
  runs: number;
  /** Runs in flight at once. */
  concurrency: number;
  seed: number;
  rates: FaultRates;
  /** A run with no terminal event after this long is lost. */
  runTimeoutMs: number;
  onProgress?(done: number, total: number): void;
}

export interface SoakReport {
  runs: number;
  completed: number;
  /** Failed runs, grouped by error code and message. */
  failedByReason: Record<string, number>;
  lost: number;
  /** Why each lost run counts as lost. */
  lostDetails: string[];
  /** Failures whose message is not a clear reason (a raw SDK error, code "unknown"). */
  unclearReasons: string[];
  leaks: number;
  leakDetails: Array<{ secret: string; path: string }>;
  /** Model calls the fake cloud received, and the faults injected into them. */
  cloudRequests: number;
  faults: Record<FaultKind, number>;
  /** RSS after each hundred runs, after a full garbage collection, in bytes. */
  rssAfterEachHundred: number[];
  /** The JavaScript heap in use at the same moments, in bytes. */
  heapAfterEachHundred: number[];
  /** (RSS after the last hundred − RSS after the second) / RSS after the second; undefined under 300 runs. */
  rssGrowth: number | undefined;
  /** process.getActiveResourcesInfo() after the second hundred and after the last run. */
  activeResourcesAfterSecondHundred: number | undefined;
  activeResourcesAtEnd: number;
  /** What was still active after the service and the fake servers closed, against before they started (by type). */
  activeResourcesBeforeStart: Record<string, number>;
  activeResourcesAfterClose: Record<string, number>;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  /**
   * The machine's one-minute load average at the end, and its cores: the delay is read against
   * them (other processes on a shared machine stretch every task on this one's event loop).
   */
  loadAverage: number;
  cores: number;
  durationMs: number;
}

const anthropicModelId = 'anthropic:claude-haiku-4-5';
const openAIModelId = 'openai:gpt-4o-mini';

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const started = performance.now();
  const activeResourcesBeforeStart = countByType(process.getActiveResourcesInfo());
  const prompts = soakPrompts(options.runs, options.seed);
  const scanner = new LeakScanner(prompts.flatMap((prompt) => prompt.secrets));
  const chooser = faultChooser({ seed: options.seed, rates: options.rates, answer: echoingAnswer });
  const anthropic = await startFakeAnthropicServer({ chooseBehaviour: chooser.choose });
  const openAI = await startFakeOpenAIServer({ chooseBehaviour: chooser.choose });
  const root = mkdtempSync(join(tmpdir(), 'baton-soak-'));
  mkdirSync(join(root, 'models'), { recursive: true });
  const service = new BatonService({
    baton: {
      paths: resolvePaths({ BATON_DATA_DIR: join(root, 'data'), BATON_MODELS_DIR: join(root, 'models') }),
      environment: {},
      settingsOverrides: {
        anthropicApiKey: 'soak-test-key',
        anthropicBaseUrl: anthropic.url,
        openaiApiKey: 'soak-test-key',
        openaiBaseUrl: `${openAI.url}/v1`,
        privacyPolicy: 'ask',
        sensitiveDataInCloud: 'redacted',
        // The soak measures faults, not spending: a budget reached would turn every later run local.
        dailyBudgetUsd: null,
      },
    },
  });

  const trackers = new Map<string, RunTracker>();
  const trackerOf = (runId: string): RunTracker => {
    let tracker = trackers.get(runId);
    if (!tracker) {
      tracker = new RunTracker();
      trackers.set(runId, tracker);
    }
    return tracker;
  };
  const consentFailures: string[] = [];
  service.subscribe((event: ApiEvent) => {
    if (event.type === 'run-event') trackerOf(event.event.runId).observe(event.event);
    // The person allows the cloud for this conversation, as the consent dialog would.
    if (event.type === 'consent-requested') {
      service.call('consent.respond', { requestId: event.request.id, decision: 'allow-conversation' }).catch((error: unknown) => {
        consentFailures.push(toBatonError(error).message);
      });
    }
  });

  const collectGarbage = fullGarbageCollection();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const report: SoakReport = {
    runs: 0,
    completed: 0,
    failedByReason: {},
    lost: 0,
    lostDetails: [],
    unclearReasons: [],
    leaks: 0,
    leakDetails: [],
    cloudRequests: 0,
    faults: chooser.counts(),
    rssAfterEachHundred: [],
    heapAfterEachHundred: [],
    rssGrowth: undefined,
    activeResourcesAfterSecondHundred: undefined,
    activeResourcesAtEnd: 0,
    activeResourcesBeforeStart,
    activeResourcesAfterClose: {},
    eventLoopDelayP99Ms: 0,
    eventLoopDelayMaxMs: 0,
    loadAverage: 0,
    cores: availableParallelism(),
    durationMs: 0,
  };

  const countFailure = (group: string): void => {
    report.failedByReason[group] = (report.failedByReason[group] ?? 0) + 1;
  };

  async function runOne(index: number): Promise<void> {
    const prompt = prompts[index]!;
    const modelId = index % 2 === 0 ? anthropicModelId : openAIModelId;
    let sent: { runId: string; conversationId: string };
    try {
      sent = await service.call('chat.send', { text: prompt.text, modelId });
    } catch (error) {
      // Refused before a run began: a terminal state too, with the reason the caller was given.
      const refusal = toBatonError(error).toJSON();
      countFailure(`refused, ${failureGroupOf(refusal)}`);
      const unclear = unclearReasonOf(refusal);
      if (unclear) report.unclearReasons.push(`run ${index + 1}: ${unclear}`);
      return;
    }
    const tracker = trackerOf(sent.runId);
    const ended = await tracker.ended(options.runTimeoutMs);
    trackers.delete(sent.runId);
    if (!ended || !tracker.terminal) {
      report.lost += 1;
      report.lostDetails.push(`run ${index + 1} (${modelId}): no terminal state within ${options.runTimeoutMs} ms`);
      return;
    }
    if (tracker.extraTerminalEvents > 0) {
      report.lostDetails.push(`run ${index + 1} (${modelId}): ${tracker.extraTerminalEvents + 1} terminal events`);
    }
    const terminal = tracker.terminal;
    const shownAnswer = terminal.type === 'run-finished' ? terminal.answer : terminal.partialAnswer;
    const detail = await service.call('conversations.get', { id: sent.conversationId });
    const stored = detail.messages.find((message) => message.role === 'assistant' && message.runId === sent.runId);
    const storedText = stored?.content ?? '';
    const storedRun = detail.runs.find((run) => run.id === sent.runId);
    const expectedRunStatus = terminal.type === 'run-finished' ? 'finished' : 'failed';
    const expectedMessageStatuses = terminal.type === 'run-finished' ? ['complete'] : ['failed', 'incomplete'];
    const mismatch =
      storedText !== tracker.streamed
        ? `the stored answer (${JSON.stringify(storedText.slice(0, 80))}, ${stored?.status ?? 'no message'}) differs from the streamed one (${JSON.stringify(tracker.streamed.slice(0, 80))})`
        : shownAnswer !== tracker.streamed
          ? `the ${terminal.type} event's answer (${JSON.stringify(shownAnswer.slice(0, 80))}) differs from the streamed one (${JSON.stringify(tracker.streamed.slice(0, 80))})`
          : storedRun?.status !== expectedRunStatus
            ? `the stored run is "${storedRun?.status ?? 'missing'}" after ${terminal.type}`
            : !expectedMessageStatuses.includes(stored?.status ?? 'missing')
              ? `the stored answer is "${stored?.status ?? 'missing'}" after ${terminal.type}`
              : undefined;
    if (mismatch) {
      report.lost += 1;
      report.lostDetails.push(`run ${index + 1} (${modelId}, ${terminal.type}): ${mismatch}`);
      return;
    }
    if (terminal.type === 'run-finished') {
      report.completed += 1;
      return;
    }
    countFailure(failureGroupOf(terminal.error));
    const unclear = unclearReasonOf(terminal.error);
    if (unclear) report.unclearReasons.push(`run ${index + 1} (${modelId}): ${unclear}`);
  }

  let next = 0;
  let done = 0;
  const afterRun = (): void => {
    done += 1;
    scanner.drain(anthropic.requests);
    scanner.drain(openAI.requests);
    if (done % 100 === 0) {
      // The forced collection blocks the loop itself: it is left out of the delay measured.
      delay.disable();
      collectGarbage();
      delay.enable();
      const memory = process.memoryUsage();
      report.rssAfterEachHundred.push(memory.rss);
      report.heapAfterEachHundred.push(memory.heapUsed);
      if (done === 200) report.activeResourcesAfterSecondHundred = process.getActiveResourcesInfo().length;
    }
    options.onProgress?.(done, options.runs);
  };
  const worker = async (): Promise<void> => {
    while (next < options.runs) {
      const index = next;
      next += 1;
      await runOne(index);
      report.runs += 1;
      afterRun();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, options.runs) }, worker));
  } finally {
    delay.disable();
    report.activeResourcesAtEnd = process.getActiveResourcesInfo().length;
    scanner.drain(anthropic.requests);
    scanner.drain(openAI.requests);
    await service.close();
    await Promise.all([anthropic.close(), openAI.close()]);
    rmSync(root, { recursive: true, force: true });
  }
  // Sockets and timers close on the next turns of the loop, not at once.
  await new Promise((resolve) => setTimeout(resolve, 200));
  report.activeResourcesAfterClose = countByType(process.getActiveResourcesInfo());

  for (const failure of consentFailures) report.unclearReasons.push(`consent.respond failed: ${failure}`);
  report.leaks = scanner.leaks.length;
  report.leakDetails = scanner.leaks;
  report.cloudRequests = scanner.scanned;
  report.faults = chooser.counts();
  const samples = report.rssAfterEachHundred;
  if (samples.length >= 3) report.rssGrowth = (samples[samples.length - 1]! - samples[1]!) / samples[1]!;
  report.eventLoopDelayP99Ms = delay.percentile(99) / 1e6;
  report.eventLoopDelayMaxMs = delay.max / 1e6;
  report.loadAverage = loadavg()[0] ?? 0;
  report.durationMs = performance.now() - started;
  return report;
}

/**
 * The fake cloud's normal answer: it repeats the first placeholder it was sent, as a model that
 * quotes the person would, so that restoring placeholders while streaming is part of the soak.
 */
function echoingAnswer(recorded: RecordedRequest): FakeBehaviour {
  const placeholder = JSON.stringify(recorded.body ?? '').match(/<[A-Z][A-Z0-9_]*_\d+>/)?.[0];
  const text = placeholder
    ? `Thank you. I noted ${placeholder} and kept it out of the summary. Here is the short summary you asked for.`
    : 'Here is the short summary you asked for, in a few plain words.';
  return { kind: 'text', text, chunks: 6 };
}

function countByType(resources: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of resources) counts[resource] = (counts[resource] ?? 0) + 1;
  return counts;
}
