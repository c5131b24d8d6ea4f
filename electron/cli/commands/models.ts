import { createBaton } from '../../core/app.js';
import type { ModelCatalog } from '../../core/models/model-catalog.js';
import { downloadModel } from '../../core/models/model-downloader.js';
import { loadEmbeddingCatalog, type EmbeddingCatalogEntry } from '../../core/documents/embedding/embedding-catalog.js';
import { embeddingModelStates } from '../../core/documents/embedding/installed-embedding-model.js';
import { loadNerCatalog, type NerCatalogEntry } from '../../core/privacy/ner/ner-catalog.js';
import { BatonError } from '../../shared/errors.js';
import { createDownloadProgressBar } from '../download-progress-bar.js';
import { formatBytes, formatUsd } from '../format.js';
import { formatEmbeddingCatalog, pullEmbeddingModel } from './embedding-models.js';
import { formatNerCatalog, listNerCatalog, pullNerModel } from './ner-models.js';

/** `baton models`: what can run now (downloaded and configured), what can be downloaded, and the shield's NER models. */
export async function listModelsCommand(options: { json?: boolean }): Promise<void> {
  const baton = createBaton();
  try {
    const listings = await baton.registry.listModels();
    const downloaded = new Set((await baton.modelStore.list()).map((model) => model.fileName));
    const catalog = baton.catalog.models.map((entry) => ({ ...entry, downloaded: downloaded.has(entry.fileName) }));
    const ner = listNerCatalog(baton, loadNerCatalog());
    const embeddings = embeddingModelStates(baton.paths.dataDir, loadEmbeddingCatalog());
    const runtime = await baton.localProvider.runtimeInfo();
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ models: listings, catalog, ner, embeddings, runtime })}\n`);
      return;
    }
    const backend = runtime.backend === 'cpu' ? 'CPU' : `GPU (${runtime.backend})`;
    const lines: string[] = [`Local models run on: ${backend}${runtime.cpuFallbackReason ? ` — ${runtime.cpuFallbackReason}` : ''}`, '', 'Models', ''];
    for (const listing of listings) {
      const price =
        listing.locality === 'on-device' ? 'free, on this machine' : `${formatUsd(listing.pricing.inputPerMTok)} / ${formatUsd(listing.pricing.outputPerMTok)} per M tokens`;
      const state = listing.available ? '' : `  (unavailable: ${listing.unavailableReason ?? 'unknown reason'})`;
      lines.push(`  ${listing.id.padEnd(40)} ${listing.locality.padEnd(15)} ${String(listing.contextWindow).padStart(7)} ctx  ${price}${state}`);
    }
    if (listings.length === 0) lines.push('  (none)');
    lines.push('', 'Recommended local models (baton models pull ID)', '');
    for (const entry of catalog) {
      const mark = entry.downloaded ? 'downloaded' : formatBytes(entry.bytes);
      lines.push(`  ${entry.id.padEnd(40)} ${entry.parameters.padEnd(6)} ${entry.quantization.padEnd(8)} ${mark.padEnd(10)} needs ${entry.minRamGiB} GB RAM  ${entry.license}`);
    }
    lines.push(...formatNerCatalog(ner), ...formatEmbeddingCatalog(embeddings));
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await baton.close();
  }
}

/**
 * `baton models pull ID`: downloads a catalog model, or installs a NER model of the privacy
 * shield, with progress; Ctrl+C keeps what arrived for resuming.
 */
export async function pullModelCommand(id: string): Promise<void> {
  const baton = createBaton();
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  const progress = createDownloadProgressBar(process.stderr);
  try {
    const entry = baton.catalog.models.find((candidate) => candidate.id === id);
    if (!entry) {
      const nerCatalog = loadNerCatalog();
      const nerEntry = nerCatalog.find((candidate) => candidate.id === id);
      if (nerEntry) {
        await pullNerModel(baton, nerEntry, nerCatalog, { signal: controller.signal, progress });
        return;
      }
      const embeddingCatalog = loadEmbeddingCatalog();
      const embeddingEntry = embeddingCatalog.find((candidate) => candidate.id === id);
      if (!embeddingEntry) throw unknownModelError(id, baton.catalog, nerCatalog, embeddingCatalog);
      await pullEmbeddingModel(baton, embeddingEntry, embeddingCatalog, { signal: controller.signal, progress });
      return;
    }
    process.stderr.write(`Downloading ${entry.name} (${formatBytes(entry.bytes)}) to ${baton.paths.modelsDir}\n`);
    const result = await downloadModel(entry, baton.paths.modelsDir, { signal: controller.signal, onProgress: progress.onProgress });
    progress.stop();
    const how = result.skipped ? 'already downloaded and verified' : result.resumed ? 'resumed and verified' : 'downloaded and verified';
    process.stdout.write(`${entry.id}: ${how} (${formatBytes(result.bytes)}) → ${result.path}\n`);
  } finally {
    progress.stop();
    process.off('SIGINT', onInterrupt);
    await baton.close();
  }
}

function unknownModelError(id: string, catalog: ModelCatalog, nerCatalog: readonly NerCatalogEntry[], embeddingCatalog: readonly EmbeddingCatalogEntry[]): BatonError {
  const known = (ids: string[]) => ids.join(', ') || '(none)';
  return new BatonError(
    'model-not-found',
    `There is no model "${id}" in the catalogs. Local models: ${known(catalog.models.map((entry) => entry.id))}. NER models for the privacy shield: ${known(nerCatalog.map((entry) => entry.id))}. Embedding models for document search: ${known(embeddingCatalog.map((entry) => entry.id))}.`,
  );
}
