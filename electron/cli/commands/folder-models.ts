/**
 * What the NER and embedding halves of `baton models` share: a catalog of model folders listed
 * under its heading, and a pull with the progress bar on stderr and one result line on stdout.
 */
import type { HubModelDownloadOptions, HubModelDownloadResult } from '../../core/models/hub-model-download.js';
import type { DownloadProgressBar } from '../download-progress-bar.js';
import { formatBytes } from '../format.js';

/** Id, whether it is in use or installed (else its size), languages, licence. */
export function formatFolderModels(
  heading: string,
  listings: ReadonlyArray<{ id: string; active: boolean; installed: boolean; bytes: number; languages: string[]; license: string }>,
): string[] {
  const lines = ['', heading, ''];
  for (const listing of listings) {
    const state = listing.active ? 'in use' : listing.installed ? 'installed' : `~${formatBytes(listing.bytes)}`;
    lines.push(`  ${listing.id.padEnd(40)} ${state.padEnd(10)} ${listing.languages.join(' ').padEnd(30)} ${listing.license}`);
  }
  if (listings.length === 0) lines.push('  (none)');
  return lines;
}

export interface FolderModelPull {
  entry: { id: string; name: string; bytes: number; repo: string };
  folder: string;
  download(options: HubModelDownloadOptions): Promise<HubModelDownloadResult>;
  signal: AbortSignal;
  progress: DownloadProgressBar;
  /** The folder of the model in use once this one is installed (undefined: none). */
  usedPath(): string | undefined;
  /** Said when another model is in use: gets that one's folder. */
  notUsed(usedPath: string | undefined): string;
  /** Said when this one is newly installed and will be used. */
  takenUp: string;
}

/** Installs a model folder; says whether it is the one Baton will use. */
export async function pullFolderModel(pull: FolderModelPull): Promise<void> {
  const { entry } = pull;
  process.stderr.write(`Downloading ${entry.name} (about ${formatBytes(entry.bytes)}) from ${entry.repo} to ${pull.folder}\n`);
  const result = await pull.download({ signal: pull.signal, onProgress: pull.progress.onProgress });
  pull.progress.stop();
  const how = result.skipped ? 'already installed' : result.resumed ? 'resumed and installed' : 'installed';
  process.stdout.write(`${entry.id}: ${how} (${formatBytes(result.bytes)}, ${result.files.length} files) → ${result.path}\n`);
  const used = pull.usedPath();
  if (used !== result.path) process.stderr.write(`${pull.notUsed(used)}\n`);
  else if (!result.skipped) process.stderr.write(`${pull.takenUp}\n`);
}
