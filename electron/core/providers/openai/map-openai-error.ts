import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai/error';
import { errorCodeForStatus, ModelCallError, type BatonErrorCode } from '../../../shared/errors.js';
import { describeCloudError, isNetworkFailure, retryAfterMsFromHeaders, rootCauseMessage } from '../cloud-error-details.js';

/** Who was called, for the error's `provider` and for a message a person can act on. */
export interface OpenAIErrorContext {
  /** 'openai' or 'compatible'. */
  provider: string;
  /** "OpenAI", or "the server ollama (http://127.0.0.1:11434/v1)". */
  vendor: string;
  /** Where a person fixes a rejected key. */
  keyHint: string;
}

/**
 * OpenAI's error `type` or `code` → Baton's code, for an error sent inside a stream after a 200
 * (there is no HTTP status to go by then).
 */
const codeForErrorKind: Record<string, BatonErrorCode> = {
  server_error: 'server-error',
  rate_limit_exceeded: 'rate-limited',
  requests: 'rate-limited',
  tokens: 'rate-limited',
  invalid_api_key: 'authentication',
  authentication_error: 'authentication',
  model_not_found: 'model-not-found',
  context_length_exceeded: 'context-overflow',
  invalid_request_error: 'invalid-request',
};

/** Anything the OpenAI SDK (or the network under it) throws → a ModelCallError with the right code. */
export function mapOpenAIError(error: unknown, context: OpenAIErrorContext): ModelCallError {
  const { provider } = context;
  const describe = (code: BatonErrorCode, statusCode: number | undefined, detail: string | undefined): string =>
    describeCloudError(code, { vendor: context.vendor, statusCode, detail, keyHint: context.keyHint });

  if (error instanceof ModelCallError) return error;
  if (error instanceof APIUserAbortError) {
    return new ModelCallError('aborted', describe('aborted', undefined, undefined), { provider, retryable: false, cause: error });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new ModelCallError('timeout', describe('timeout', undefined, error.message), { provider, cause: error });
  }
  if (error instanceof APIConnectionError) {
    const reason = rootCauseMessage(error);
    return new ModelCallError('connection', describe('connection', undefined, reason), { provider, cause: error });
  }
  if (error instanceof APIError) {
    const detail = vendorMessage(error);
    // A 429 for an exhausted quota will not go away by waiting, unlike a rate limit.
    if (error.code === 'insufficient_quota') {
      const vendor = context.vendor.charAt(0).toUpperCase() + context.vendor.slice(1);
      return new ModelCallError('rate-limited', `${vendor} has no quota left for this key (${detail}); check the account's billing.`, {
        provider,
        statusCode: error.status,
        retryable: false,
        cause: error,
      });
    }
    const code = codeOf(error);
    return new ModelCallError(code, describe(code, error.status, detail), {
      provider,
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
      provider,
      statusCode: 200,
      cause: error,
    });
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new ModelCallError('aborted', describe('aborted', undefined, undefined), { provider, retryable: false, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ModelCallError('unknown', describe('unknown', undefined, message), { provider, retryable: false, cause: error });
}

function codeOf(error: APIError): BatonErrorCode {
  if (error.code === 'context_length_exceeded') return 'context-overflow';
  if (error.status !== undefined) return errorCodeForStatus(error.status);
  return codeForErrorKind[error.code ?? ''] ?? codeForErrorKind[error.type ?? ''] ?? 'unknown';
}

/** The server's own words: `error.message` of the body, without the SDK's status prefix. */
function vendorMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : error.message;
}
