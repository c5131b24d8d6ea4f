import { createBaton } from '../../core/app.js';
import { conductorJsonFields } from '../../core/orchestration/conductor-json.js';
import { chooseModel } from '../../core/orchestration/model-choice.js';
import { BatonError } from '../../shared/errors.js';
import { consentPrompterFor, type ConsentFlag } from '../consent-prompt.js';
import { formatDuration, formatUsd } from '../format.js';
import { describeForStderr } from '../run-event-lines.js';

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
 * `baton ask`: streams the answer to stdout; the plan, routes, notices and the summary (model,
 * tokens, time, cost) go to stderr so `baton ask ... > answer.txt` keeps only the answer.
 * `--json` prints one object.
 */
export async function askCommand(prompt: string, options: AskOptions): Promise<void> {
  if (prompt.trim().length === 0) throw new BatonError('invalid-request', 'The prompt is empty: write a question after `baton ask`.');
  const baton = createBaton({ consentPrompter: consentPrompterFor(options.consent ?? 'ask') });
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const named = await chooseModel(baton, { modelId: options.model, modelFile: options.modelFile, signal: controller.signal });
    const result = await baton.conductor.run({
      text: prompt,
      conversationId: options.conversation,
      ...(named ? { modelOverride: named.model, modelOverrideReason: named.reason } : {}),
      maxTokens: options.maxTokens,
      signal: controller.signal,
      onEvent: (event) => {
        if (!options.json && event.type === 'answer-delta') process.stdout.write(event.text);
        const line = describeForStderr(event, options.json === true);
        if (line) process.stderr.write(`${line}\n`);
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
        ...conductorJsonFields(result),
      };
      process.stdout.write(`${JSON.stringify(output)}\n`);
      return;
    }
    process.stdout.write('\n');
    const notes = [
      result.modelId ?? 'no model',
      `${result.usage.inputTokens} in / ${result.usage.outputTokens} out tokens`,
      formatDuration(result.durationMs),
      formatUsd(result.costUsd),
    ];
    if (result.finishReason === 'length') notes.push('stopped at the token limit');
    if (result.finishReason === 'aborted') notes.push('cancelled; the partial answer is saved');
    process.stderr.write(`\n— ${notes.join(' · ')}\n  (conversation ${result.conversationId})\n`);
    if (result.finishReason === 'aborted') process.exitCode = 130;
  } finally {
    process.off('SIGINT', onInterrupt);
    await baton.close();
  }
}
