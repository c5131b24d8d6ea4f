/**
 * The NER half of `baton models`: the privacy shield's optional NER models (models/ner-catalog.json),
 * which are installed, which one the shield runs, and `baton models pull ID` for them.
 */
import type { Baton } from '../../core/app.js';
import { describeNerModelFolder, findInstalledNerModel, nerModelFolder } from '../../core/privacy/ner/installed-ner-model.js';
import type { NerCatalogEntry } from '../../core/privacy/ner/ner-catalog.js';
import { downloadNerModel } from '../../core/privacy/ner/ner-model-download.js';
import type { DownloadProgressBar } from '../download-progress-bar.js';
import { formatFolderModels, pullFolderModel } from './folder-models.js';

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

/** Installs a NER model with the progress bar on stderr; one result line on stdout. */
export function pullNerModel(
  baton: Pick<Baton, 'paths' | 'settings'>,
  entry: NerCatalogEntry,
  catalog: readonly NerCatalogEntry[],
  options: { signal: AbortSignal; progress: DownloadProgressBar },
): Promise<void> {
  return pullFolderModel({
    entry,
    folder: nerModelFolder(baton.paths.dataDir, entry.id),
    download: (downloadOptions) => downloadNerModel(entry, baton.paths.dataDir, downloadOptions),
    ...options,
    usedPath: () => findInstalledNerModel({ nerModelPath: baton.settings.nerModelPath, dataDir: baton.paths.dataDir, catalog })?.path,
    notUsed: (used) => `Note: the privacy shield runs ${used ?? 'no NER model'} instead (the nerModelPath setting, or an earlier model in the catalog comes first).`,
    takenUp: 'The privacy shield runs it beside the shipped entity classifier from the next start of Baton.',
  });
}
