import type { ApiEvent, ApiMethod, ApiRequest, ApiResponse } from '@shared/api';
import { electronTransport } from './electron-transport';
import { ApiError, type ConnectionStatus, type Transport } from './transport';
import { takeToken, websocketTransport } from './websocket-transport';

/** The typed API for the components: `api.call('chat.send', {...})` and `api.onEvent(...)`. */
export interface ApiClient {
  readonly host: 'electron' | 'web';
  call<M extends ApiMethod>(method: M, params: ApiRequest<M>): Promise<ApiResponse<M>>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}

function connect(): Transport | ApiError {
  if (window.baton) return electronTransport(window.baton);
  const token = takeToken();
  if (!token) {
    return new ApiError({ code: 'authentication', message: 'Open Baton with the address that `baton serve` printed: it carries the access token.' });
  }
  return websocketTransport(token);
}

const transport = connect();

/** Why the UI cannot reach Baton at all (no token), or null. */
export const startupError: ApiError | null = transport instanceof ApiError ? transport : null;

export const api: ApiClient = {
  host: transport instanceof ApiError ? 'web' : transport.kind,
  call(method, params) {
    if (transport instanceof ApiError) return Promise.reject(transport);
    return transport.invoke(method, params) as Promise<never>;
  },
  onEvent(listener) {
    return transport instanceof ApiError ? () => {} : transport.onEvent(listener);
  },
  onStatus(listener) {
    if (transport instanceof ApiError) {
      listener('closed');
      return () => {};
    }
    return transport.onStatus(listener);
  },
};

export { ApiError };
export type { ConnectionStatus };
