import { AsyncLocalStorage } from 'node:async_hooks';
import { retryAfterMsFromHeaders } from './cloud-error-details.js';

/** Who hears of the waits the SDK is about to sleep, for the cloud calls made inside `reportRetryWaits`. */
const retryWaitListeners = new AsyncLocalStorage<(waitMs: number) => void>();

/**
 * Runs `call` and tells `listener` each Retry-After the cloud SDK is about to wait out before
 * trying again (a short 429), so the run view can count down: the SDKs sleep silently, and the
 * call is made deep inside them, so the listener travels with the call's async context.
 */
export function reportRetryWaits<T>(listener: (waitMs: number) => void, call: () => Promise<T>): Promise<T> {
  return retryWaitListeners.run(listener, call);
}

/** The statuses both SDKs retry, unless the server said `x-should-retry: false`. */
function sdkRetries(response: Response): boolean {
  if (response.headers.get('x-should-retry') === 'false') return false;
  return response.status === 408 || response.status === 409 || response.status === 429 || response.status >= 500;
}

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
    if (waitMs === undefined || waitMs <= maxWaitMs) {
      // After its last attempt the SDK gives up instead: the countdown then ends with the run's next step.
      if (waitMs !== undefined && sdkRetries(response)) retryWaitListeners.getStore()?.(waitMs);
      return response;
    }
    const headers = new Headers(response.headers);
    headers.set('x-should-retry', 'false');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

/** rateLimitMaxWaitSeconds' default, for providers made without the setting. */
export const DEFAULT_MAX_RETRY_WAIT_MS = 30_000;
