import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { BatonDatabase } from '../storage/database.js';

/** Money spent, as the conductor reports it after a run. */
export interface SpendingReport {
  runUsd: number;
  conversationUsd: number;
  /** Since local midnight, all conversations (runs of other processes included once they finish). */
  todayUsd: number;
  dailyBudgetUsd: number | null;
  /** null when there is no daily budget. */
  budgetLeftUsd: number | null;
}

/**
 * What has been spent today and per conversation: finished runs from the database, plus what
 * runs of this process still in flight have spent so far (their rows say 0 until they finish).
 * The router asks `budgetLeftUsd` before every routing decision.
 */
export class SpendingLedger {
  private readonly since: Statement<[string], number>;
  private readonly byConversation: Statement<[string], number>;
  private readonly inFlight = new Map<string, { conversationId: string; usd: number }>();

  constructor(
    database: BatonDatabase,
    /** Milliseconds since the epoch; decides where "today" starts (local midnight). */
    private readonly clock: () => number = Date.now,
  ) {
    // Finished runs only: a run of this process still running is counted from memory instead.
    this.since = database.connection
      .prepare<[string], number>("SELECT TOTAL(cost_usd) FROM runs WHERE started_at >= ? AND status != 'running'")
      .pluck();
    this.byConversation = database.connection
      .prepare<[string], number>("SELECT TOTAL(cost_usd) FROM runs WHERE conversation_id = ? AND status != 'running'")
      .pluck();
  }

  /** A run of this process spent `usd` more. */
  add(runId: string, conversationId: string, usd: number): void {
    const entry = this.inFlight.get(runId) ?? { conversationId, usd: 0 };
    entry.usd += usd;
    this.inFlight.set(runId, entry);
  }

  /** The run's row now holds its cost. */
  settle(runId: string): void {
    this.inFlight.delete(runId);
  }

  spentTodayUsd(): number {
    return (this.since.get(startOfLocalDay(this.clock())) ?? 0) + sum([...this.inFlight.values()].map((entry) => entry.usd));
  }

  spentInConversationUsd(conversationId: string): number {
    const running = [...this.inFlight.values()].filter((entry) => entry.conversationId === conversationId);
    return (this.byConversation.get(conversationId) ?? 0) + sum(running.map((entry) => entry.usd));
  }

  /** null: no budget. Can be negative when a call cost more than estimated. `spentToday`: when the caller just read it. */
  budgetLeftUsd(dailyBudgetUsd: number | null, spentToday?: number): number | null {
    return dailyBudgetUsd === null ? null : dailyBudgetUsd - (spentToday ?? this.spentTodayUsd());
  }
}

/** Local midnight of the day `now` falls in, as the ISO string the runs table stores. */
export function startOfLocalDay(now: number): string {
  const day = new Date(now);
  day.setHours(0, 0, 0, 0);
  return day.toISOString();
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
