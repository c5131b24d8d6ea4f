import { describe, expect, it } from 'vitest';
import { ProviderHealth } from '../../electron/core/orchestration/provider-health.js';

describe('ProviderHealth (a circuit breaker per cloud provider)', () => {
  it('pauses a provider after three failures in a row, tries it again after the pause, and doubles the pause when the trial fails', () => {
    let now = 0;
    const health = new ProviderHealth({ clock: () => now });
    let changes = 0;
    health.onChange(() => (changes += 1));

    health.recordFailure('openai', 'connection', 'ECONNRESET');
    health.recordFailure('openai', 'server-error', 'an HTML page instead of JSON');
    expect(health.status('openai').state).toBe('healthy');
    health.recordFailure('openai', 'connection', 'ECONNRESET');
    expect(health.status('openai')).toEqual({
      provider: 'openai',
      state: 'paused',
      reason: 'openai is paused after 3 failures in a row (ECONNRESET); tried again in 30 s',
      retryAt: 30_000,
    });
    expect(health.status('anthropic').state).toBe('healthy');

    now = 30_000;
    expect(health.status('openai').state).toBe('trial');
    health.recordFailure('openai', 'timeout', 'no answer in 60 s');
    expect(health.status('openai')).toMatchObject({ state: 'paused', retryAt: 90_000 });

    now = 90_000;
    health.recordSuccess('openai');
    expect(health.status('openai').state).toBe('healthy');
    expect(health.troubled()).toEqual([]);
    expect(changes).toBe(5);
  });

  it('counts only failures of the provider: a refused key, a bad request or a denied consent pause nothing', () => {
    const health = new ProviderHealth({ clock: () => 0 });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      health.recordFailure('openai', 'authentication', '401');
      health.recordFailure('openai', 'invalid-request', '400');
      health.recordFailure('openai', 'consent-denied', 'no');
    }
    expect(health.status('openai').state).toBe('healthy');
  });

  it('a success between failures starts the count again', () => {
    const health = new ProviderHealth({ clock: () => 0 });
    health.recordFailure('openai', 'connection', 'reset');
    health.recordFailure('openai', 'connection', 'reset');
    health.recordSuccess('openai');
    health.recordFailure('openai', 'connection', 'reset');
    health.recordFailure('openai', 'connection', 'reset');
    expect(health.status('openai').state).toBe('healthy');
  });
});
