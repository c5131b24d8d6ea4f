import { afterEach, describe, expect, it } from 'vitest';
import { SpendingLedger, startOfLocalDay } from '../../electron/core/orchestration/budget.js';
import { OfflineState } from '../../electron/core/orchestration/offline-state.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';

let database: BatonDatabase;
afterEach(() => database?.close());

function finishedRun(conversationId: string, costUsd: number): void {
  const user = database.messages.append({ conversationId, role: 'user', content: 'q' });
  const assistant = database.messages.append({ conversationId, role: 'assistant', content: 'a' });
  const run = database.runs.start({ conversationId, userMessageId: user.id, assistantMessageId: assistant.id });
  database.runs.finish(run.id, { status: 'finished', inputTokens: 1, outputTokens: 1, costUsd });
}

describe('SpendingLedger', () => {
  it('adds finished runs of today and what running runs have spent so far', () => {
    database = openDatabase(':memory:');
    const conversation = database.conversations.create({ title: 'a' });
    const other = database.conversations.create({ title: 'b' });
    finishedRun(conversation.id, 0.25);
    finishedRun(other.id, 0.5);
    const ledger = new SpendingLedger(database);
    ledger.add('running-run', conversation.id, 0.1);
    expect(ledger.spentTodayUsd()).toBeCloseTo(0.85);
    expect(ledger.spentInConversationUsd(conversation.id)).toBeCloseTo(0.35);
    expect(ledger.budgetLeftUsd(1)).toBeCloseTo(0.15);
    expect(ledger.budgetLeftUsd(null)).toBeNull();
    ledger.settle('running-run');
    expect(ledger.spentTodayUsd()).toBeCloseTo(0.75);
  });

  it('counts from local midnight', () => {
    database = openDatabase(':memory:');
    const conversation = database.conversations.create({ title: 'a' });
    finishedRun(conversation.id, 0.25);
    const tomorrow = new SpendingLedger(database, () => Date.now() + 24 * 3600 * 1000);
    expect(tomorrow.spentTodayUsd()).toBe(0);
    const midnight = new Date(startOfLocalDay(Date.now()));
    expect([midnight.getHours(), midnight.getMinutes()]).toEqual([0, 0]);
  });
});

describe('OfflineState', () => {
  it('is offline by setting, or for a while after a network failure', () => {
    let setting = false;
    let now = 1_000;
    const changes: boolean[] = [];
    const state = new OfflineState({ setting: () => setting, recheckMs: () => 60_000, clock: () => now });
    state.onChange((status) => changes.push(status.offline));
    expect(state.status().offline).toBe(false);
    state.markUnreachable('ECONNREFUSED');
    expect(state.status()).toEqual({ offline: true, source: 'automatic', reason: 'the network is unreachable (ECONNREFUSED)' });
    now += 60_001;
    expect(state.status().offline).toBe(false);
    state.markUnreachable('ENOTFOUND');
    state.markReachable();
    expect(state.status().offline).toBe(false);
    setting = true;
    expect(state.status()).toMatchObject({ offline: true, source: 'setting' });
    expect(changes).toEqual([true, false, true, false]);
  });

  it('one provider that cannot be reached is not "offline"; two, or no network interface up, is', () => {
    let now = 1_000;
    let interfacesUp = true;
    const state = new OfflineState({ setting: () => false, recheckMs: () => 60_000, clock: () => now, networkInterfacesUp: () => interfacesUp });
    state.noteConnectionFailure('openai', 'ECONNRESET');
    state.noteConnectionFailure('openai', 'ECONNRESET');
    expect(state.status().offline).toBe(false);
    state.noteConnectionFailure('anthropic', 'ENOTFOUND');
    expect(state.status()).toEqual({ offline: true, source: 'automatic', reason: 'the network is unreachable (openai: ECONNRESET; anthropic: ENOTFOUND)' });

    // Long after: the old failure no longer counts; with no interface up, one failure is enough.
    now += 120_000;
    state.markReachable();
    state.noteConnectionFailure('openai', 'ECONNRESET');
    expect(state.status().offline).toBe(false);
    interfacesUp = false;
    state.noteConnectionFailure('openai', 'ENETUNREACH');
    expect(state.status()).toMatchObject({ offline: true, reason: 'the network is unreachable (no network interface is up; openai: ENETUNREACH)' });
  });
});
