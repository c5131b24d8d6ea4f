/**
 * Installs a model of models/ner-catalog.json into `<dataDir>/ner/<id>/`, where
 * installed-ner-model.ts finds it (see hub-model-download.ts). Its files wait in
 * `<dataDir>/ner/.partial/<id>/` until every one is complete.
 */
import { join } from 'node:path';
import { downloadHubModel, type HubModelDownloadOptions, type HubModelDownloadResult } from '../../models/hub-model-download.js';
import { nerModelFolder, nerModelsFolder } from './installed-ner-model.js';
import { nerModelFiles, type NerCatalogEntry } from './ner-catalog.js';

/** Where the files of a pull wait until all of them are complete. */
export function nerModelStagingFolder(dataDir: string, id: string): string {
  return join(nerModelsFolder(dataDir), '.partial', id);
}

/** Downloads every file of `entry` and installs the model at `<dataDir>/ner/<id>/`. */
export function downloadNerModel(entry: NerCatalogEntry, dataDir: string, options: HubModelDownloadOptions = {}): Promise<HubModelDownloadResult> {
  return downloadHubModel(
    {
      id: entry.id,
      repo: entry.repo,
      files: nerModelFiles(entry),
      onnxFile: entry.onnxFile,
      bytes: entry.bytes,
      target: nerModelFolder(dataDir, entry.id),
      staging: nerModelStagingFolder(dataDir, entry.id),
      noun: 'NER model',
    },
    options,
  );
}
