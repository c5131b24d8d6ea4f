import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk/error';
import { errorCodeForStatus, ModelCallError, type BatonErrorCode } from '../../../shared/errors.js';
import { describeCloudError, isNetworkFailure, retryAfterMsFromHeaders, rootCauseMessage } from '../cloud-error-details.js';

const PROVIDER = 'anthropic';
const VENDOR = 'Anthropic';
const KEY_HINT = 'Settings or ANTHROPIC_API_KEY';

/**
 * Anthropic's error `type` → Baton's code. Used when there is no HTTP status to go by: an `error`
 * event in the middle of a stream (for example `overloaded_error`) arrives after a 200.
 */
const codeForErrorType: Record<string, BatonErrorCode> = {
  authentication_error: 'authentication',
  permission_error: 'authentication',
  not_found_error: 'model-not-found',
  rate_limit_error: 'rate-limited',
  api_error: 'server-error',
  overloaded_error: 'server-error',
  timeout_error: 'timeout',
  request_too_large: 'context-overflow',
  invalid_request_error: 'invalid-request',
};

/** Anything the Anthropic SDK (or the network under it) throws → a ModelCallError with the right code. */
export function mapAnthropicError(error: unknown): ModelCallError {
  if (error instanceof ModelCallError) return error;
  if (error instanceof APIUserAbortError) {
    return new ModelCallError('aborted', describe('aborted', undefined, undefined), { provider: PROVIDER, retryable: false, cause: error });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new ModelCallError('timeout', describe('timeout', undefined, error.message), { provider: PROVIDER, cause: error });
  }
  if (error instanceof APIConnectionError) {
    const reason = rootCauseMessage(error);
    return new ModelCallError('connection', describe('connection', undefined, reason), { provider: PROVIDER, cause: error });
  }
  if (error instanceof APIError) {
    const detail = error.apiMessage ?? error.message;
    const code = codeOf(error.status, error.type, detail);
    return new ModelCallError(code, describe(code, error.status, detail), {
      provider: PROVIDER,
      statusCode: error.status,
      retryAfterMs: retryAfterMsFromHeaders(error.headers),
      cause: error,
    });
  }
  if (isNetworkFailure(error)) {
    // The SDK passes errors from reading the response body through unwrapped: this is a stream
    // whose socket closed before the answer was complete. Its status (200) says the server was
    // reached: this is the provider's trouble, not a sign that the network is gone.
    return new ModelCallError('connection', describe('connection', undefined, 'the connection closed before the answer was complete'), {
      provider: PROVIDER,
      statusCode: 200,
      cause: error,
    });
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new ModelCallError('aborted', describe('aborted', undefined, undefined), { provider: PROVIDER, retryable: false, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ModelCallError('unknown', describe('unknown', undefined, message), { provider: PROVIDER, retryable: false, cause: error });
}

function codeOf(status: number | undefined, type: string | null, detail: string): BatonErrorCode {
  if (status === 400 && /prompt is too long|context window|too many tokens/i.test(detail)) return 'context-overflow';
  if (status !== undefined) return errorCodeForStatus(status);
  return (type ? codeForErrorType[type] : undefined) ?? 'unknown';
}

function describe(code: BatonErrorCode, statusCode: number | undefined, detail: string | undefined): string {
  return describeCloudError(code, { vendor: VENDOR, statusCode, detail, keyHint: KEY_HINT });
}
