import { apiEventSchema, type ApiEvent } from '@shared/api';
import { serverMessageSchema } from '@shared/api-wire';
import { ApiError, type ConnectionStatus, type Transport } from './transport';

const tokenKey = 'baton.token';

/**
 * The token `baton serve` printed in the URL: read once, kept for this tab (so a reload works),
 * and taken out of the address bar.
 */
export function takeToken(): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(tokenKey, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(tokenKey);
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** The transport in a browser: one WebSocket to `baton serve`, reconnected with backoff when it drops. */
export function websocketTransport(token: string): Transport {
  const eventListeners = new Set<(event: ApiEvent) => void>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  let socket: WebSocket | undefined;
  let status: ConnectionStatus = 'connecting';
  let nextId = 1;
  let retryMs = 250;

  const setStatus = (next: ConnectionStatus) => {
    status = next;
    for (const listener of statusListeners) listener(next);
  };

  const open = () => {
    setStatus('connecting');
    const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const current = new WebSocket(`${protocol}//${location.host}/api?token=${encodeURIComponent(token)}`);
    socket = current;
    current.addEventListener('open', () => {
      retryMs = 250;
      setStatus('open');
      for (const message of queue.splice(0)) current.send(message);
    });
    current.addEventListener('message', (message) => receive(String(message.data)));
    current.addEventListener('close', () => {
      for (const [id, request] of pending) {
        request.reject(new ApiError({ code: 'connection', message: 'The connection to Baton was lost.', retryable: true }));
        pending.delete(id);
      }
      setStatus('closed');
      setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, 5_000);
    });
  };

  const receive = (data: string) => {
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch (error) {
      console.error('Baton: a message that is not JSON was dropped', error);
      return;
    }
    const parsed = serverMessageSchema.safeParse(raw);
    if (!parsed.success) {
      console.error('Baton: a message that does not follow the contract was dropped', parsed.error);
      return;
    }
    const message = parsed.data;
    if (message.kind === 'event') {
      const event = apiEventSchema.safeParse(message.event);
      if (!event.success) {
        console.error('Baton: an event that does not follow the contract was dropped', event.error);
        return;
      }
      for (const listener of eventListeners) listener(event.data);
      return;
    }
    if (message.id === null) {
      if (!message.ok) console.error('Baton refused a message:', message.error.message);
      return;
    }
    const request = pending.get(message.id);
    if (!request) return;
    pending.delete(message.id);
    if (message.ok) request.resolve(message.result);
    else request.reject(new ApiError(message.error));
  };

  open();

  return {
    kind: 'web',
    invoke(method, params) {
      const id = nextId++;
      const text = JSON.stringify({ kind: 'request', id, method, params });
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(text);
        else queue.push(text);
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
  };
}
