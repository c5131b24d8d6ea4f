import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import type { ConsentPrompter } from '../core/privacy/consent-prompter.js';
import { fixedConsentPrompter } from '../core/privacy/fixed-consent-prompter.js';
import type { ConsentDecision, ConsentRequest } from '../shared/privacy.js';
import { formatUsd } from './format.js';

export type ConsentFlag = 'ask' | 'allow-once' | 'deny';

export interface TerminalConsentOptions {
  /** Where the answer is read; the prompt only runs when this is a terminal. Default stdin. */
  input?: Readable & { isTTY?: boolean };
  /** Where the request is shown. Default stderr, so stdout keeps only the answer. */
  output?: Writable;
}

/** The prompter for `baton ask --consent`: a fixed answer, or (ask) the terminal prompt. */
export function consentPrompterFor(flag: ConsentFlag, options: TerminalConsentOptions = {}): ConsentPrompter {
  return flag === 'ask' ? terminalConsentPrompter(options) : fixedConsentPrompter(flag);
}

/**
 * Shows the exact redacted payload, the provider, model and estimated cost, then asks. Without
 * a terminal on stdin (a pipe, a script) nobody can answer, so the answer is no.
 */
export function terminalConsentPrompter(options: TerminalConsentOptions = {}): ConsentPrompter {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stderr;
  return async (request, signal) => {
    if (!input.isTTY) {
      output.write(
        `baton: ${request.modelId} would need your consent, but there is no terminal to ask in, so nothing is sent.\n` +
          '       Use --consent allow-once to send the redacted text anyway.\n',
      );
      return 'deny';
    }
    output.write(describeConsentRequest(request));
    const reader = createInterface({ input, output, terminal: true });
    try {
      const answer = await reader.question('Send it? [o]nce / this [c]onversation / [N]o: ', { signal });
      return parseConsentAnswer(answer);
    } catch (error) {
      // The gate aborts the question on timeout or cancellation; either way the answer is no.
      if (signal.aborted) {
        output.write('\n');
        return 'deny';
      }
      throw error;
    } finally {
      reader.close();
    }
  };
}

/** What the person sees before deciding: everything that would leave the machine. */
export function describeConsentRequest(request: ConsentRequest): string {
  const lines = [
    '',
    `Baton wants to send this to ${request.modelId} (${request.provider}), estimated cost at most ${formatUsd(request.estimatedCostUsd)}:`,
  ];
  const redacted = request.redactions.map(({ type, count }) => `${count} ${type}`).join(', ');
  lines.push(redacted ? `Replaced by placeholders: ${redacted}.` : 'Nothing was found to replace.');
  if (request.sensitiveTopics.length > 0) {
    lines.push(`Sensitive topics: ${request.sensitiveTopics.join(', ')} (this needs your explicit yes even though it is redacted).`);
  }
  if (request.images.length > 0) {
    lines.push(`Pictures, sent as they are (Baton cannot check them): ${request.images.map((image) => `${image.mediaType} ${Math.max(1, Math.round(image.bytes / 1024))} KB`).join(', ')}.`);
  }
  for (const warning of request.warnings) lines.push(`Note: ${warning}`);
  lines.push('');
  for (const message of request.payload) {
    lines.push(`--- ${message.role} ---`, message.content);
  }
  lines.push('---', '');
  return `${lines.join('\n')}\n`;
}

/** o / once → allow once; c / conversation → allow for this conversation; anything else → no. */
export function parseConsentAnswer(answer: string): ConsentDecision {
  const word = answer.trim().toLowerCase();
  if (word === 'o' || word === 'once' || word === 'y' || word === 'yes') return 'allow-once';
  if (word === 'c' || word === 'conversation') return 'allow-conversation';
  return 'deny';
}
