import type { Clock } from './clock.js';
import type { Connection } from './connection.js';
import { isProcessAlive } from './process-liveness.js';

/** What one recovery pass changed. */
export interface RecoveryReport {
  /** Messages that were 'streaming' when their writer died, now 'incomplete'. */
  messages: number;
  /** Runs that were 'running' when their writer died, now 'interrupted'. */
  runs: number;
  /** Pending or running subtasks of those runs, now 'cancelled'. */
  subtasks: number;
}

/**
 * Finds work whose writing process is gone (crash, kill, power loss) and closes it:
 * a 'streaming' message becomes 'incomplete' with the text it had (the partial answer stays
 * readable), a 'running' run becomes 'interrupted', and its unfinished subtasks 'cancelled'
 * (pending ones too: nothing will ever run them). Rows of a live process, such as the desktop
 * app while the CLI opens the same database, are left alone.
 */
export function recoverInterruptedWork(
  connection: Connection,
  clock: Clock,
  isAlive: (pid: number) => boolean = isProcessAlive,
): RecoveryReport {
  const streamingWriters = connection.prepare<[], number | null>(
    "SELECT DISTINCT writer_pid FROM messages WHERE status = 'streaming'",
  );
  const runningWriters = connection.prepare<[], number | null>(
    "SELECT DISTINCT writer_pid FROM runs WHERE status = 'running'",
  );
  // `IS` rather than `=`: a row without a writer (NULL) has no process to wait for either.
  const closeMessages = connection.prepare<[{ pid: number | null; now: string }]>(
    `UPDATE messages SET status = 'incomplete', writer_pid = NULL, updated_at = @now
     WHERE status = 'streaming' AND writer_pid IS @pid`,
  );
  const cancelSubtasks = connection.prepare<[{ pid: number | null; now: string }]>(
    `UPDATE subtasks
     SET status = 'cancelled', finished_at = CASE WHEN status = 'running' THEN @now ELSE finished_at END
     WHERE status IN ('pending', 'running')
       AND run_id IN (SELECT id FROM runs WHERE status = 'running' AND writer_pid IS @pid)`,
  );
  const closeRuns = connection.prepare<[{ pid: number | null; now: string }]>(
    `UPDATE runs SET status = 'interrupted', writer_pid = NULL, finished_at = @now
     WHERE status = 'running' AND writer_pid IS @pid`,
  );

  const recover = connection.transaction((): RecoveryReport => {
    const report: RecoveryReport = { messages: 0, runs: 0, subtasks: 0 };
    // Read the clock only when there is something to close: one time stamp for the whole pass.
    let stamp: string | undefined;
    const now = (): string => (stamp ??= clock());
    const dead = (pid: number | null): boolean => pid === null || !isAlive(pid);
    for (const pid of streamingWriters.pluck().all().filter(dead)) {
      report.messages += closeMessages.run({ pid, now: now() }).changes;
    }
    for (const pid of runningWriters.pluck().all().filter(dead)) {
      report.subtasks += cancelSubtasks.run({ pid, now: now() }).changes;
      report.runs += closeRuns.run({ pid, now: now() }).changes;
    }
    return report;
  });
  // IMMEDIATE: hold the write lock from the first read, so the rows we judged are the rows we change.
  return recover.immediate();
}
