import { decodedStrings } from '../test/support/decoded-strings.js';
import type { RecordedRequest } from '../test/support/fake-server-common.js';

/**
 * Looks for raw personal values in what the fake cloud received: every string in a request's
 * body and its path. Requests are scanned as they come and then dropped, so that a long soak
 * does not keep them in the memory it measures.
 */
export class LeakScanner {
  private readonly secrets: string[];
  /** Each value found, with where (the path of the request that carried it). */
  readonly leaks: Array<{ secret: string; path: string }> = [];
  scanned = 0;

  constructor(secrets: Iterable<string>) {
    this.secrets = [...new Set(secrets)].filter((secret) => secret.length > 0);
  }

  /** Scans and empties the fake server's record. */
  drain(requests: RecordedRequest[]): void {
    for (const request of requests.splice(0)) {
      const text = [request.path, ...decodedStrings(request.body)].join('\n');
      for (const secret of this.secrets) {
        if (text.includes(secret)) this.leaks.push({ secret, path: request.path });
      }
      this.scanned += 1;
    }
  }
}
