import { ModelCallError } from '../../shared/errors.js';

/**
 * A streaming call answered with status 200 and an HTML page: a network sign-in page (hotel,
 * train) or a proxy that stands where the API should be. The SDKs read it as an event stream
 * that holds no events and end quietly, which looked like a connection cut mid-answer (the soak
 * found it). This says what it is, so a person knows where to look. Only HTML is judged: some
 * OpenAI-compatible servers send their streams without a precise content type.
 */
export function webPageInsteadOfStream(response: Response, context: { provider: string; vendor: string }): ModelCallError | undefined {
  const contentType = response.headers.get('content-type') ?? '';
  if (!/text\/html|application\/xhtml/i.test(contentType)) return undefined;
  return new ModelCallError(
    'connection',
    `${context.vendor} answered with a web page instead of its API's stream: a network sign-in page or a proxy may be in the way. Open a web page in a browser to check, or try another network.`,
    // Asking again at once brings the same page back.
    { provider: context.provider, statusCode: response.status, retryable: false },
  );
}
