import type { RunEvent } from '../../shared/events.js';
import type { BatonDatabase } from '../storage/database.js';

/**
 * Keeps what runs report in the run_events table, several events in one transaction: a run
 * reports a handful in the same moment (routed, redacted, asked, allowed), and a commit for each
 * cost more than the rest of a short run's bookkeeping. Events wait at most until the event loop
 * turns, and `flush` writes them at once where a run ends. Streamed text is not kept.
 */
export class RunEventBuffer {
  private pending: RunEvent[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  constructor(private readonly database: BatonDatabase) {}

  add(event: RunEvent): void {
    if (event.type === 'answer-delta' || event.type === 'subtask-delta') return;
    this.pending.push(event);
    this.scheduled ??= setImmediate(() => this.flush());
  }

  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const events = this.pending;
    this.pending = [];
    if (events.length === 0) return;
    try {
      this.database.connection.transaction(() => {
        for (const event of events) this.database.runEvents.append(event);
      })();
    } catch {
      // The runs' rows say how they ended; only these steps of their story are missing.
    }
  }
}
