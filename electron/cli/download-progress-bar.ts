import cliProgress from 'cli-progress';
import type { DownloadProgress } from '../core/models/model-downloader.js';

export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean };

export interface DownloadProgressBarOptions {
  /** Shown before the bar and each line; 'Downloading' by default. */
  label?: string;
  /** Draw a live bar; by default only when the stream is a terminal. */
  interactive?: boolean;
  /** Without a terminal, a line every this many percent (default 10). */
  plainStepPercent?: number;
}

export interface DownloadProgressBar {
  /** Pass as `onProgress` to downloadFile or downloadModel. */
  onProgress(progress: DownloadProgress): void;
  /** Ends the bar (leaves its last state on screen); call it after success and failure alike. */
  stop(): void;
}

const bytesPerMegabyte = 1_000_000;
/** Without a known total, a plain line every this many bytes. */
const plainStepBytes = 100 * bytesPerMegabyte;

/**
 * A live bar (MB, speed, ETA) on a terminal, and occasional plain lines anywhere else, where
 * carriage-return redraws would fill logs with noise.
 */
export function createDownloadProgressBar(
  stream: ProgressStream = process.stderr,
  options: DownloadProgressBarOptions = {},
): DownloadProgressBar {
  const label = options.label ?? 'Downloading';
  const interactive = options.interactive ?? stream.isTTY === true;
  return interactive ? createTerminalBar(label, stream) : createPlainReporter(label, options.plainStepPercent ?? 10, stream);
}

function createTerminalBar(label: string, stream: ProgressStream): DownloadProgressBar {
  let bar: cliProgress.SingleBar | undefined;
  let knownTotal = false;
  let barTotal = 0;
  return {
    onProgress(progress) {
      const payload = {
        received: megabytes(progress.receivedBytes),
        totalMegabytes: progress.totalBytes === null ? '?' : megabytes(progress.totalBytes),
        speed: megabytes(progress.bytesPerSecond),
        remaining: remainingTime(progress),
      };
      if (!bar) {
        knownTotal = progress.totalBytes !== null && progress.totalBytes > 0;
        const format = knownTotal
          ? `${label} |{bar}| {percentage}% | {received}/{totalMegabytes} MB | {speed} MB/s | ETA {remaining}`
          : `${label} | {received} MB | {speed} MB/s`;
        bar = new cliProgress.SingleBar({
          format,
          stream,
          hideCursor: true,
          barsize: 30,
          clearOnComplete: false,
          // A bar asked for on a stream that is not a terminal is drawn as occasional lines, not dropped.
          noTTYOutput: stream.isTTY !== true,
        });
        // Without a total the bar is never drawn, only the payload; 1 keeps its percentage finite.
        barTotal = knownTotal ? (progress.totalBytes ?? 1) : 1;
        bar.start(barTotal, knownTotal ? progress.receivedBytes : 0, payload);
        return;
      }
      // A total that was an estimate (the files of a NER model, before each one's size is known) is corrected.
      if (knownTotal && progress.totalBytes !== null && progress.totalBytes > 0 && progress.totalBytes !== barTotal) {
        barTotal = progress.totalBytes;
        bar.setTotal(barTotal);
      }
      bar.update(knownTotal ? progress.receivedBytes : 0, payload);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

function createPlainReporter(label: string, stepPercent: number, stream: ProgressStream): DownloadProgressBar {
  let nextMark: number | undefined;
  let finished = false;
  const print = (line: string) => stream.write(`${label}: ${line}\n`);
  return {
    onProgress(progress) {
      if (finished) return;
      const { receivedBytes, totalBytes } = progress;
      if (totalBytes !== null && totalBytes > 0) {
        const percent = Math.floor((receivedBytes / totalBytes) * 100);
        const complete = receivedBytes >= totalBytes;
        if (nextMark !== undefined && percent < nextMark && !complete) return;
        nextMark = (Math.floor(percent / stepPercent) + 1) * stepPercent;
        finished = complete;
        const detail = complete ? '' : `, ${megabytes(progress.bytesPerSecond)} MB/s, ETA ${remainingTime(progress)}`;
        print(`${percent}% (${megabytes(receivedBytes)} of ${megabytes(totalBytes)} MB${detail})`);
        return;
      }
      if (nextMark !== undefined && receivedBytes < nextMark) return;
      nextMark = (Math.floor(receivedBytes / plainStepBytes) + 1) * plainStepBytes;
      print(`${megabytes(receivedBytes)} MB (${megabytes(progress.bytesPerSecond)} MB/s)`);
    },
    stop() {
      finished = true;
    },
  };
}

function megabytes(bytes: number): string {
  return (bytes / bytesPerMegabyte).toFixed(1);
}

/** h:mm:ss or m:ss; '?' until there is a speed to go by. */
function remainingTime(progress: DownloadProgress): string {
  if (progress.totalBytes === null || progress.bytesPerSecond <= 0) return '?';
  const seconds = Math.max(0, Math.round((progress.totalBytes - progress.receivedBytes) / progress.bytesPerSecond));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}
