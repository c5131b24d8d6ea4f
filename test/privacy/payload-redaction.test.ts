import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../electron/core/privacy/analyzer.js';
import { findRemainingValue, redactPayload } from '../../electron/core/privacy/payload-redaction.js';
import type { Recognizer } from '../../electron/core/privacy/recognizer.js';
import { Vault } from '../../electron/core/privacy/vault.js';
import type { Span } from '../../electron/shared/privacy.js';

/**
 * A model flags a word in one context and not in another ("Rowan" only before "Hale"). Once
 * the vault holds the value, every other occurrence in the same message is redacted too, so
 * the final check finds nothing left instead of blocking the call.
 */
const contextual: Recognizer = {
  name: 'entity-classifier',
  analyze(text) {
    const spans: Span[] = [];
    for (const match of text.matchAll(/Rowan(?= Hale)/g)) spans.push({ type: 'PERSON', start: match.index, end: match.index + 5, score: 0.9, source: 'entity-classifier' });
    return spans;
  },
};

describe('payload redaction', () => {
  it('redacts other occurrences of a value its first look learned', async () => {
    const analyzer = new Analyzer([], { entityRecognizers: [contextual] });
    const vault = new Vault();
    const payload = await redactPayload([{ role: 'user', content: 'Ask Rowan first. Rowan Hale signs.' }], analyzer, vault);
    expect(payload.messages).toEqual([{ role: 'user', content: 'Ask ⟦PERSON_1⟧ first. ⟦PERSON_1⟧ Hale signs.' }]);
    expect(await findRemainingValue(payload.messages, analyzer, vault)).toBeUndefined();
  });
});
