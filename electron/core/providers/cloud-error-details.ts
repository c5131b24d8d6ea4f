import { ModelCallError, type BatonError, type BatonErrorCode } from '../../shared/errors.js';

/**
 * Vendor-neutral pieces of turning a failed cloud call into a ModelCallError, shared by the
 * Anthropic and OpenAI error mappers (which own the vendor-specific parts).
 */

const networkErrorCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Whether an error is the network failing rather than the server answering: Node's fetch (undici)
 * reports a socket closed in the middle of a body as `TypeError: terminated` whose cause is a
 * SocketError (`UND_ERR_SOCKET`), and a refused connection as `TypeError: fetch failed`.
 */
export function isNetworkFailure(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('UND_ERR') || networkErrorCodes.has(code))) return true;
    if (current.name === 'TypeError' && (current.message === 'terminated' || current.message === 'fetch failed')) return true;
  }
  return false;
}

/**
 * The most specific message in an error's cause chain: fetch says "fetch failed", its cause says
 * "connect ECONNREFUSED 127.0.0.1:11434", which is what a person needs to see.
 */
export function rootCauseMessage(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    if (current.message) message = current.message;
    // Happy-eyeballs connects fail with an AggregateError whose message can be empty.
    if (current instanceof AggregateError && !current.message && current.errors[0] instanceof Error) message = current.errors[0].message;
  }
  return message;
}

/** What the server asked to wait before a retry: `retry-after-ms`, else `retry-after` in seconds or as an HTTP date. */
export function retryAfterMsFromHeaders(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const milliseconds = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const retryAfter = headers.get('retry-after');
  if (!retryAfter) return undefined;
  const seconds = Number.parseFloat(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export interface CloudErrorContext {
  /** How a person knows the service: "Anthropic", "OpenAI", "the server ollama (http://...)". */
  vendor: string;
  statusCode: number | undefined;
  /** The vendor's own explanation, if it sent one. */
  detail: string | undefined;
  /** Where a person fixes a rejected key, e.g. "Settings or ANTHROPIC_API_KEY". */
  keyHint: string;
}

/** A message a person can act on, for each kind of failure. */
export function describeCloudError(code: BatonErrorCode, context: CloudErrorContext): string {
  // The vendor starts most sentences: "the server ollama (...)" must read "The server ollama (...)".
  const vendor = context.vendor.charAt(0).toUpperCase() + context.vendor.slice(1);
  const status = context.statusCode === undefined ? '' : `${context.statusCode}`;
  const detail = context.detail ? `${status ? `${status}: ` : ''}${context.detail}` : status || 'no details';
  switch (code) {
    case 'authentication':
      return `${vendor} rejected the API key (${detail}). Check the key in ${context.keyHint}.`;
    case 'rate-limited':
      return `${vendor} is rate limiting requests (${detail}); try again later.`;
    case 'server-error':
      return `${vendor} had a server error (${detail}).`;
    case 'model-not-found':
      return `${vendor} does not offer this model (${detail}).`;
    case 'context-overflow':
      return `The prompt is too long for the model at ${context.vendor} (${detail}).`;
    case 'timeout':
      return `${vendor} did not answer in time (${detail}).`;
    case 'connection':
      return `The connection to ${context.vendor} failed (${detail}).`;
    case 'aborted':
      return `The call to ${context.vendor} was cancelled.`;
    case 'invalid-request':
      return `${vendor} refused the request (${detail}).`;
    default:
      return `The call to ${context.vendor} failed (${detail}).`;
  }
}

/**
 * Whether a failed call never reached its server: only that can mean the network is gone. A
 * server that answered (an HTML page where the API should be, a stream cut after its 200)
 * carries its status, and is its provider's trouble; the soak found two such answers from two
 * providers taking Baton offline while the network was fine.
 */
export function couldNotReachServer(error: BatonError): boolean {
  return error.code === 'connection' && !(error instanceof ModelCallError && error.statusCode !== undefined);
}
