/**
 * Errors that cross a boundary (provider → conductor → UI/CLI) are classes with a stable
 * `code` and a `retryable` flag, never plain strings. Vendor errors are converted to these at
 * the edge, in each provider's own files.
 */
export type BatonErrorCode =
  | 'authentication'
  | 'rate-limited'
  | 'server-error'
  | 'connection'
  | 'timeout'
  | 'aborted'
  | 'invalid-request'
  | 'model-not-found'
  | 'model-load-failed'
  | 'context-overflow'
  | 'configuration'
  | 'download-failed'
  | 'checksum-mismatch'
  | 'storage'
  /** The database is encrypted and its key is missing or does not open it (DatabaseKeyError). */
  | 'database-key'
  /** The person said no (or did not answer) to sending a payload to a cloud model. */
  | 'consent-denied'
  /** The shield failed or found a value that must not leave: the cloud call was refused. */
  | 'privacy-blocked'
  /** Baton is offline (setting or no network): nothing may leave the machine. */
  | 'offline'
  /** Today's spending limit is reached. */
  | 'budget-exceeded'
  | 'unknown';

export class BatonError extends Error {
  readonly code: BatonErrorCode;
  readonly retryable: boolean;

  constructor(code: BatonErrorCode, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BatonError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }

  /** A plain object for transports (IPC, WebSocket, --json) that cannot carry classes. */
  toJSON(): SerializedError {
    return { name: this.name, code: this.code, message: this.message, retryable: this.retryable };
  }
}

export interface SerializedError {
  name: string;
  code: BatonErrorCode;
  message: string;
  retryable: boolean;
}

/** A failed call to a model provider; `statusCode` is the HTTP status when there was one. */
export class ModelCallError extends BatonError {
  readonly provider: string;
  readonly statusCode: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    code: BatonErrorCode,
    message: string,
    details: { provider: string; statusCode?: number; retryAfterMs?: number; retryable?: boolean; cause?: unknown },
  ) {
    super(code, message, { retryable: details.retryable ?? isRetryableCode(code), cause: details.cause });
    this.name = 'ModelCallError';
    this.provider = details.provider;
    this.statusCode = details.statusCode;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/**
 * The database file is encrypted and cannot be read: its key is in neither the key file nor the
 * keychain ('missing'), the keychain cannot be reached here and there is no key file
 * ('keychain-unreachable': the key may well be there), or the key found does not open it ('wrong').
 * Nothing was changed on disk; starting afresh (startDatabaseAfresh) keeps the unreadable file
 * aside and makes a new one.
 */
export class DatabaseKeyError extends BatonError {
  readonly reason: DatabaseKeyProblem;
  readonly databasePath: string;

  constructor(reason: DatabaseKeyProblem, databasePath: string, options: { cause?: unknown; keychainProblem?: string } = {}) {
    super('database-key', databaseKeyMessage(reason, databasePath, options.keychainProblem), options);
    this.name = 'DatabaseKeyError';
    this.reason = reason;
    this.databasePath = databasePath;
  }
}

export type DatabaseKeyProblem = 'missing' | 'wrong' | 'keychain-unreachable';

function databaseKeyMessage(reason: DatabaseKeyProblem, databasePath: string, keychainProblem: string | undefined): string {
  const afresh =
    'If the key is lost, start afresh: the unreadable database is kept aside (never deleted) and a new, empty one is made.';
  if (reason === 'keychain-unreachable') {
    return (
      `The database key is missing: "${databasePath}" is encrypted, there is no key file, and the keychain cannot be reached ` +
      `here (${keychainProblem ?? 'no reason given'}). If Baton keeps its key in the keychain, open Baton where the keychain ` +
      `is unlocked (the desktop session). ${afresh}`
    );
  }
  const problem = reason === 'missing' ? 'is missing' : 'is wrong';
  return `The database key ${problem}: "${databasePath}" is encrypted and cannot be opened without its key. ${afresh}`;
}

function isRetryableCode(code: BatonErrorCode): boolean {
  return code === 'rate-limited' || code === 'server-error' || code === 'connection' || code === 'timeout';
}

/** Maps an HTTP status to Baton's error code, following the usual retry rules (408, 409, 429, 5xx). */
export function errorCodeForStatus(status: number): BatonErrorCode {
  if (status === 401 || status === 403) return 'authentication';
  if (status === 404) return 'model-not-found';
  if (status === 408) return 'timeout';
  if (status === 409) return 'server-error';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server-error';
  if (status === 413) return 'context-overflow';
  return 'invalid-request';
}

export function isBatonError(value: unknown): value is BatonError {
  return value instanceof BatonError;
}

/** Wraps anything thrown into a BatonError so callers handle one shape. */
export function toBatonError(value: unknown): BatonError {
  if (value instanceof BatonError) return value;
  if (value instanceof Error && value.name === 'AbortError') {
    return new BatonError('aborted', 'The operation was cancelled.', { cause: value });
  }
  const message = value instanceof Error ? value.message : String(value);
  const storage = storageProblem((value as { code?: unknown } | null)?.code, message);
  if (storage) return new BatonError('storage', storage, { cause: value });
  return new BatonError('unknown', message, { cause: value });
}

/**
 * What a person can do about a failed write of Baton's own data (SQLite's codes, or Node's for
 * files), or undefined for another error. SQLite rolls the failed transaction back, so what was
 * stored before stays: the message says so.
 */
function storageProblem(code: unknown, detail: string): string | undefined {
  if (typeof code !== 'string') return undefined;
  const kept = 'Nothing stored before was lost.';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return `The disk that holds Baton's data is full, so this could not be saved. Free some space and try again. ${kept}`;
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'SQLITE_CANTOPEN') {
    return `Baton's data folder cannot be written (it is read-only, or belongs to another user), so this could not be saved. Make the folder writable, or choose another with BATON_DATA_DIR. ${kept}`;
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return `Baton could not write its data to the disk (${detail}). Check the disk, then try again; \`baton doctor\` checks the database. ${kept}`;
  }
  return undefined;
}
