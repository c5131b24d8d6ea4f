import { runHealthChecks, type HealthCheck } from '../../core/diagnostics/health-checks.js';
import { resolvePaths } from '../../core/paths.js';
import { settingsSchema } from '../../core/settings.js';
import { openDatabase, startDatabaseAfresh, type BatonDatabase } from '../../core/storage/database.js';
import { keychainAccount, keychainService } from '../../core/storage/encryption/keychain.js';
import { DatabaseKeyError } from '../../shared/errors.js';

/**
 * `baton doctor`: where Baton keeps its data and how the database is protected (the key in the
 * OS keychain, or in a key file where no keychain works), then what works and what does not, each
 * with its fix (health-checks.ts). `--start-afresh` is the way out of a lost key: the unreadable
 * database is kept aside and a new one is made. Exit code 1 when a check found a problem.
 */
export async function doctorCommand(options: { json?: boolean; startAfresh?: boolean; checkKeys?: boolean }): Promise<void> {
  const paths = resolvePaths();
  let database: BatonDatabase;
  let asidePath: string | null = null;
  try {
    if (options.startAfresh) ({ database, asidePath } = startDatabaseAfresh(paths.databasePath));
    else database = openDatabase(paths.databasePath);
  } catch (error) {
    if (!(error instanceof DatabaseKeyError)) throw error;
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ dataDir: paths.dataDir, databasePath: paths.databasePath, error: error.toJSON(), reason: error.reason })}\n`);
    } else {
      process.stdout.write(`Data folder: ${paths.dataDir}\nDatabase:    ${paths.databasePath}\n\n${error.message}\n`);
      process.stdout.write('To start afresh: baton doctor --start-afresh\n');
    }
    process.exitCode = 3;
    return;
  }
  try {
    const encryption = database.encryption!;
    const settings = settingsSchema.parse(database.settings.all());
    const checks = await runHealthChecks({ paths, database, settings, environment: process.env, checkCloudKeys: options.checkKeys === true });
    if (checks.some((check) => check.state === 'problem')) process.exitCode = 1;
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ dataDir: paths.dataDir, databasePath: paths.databasePath, encryption, setAsidePath: asidePath, checks })}\n`);
      return;
    }
    const keyPlace =
      encryption.keyStorage === 'keychain' ? `the OS keychain (${keychainService} / ${keychainAccount})` : `the key file ${encryption.keyFilePath}`;
    const lines = [
      `Data folder: ${paths.dataDir}`,
      `Database:    ${paths.databasePath}`,
      `Encryption:  SQLCipher 4 (AES-256), key in ${keyPlace}`,
    ];
    if (encryption.encryptedPlaintextDatabase) lines.push('', 'The database was written unencrypted by an earlier Baton; it is encrypted now.');
    if (encryption.notice) lines.push('', encryption.notice);
    if (asidePath) lines.push('', `Started afresh: the unreadable database is kept at ${asidePath}.`);
    lines.push('', ...checks.map(describeCheck));
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    database.close();
  }
}

const stateMarks: Record<HealthCheck['state'], string> = { ok: 'ok     ', warning: 'warning', problem: 'PROBLEM' };

function describeCheck(check: HealthCheck): string {
  return `${stateMarks[check.state]}  ${check.name}: ${check.detail}${check.fix ? ` — fix: ${check.fix}` : ''}`;
}
