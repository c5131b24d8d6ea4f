import type { RunEvent } from '../../shared/events.js';
import type { BatonDatabase } from '../storage/database.js';

/**
 * Keeps what runs report in the run_events table, several events in one transaction: a run
 * reports a handful in the same moment (routed, redacted, asked, allowed), and a commit for each
 * cost more than the rest of a short run's bookkeeping. Events wait at most `delayMs`; where a
 * run ends, the conductor writes them with the run's end, in its transaction, so a short run's
 * events cost no commit of their own. A crash loses at most the last `delayMs` of a run's story,
 * never how it ended (the run row says). Streamed text is not kept.
 */
export class RunEventBuffer {
  private pending: RunEvent[] = [];
  private scheduled: NodeJS.Timeout | undefined;

  constructor(
    private readonly database: BatonDatabase,
    private readonly delayMs = 200,
  ) {}

  add(event: RunEvent): void {
    if (event.type === 'answer-delta' || event.type === 'subtask-delta') return;
    this.pending.push(event);
    this.scheduled ??= setTimeout(() => this.flush(), this.delayMs).unref();
  }

  /** Writes what is pending; inside a caller's transaction, as part of it. */
  flush(): void {
    if (this.scheduled) clearTimeout(this.scheduled);
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
