import { retryAfterMsFromHeaders } from './cloud-error-details.js';

/**
 * A fetch for the cloud SDKs that keeps them from waiting out a long Retry-After. Both SDKs sleep
 * as long as a 429's (or 503's) Retry-After asks before their next attempt: an hour, silently. The
 * soak found a run that waited so until its subtask timed out, and the OpenAI SDK's sleep ignores
 * the abort signal, so there a run stays without an end, and cancelling it does nothing. The
 * conductor's own limit (rateLimitMaxWaitSeconds) never saw those errors: the SDK was still asleep.
 *
 * When the wait asked for is longer than `maxWaitMs`, the answer is marked `x-should-retry: false`,
 * which both SDKs obey: the error reaches the conductor at once, with its retry-after, and the
 * conductor lets another model answer or says when the limit lifts. Shorter waits stay the SDK's.
 */
export function fetchWithRetryWaitLimit(maxWaitMs: number, baseFetch?: typeof fetch): typeof fetch {
  return async (input, init) => {
    // Read at call time, so that whatever fetch the process has then (a test's, a proxy's) is used.
    const response = await (baseFetch ?? globalThis.fetch)(input, init);
    if (response.ok) return response;
    const waitMs = retryAfterMsFromHeaders(response.headers);
    if (waitMs === undefined || waitMs <= maxWaitMs) return response;
    const headers = new Headers(response.headers);
    headers.set('x-should-retry', 'false');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

/** rateLimitMaxWaitSeconds' default, for providers made without the setting. */
export const DEFAULT_MAX_RETRY_WAIT_MS = 30_000;
