import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { consentPrompterFor, describeConsentRequest, parseConsentAnswer, terminalConsentPrompter } from '../../electron/cli/consent-prompt.js';
import type { ConsentRequest } from '../../electron/shared/privacy.js';

const request: ConsentRequest = {
  id: 'request-1',
  conversationId: 'conversation-1',
  provider: 'anthropic',
  modelId: 'anthropic:claude-haiku-4-5',
  payload: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Write to ⟦EMAIL_1⟧ about my diagnosis.' },
  ],
  placeholders: [{ placeholder: '⟦EMAIL_1⟧', type: 'EMAIL', value: 'ann@example.com', releasable: false }],
  estimatedCostUsd: 0.000512,
  redactions: [{ type: 'EMAIL', count: 1 }],
  sensitiveTopics: ['health'],
  warnings: ['No NER model is installed: names, places and organisations are not detected.'],
  images: [],
};

/** A stream that claims to be a terminal, and collects what is written to the "screen". */
function terminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => {
    shown += chunk.toString();
  });
  return { input, output, shown: () => shown };
}

describe('terminal consent prompt', () => {
  it('shows everything that would leave the machine', () => {
    expect(describeConsentRequest(request)).toBe(
      [
        '',
        'Baton wants to send this to anthropic:claude-haiku-4-5 (anthropic), estimated cost at most $0.000512:',
        'Replaced by placeholders: 1 EMAIL.',
        'Sensitive topics: health (this needs your explicit yes even though it is redacted).',
        'Note: No NER model is installed: names, places and organisations are not detected.',
        '',
        '--- system ---',
        'Be brief.',
        '--- user ---',
        'Write to ⟦EMAIL_1⟧ about my diagnosis.',
        '---',
        '',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['o', 'allow-once'],
    ['Once', 'allow-once'],
    ['y', 'allow-once'],
    ['c', 'allow-conversation'],
    [' conversation ', 'allow-conversation'],
    ['', 'deny'],
    ['n', 'deny'],
    ['sure', 'deny'],
  ] as const)('answer %j → %s', (answer, decision) => {
    expect(parseConsentAnswer(answer)).toBe(decision);
  });

  it('asks in a terminal and returns the answer', async () => {
    const { input, output, shown } = terminal();
    const pending = terminalConsentPrompter({ input, output })(request, new AbortController().signal);
    input.write('c\n');
    expect(await pending).toBe('allow-conversation');
    expect(shown()).toContain('Write to ⟦EMAIL_1⟧ about my diagnosis.');
    expect(shown()).toContain('Send it? [o]nce / this [c]onversation / [N]o: ');
  });

  it('denies when the question is aborted (timeout or cancelled run)', async () => {
    const { input, output } = terminal();
    const controller = new AbortController();
    const pending = terminalConsentPrompter({ input, output })(request, controller.signal);
    controller.abort();
    expect(await pending).toBe('deny');
  });

  it('denies without a terminal, and says how to allow', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk: Buffer) => {
      shown += chunk.toString();
    });
    expect(await terminalConsentPrompter({ input, output })(request, new AbortController().signal)).toBe('deny');
    expect(shown).toContain('there is no terminal to ask in, so nothing is sent');
    expect(shown).toContain('--consent allow-once');
  });

  it('--consent allow-once and deny answer without asking', async () => {
    const signal = new AbortController().signal;
    expect(await consentPrompterFor('allow-once')(request, signal)).toBe('allow-once');
    expect(await consentPrompterFor('deny')(request, signal)).toBe('deny');
  });
});
