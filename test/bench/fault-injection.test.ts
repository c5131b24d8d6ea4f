import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../support/fake-server-common.js';
import { faultChooser, soakFaultRates } from '../support/fault-injection.js';

const noFaults = { droppedConnection: 0, htmlPage: 0, rateLimited: 0, slowStreamCut: 0 };

function request(text: string): RecordedRequest {
  return { method: 'POST', path: '/v1/messages', headers: {}, body: { messages: [{ role: 'user', content: text }] } };
}

describe('fault injection of the fake cloud servers', () => {
  it('without faults every request gets the normal answer; with a rate of 1 every request gets that fault', () => {
    const calm = faultChooser({ seed: 1, rates: noFaults, answer: () => ({ kind: 'text', text: 'Fine.' }) });
    expect(calm.choose(request('a'))).toEqual({ kind: 'text', text: 'Fine.' });
    expect(faultChooser({ seed: 1, rates: { ...noFaults, droppedConnection: 1 } }).choose(request('a'))).toEqual({ kind: 'reset' });
    expect(faultChooser({ seed: 1, rates: { ...noFaults, htmlPage: 1 } }).choose(request('a'))).toMatchObject({ kind: 'html' });
    expect(faultChooser({ seed: 1, rates: { ...noFaults, rateLimited: 1 } }).choose(request('a'))).toMatchObject({ kind: 'error', status: 429 });
    expect(faultChooser({ seed: 1, rates: { ...noFaults, slowStreamCut: 1 } }).choose(request('a'))).toMatchObject({ kind: 'drop', afterChunks: 2, delayMsPerChunk: 150 });
  });

  it('the choice depends on the seed, the body and the attempt, never on the order requests arrive in', () => {
    const bodies = Array.from({ length: 200 }, (_, index) => `request ${index}`);
    const inOrder = faultChooser({ seed: 15, rates: soakFaultRates });
    const reversed = faultChooser({ seed: 15, rates: soakFaultRates });
    const forward = bodies.map((body) => inOrder.choose(request(body)));
    const backward = [...bodies].reverse().map((body) => reversed.choose(request(body)));
    expect(backward.reverse()).toEqual(forward);
    expect(inOrder.counts()).toEqual(reversed.counts());
    // A retry of the same body is a new draw (a dropped connection is not dropped forever).
    const retries = faultChooser({ seed: 15, rates: soakFaultRates });
    const attempts = Array.from({ length: 50 }, () => retries.choose(request('the same body'))?.kind ?? 'answer');
    expect(new Set(attempts).size).toBeGreaterThan(1);
    // Another seed, other faults.
    const otherSeed = faultChooser({ seed: 16, rates: soakFaultRates });
    expect(bodies.map((body) => otherSeed.choose(request(body)))).not.toEqual(forward);
  });
});
