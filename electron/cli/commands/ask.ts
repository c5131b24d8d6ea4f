import { createBaton } from '../../core/app.js';
import { chooseModel } from '../../core/orchestration/model-choice.js';
import type { LanguageModel } from '../../shared/language-model.js';
import { consentPrompterFor, type ConsentFlag } from '../consent-prompt.js';
import { formatDuration, formatUsd } from '../format.js';

export interface AskOptions {
  model?: string;
  modelFile?: string;
  maxTokens?: number;
  json?: boolean;
  conversation?: string;
  /** Before a cloud call: ask in the terminal (default), or answer allow-once / deny without asking. */
  consent?: ConsentFlag;
}

/**
 * `baton ask`: streams the answer to stdout; the summary (model, tokens, time, cost) goes to
 * stderr so `baton ask ... > answer.txt` keeps only the answer. `--json` prints one object.
 */
export async function askCommand(prompt: string, options: AskOptions): Promise<void> {
  const baton = createBaton({ consentPrompter: consentPrompterFor(options.consent ?? 'ask') });
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const { model, reason } = await chooseModel(baton, { modelId: options.model, modelFile: options.modelFile, signal: controller.signal });
    const result = await baton.orchestrator.run({
      text: prompt,
      conversationId: options.conversation,
      model,
      routeReason: reason,
      maxTokens: options.maxTokens,
      signal: controller.signal,
      // A cloud call that is refused (consent denied, blocked by the shield) is answered locally.
      localFallback: async (): Promise<LanguageModel | undefined> => {
        const [firstLocal] = await baton.modelStore.list();
        return firstLocal ? baton.localProvider.languageModel(firstLocal.id, controller.signal) : undefined;
      },
      onEvent: (event) => {
        if (!options.json && event.type === 'answer-delta') process.stdout.write(event.text);
        if (event.type === 'run-notice') process.stderr.write(`baton: ${event.message}\n`);
      },
    });
    if (options.json) {
      const output = {
        answer: result.answer,
        model: result.modelId,
        usage: result.usage,
        costUsd: result.costUsd,
        durationMs: result.durationMs,
        conversationId: result.conversationId,
        finishReason: result.finishReason,
      };
      process.stdout.write(`${JSON.stringify(output)}\n`);
      return;
    }
    process.stdout.write('\n');
    const notes = [
      result.modelId,
      `${result.usage.inputTokens} in / ${result.usage.outputTokens} out tokens`,
      formatDuration(result.durationMs),
      formatUsd(result.costUsd),
    ];
    if (result.finishReason === 'length') notes.push('stopped at the token limit');
    if (result.finishReason === 'aborted') notes.push('cancelled; the partial answer is saved');
    process.stderr.write(`\n— ${notes.join(' · ')}\n  (${reason}; conversation ${result.conversationId})\n`);
    if (result.finishReason === 'aborted') process.exitCode = 130;
  } finally {
    process.off('SIGINT', onInterrupt);
    await baton.close();
  }
}
