/**
 * Whether a process with this id exists. Signal 0 checks without sending anything: ESRCH
 * means no such process; EPERM means it exists but belongs to someone else, so it is alive.
 *
 * A process id can be reused after the writer died (most likely after a reboot); such a row
 * then looks alive until that other process ends. Leaving a row 'streaming' a while longer is
 * the safe side of that mistake: marking a live writer's row as interrupted would be worse.
 */
export function isProcessAlive(pid: number): boolean {
  // 0 and negative ids address process groups, not one process.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return false;
    if (code === 'EPERM') return true;
    throw error;
  }
}
