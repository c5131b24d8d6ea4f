import { join } from 'node:path';
import envPaths from 'env-paths';

export interface BatonPaths {
  /** Database, settings and logs. */
  dataDir: string;
  /** Downloaded GGUF weights. */
  modelsDir: string;
  databasePath: string;
  /** The user's overrides of models/pricing.json. */
  pricingOverridePath: string;
}

/**
 * Folders follow the OS conventions (XDG on Linux, ~/Library/Application Support on macOS,
 * %APPDATA% on Windows); BATON_DATA_DIR and BATON_MODELS_DIR move them.
 */
export function resolvePaths(environment: NodeJS.ProcessEnv = process.env): BatonPaths {
  const conventional = envPaths('baton', { suffix: '' });
  const dataDir = environment.BATON_DATA_DIR || conventional.data;
  const modelsDir = environment.BATON_MODELS_DIR || join(dataDir, 'models');
  return {
    dataDir,
    modelsDir,
    databasePath: join(dataDir, 'baton.sqlite'),
    pricingOverridePath: join(dataDir, 'pricing.json'),
  };
}
