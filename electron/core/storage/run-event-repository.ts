import type { RunEvent } from '../../shared/events.js';
import type { Connection } from './connection.js';

/**
 * The `run_events` table: what each run reported, in order, so that the run view after a restart
 * shows what it showed before. Streamed text (answer and subtask deltas) is not kept: the answer
 * and each subtask's result are stored in their own rows.
 */
export class RunEventRepository {
  private readonly insertStatement;
  private readonly listStatement;

  constructor(connection: Connection) {
    // The next number is counted in the insert itself: two writers (the app and the CLI) never
    // share a run, and one insert is one statement, so no number is taken twice.
    this.insertStatement = connection.prepare<[{ runId: string; event: string }]>(
      `INSERT INTO run_events (run_id, sequence, event)
       VALUES (@runId, (SELECT coalesce(max(sequence), 0) + 1 FROM run_events WHERE run_id = @runId), @event)`,
    );
    this.listStatement = connection.prepare<[string], string>('SELECT event FROM run_events WHERE run_id = ? ORDER BY sequence').pluck();
  }

  append(event: RunEvent): void {
    this.insertStatement.run({ runId: event.runId, event: JSON.stringify(event) });
  }

  listByRun(runId: string): RunEvent[] {
    return this.listStatement.all(runId).map((text) => JSON.parse(text) as RunEvent);
  }
}
