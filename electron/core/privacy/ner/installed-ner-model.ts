import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeTransformersModelFolder, type TransformersModelFolder } from '../../models/transformers-model-folder.js';
import type { NerCatalogEntry } from './ner-catalog.js';

/** A NER model folder ready to load, and which of its ONNX files to use. */
export type InstalledNerModel = TransformersModelFolder;

/** Where `baton models pull` installs NER models, one folder per catalog id. */
export function nerModelsFolder(dataDir: string): string {
  return join(dataDir, 'ner');
}

/** `<dataDir>/ner/<id>/`: the folder a catalog model is installed into. */
export function nerModelFolder(dataDir: string, id: string): string {
  return join(nerModelsFolder(dataDir), id);
}

/**
 * The NER model to use: the folder named by the nerModelPath setting, else the first folder
 * under `<dataDir>/ner/` in catalog order, then any other folder there. A folder counts when it
 * has config.json, tokenizer.json and an ONNX file under onnx/; hidden folders (downloads in
 * progress live in `.partial/`) never count. Undefined when there is none.
 * A configured folder is returned even when it is incomplete: loading it then fails with a
 * message naming it, and the shield blocks cloud calls (the person asked for that model).
 */
export function findInstalledNerModel(options: { nerModelPath?: string; dataDir: string; catalog: readonly NerCatalogEntry[] }): InstalledNerModel | undefined {
  if (options.nerModelPath) return describeNerModelFolder(options.nerModelPath) ?? { path: options.nerModelPath, dtype: 'fp32' };
  const root = nerModelsFolder(options.dataDir);
  if (!existsSync(root)) return undefined;
  // statSync follows links: a model folder linked into ner/ counts like a copied one.
  const folders = readdirSync(root).filter(
    (name) => !name.startsWith('.') && (statSync(join(root, name), { throwIfNoEntry: false })?.isDirectory() ?? false),
  );
  const rank = (name: string) => {
    const index = options.catalog.findIndex((entry) => entry.id === name);
    return index === -1 ? options.catalog.length : index;
  };
  folders.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const folder of folders) {
    const found = describeNerModelFolder(join(root, folder));
    if (found) return found;
  }
  return undefined;
}

/** The folder and its dtype when it holds a loadable model (config, tokenizer, ONNX); else undefined. */
export const describeNerModelFolder = describeTransformersModelFolder;
