import { z } from 'zod';
import { apiContract, isApiMethod, type ApiMethod, type ApiParsedRequest, type ApiResponse } from '../../shared/api.js';
import { BatonError } from '../../shared/errors.js';

/** One function per API method, taking the parsed request. */
export type ApiHandlers = { [M in ApiMethod]: (request: ApiParsedRequest<M>) => Promise<ApiResponse<M>> };

/**
 * Calls a method with an untrusted payload (from a WebSocket, an IPC message): the method must be
 * in the contract and the payload must parse with its schema, else an 'invalid-request' error.
 */
export async function dispatchApiCall(handlers: ApiHandlers, method: unknown, params: unknown): Promise<unknown> {
  if (!isApiMethod(method)) {
    throw new BatonError('invalid-request', `There is no API method "${String(method).slice(0, 100)}".`);
  }
  const parsed = apiContract[method].request.safeParse(params === null ? undefined : params);
  if (!parsed.success) {
    throw new BatonError('invalid-request', `The parameters of ${method} are not valid:\n${z.prettifyError(parsed.error)}`);
  }
  const handler = handlers[method] as (request: unknown) => Promise<unknown>;
  return handler(parsed.data);
}
