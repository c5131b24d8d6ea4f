/**
 * The NER half of `baton models`: the privacy shield's optional NER models (models/ner-catalog.json),
 * which are installed, which one the shield runs, and `baton models pull ID` for them.
 */
import type { Baton } from '../../core/app.js';
import { describeNerModelFolder, findInstalledNerModel, nerModelFolder } from '../../core/privacy/ner/installed-ner-model.js';
import type { NerCatalogEntry } from '../../core/privacy/ner/ner-catalog.js';
import { downloadNerModel } from '../../core/privacy/ner/ner-model-download.js';
import type { DownloadProgressBar } from '../download-progress-bar.js';
import { formatBytes } from '../format.js';

export interface NerCatalogListing extends NerCatalogEntry {
  /** `<dataDir>/ner/<id>/` holds a loadable model. */
  installed: boolean;
  /** The shield runs this one (only one NER model runs, beside the shipped classifier). */
  active: boolean;
}

export function listNerCatalog(baton: Pick<Baton, 'paths' | 'privacy'>, catalog: readonly NerCatalogEntry[]): NerCatalogListing[] {
  return catalog.map((entry) => {
    const folder = nerModelFolder(baton.paths.dataDir, entry.id);
    return { ...entry, installed: describeNerModelFolder(folder) !== undefined, active: baton.privacy.nerModelPath === folder };
  });
}

export function formatNerCatalog(listings: readonly NerCatalogListing[]): string[] {
  return formatFolderModels('NER models for the privacy shield (baton models pull ID)', listings);
}

/** A catalog of model folders under its heading: id, whether it is in use or installed (else its size), languages, licence. */
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

/** Installs a NER model with the progress bar on stderr; one result line on stdout. */
export async function pullNerModel(
  baton: Pick<Baton, 'paths' | 'settings'>,
  entry: NerCatalogEntry,
  catalog: readonly NerCatalogEntry[],
  options: { signal: AbortSignal; progress: DownloadProgressBar },
): Promise<void> {
  const folder = nerModelFolder(baton.paths.dataDir, entry.id);
  process.stderr.write(`Downloading ${entry.name} (about ${formatBytes(entry.bytes)}) from ${entry.repo} to ${folder}\n`);
  const result = await downloadNerModel(entry, baton.paths.dataDir, { signal: options.signal, onProgress: options.progress.onProgress });
  options.progress.stop();
  const how = result.skipped ? 'already installed' : result.resumed ? 'resumed and installed' : 'installed';
  process.stdout.write(`${entry.id}: ${how} (${formatBytes(result.bytes)}, ${result.files.length} files) → ${result.path}\n`);
  const used = findInstalledNerModel({ nerModelPath: baton.settings.nerModelPath, dataDir: baton.paths.dataDir, catalog });
  if (used?.path !== result.path) {
    process.stderr.write(`Note: the privacy shield runs ${used?.path ?? 'no NER model'} instead (the nerModelPath setting, or an earlier model in the catalog comes first).\n`);
  } else if (!result.skipped) {
    process.stderr.write('The privacy shield runs it beside the shipped entity classifier from the next start of Baton.\n');
  }
}
