import { apiMethods, type ApiEvent } from '../shared/api.js';
import { BatonError, toBatonError, type SerializedError } from '../shared/errors.js';
import type { ApiEndpoint } from './api-endpoint.js';

/**
 * The Electron IPC transport, written against the few members of ipcMain it uses so that it runs
 * (and is tested) under plain Node; electron/main passes the real ipcMain. One channel per method
 * of the contract; every payload goes through the service's parser; the sender is checked first.
 */

/** `baton:chat.send`, ...: the preload invokes exactly these. */
export function ipcChannelOf(method: string): string {
  return `baton:${method}`;
}

/** Events from main to the windows. */
export const ipcEventChannel = 'baton:event';

export type IpcReply = { ok: true; result: unknown } | { ok: false; error: SerializedError };

export interface IpcInvokeEventLike {
  /** The frame that sent the message; null once it navigated away or was destroyed. */
  senderFrame: { url: string } | null;
  sender: unknown;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<IpcReply>): void;
  removeHandler(channel: string): void;
}

/**
 * Registers a handler per API method. `isTrustedSender` decides whether the sending frame is one
 * of Baton's own windows showing Baton's own page; anything else is refused without a call.
 * Returns a function that removes the handlers.
 */
export function registerIpcApi(ipcMain: IpcMainLike, endpoint: ApiEndpoint, isTrustedSender: (event: IpcInvokeEventLike) => boolean): () => void {
  for (const method of apiMethods) {
    ipcMain.handle(ipcChannelOf(method), async (event, ...args) => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: new BatonError('invalid-request', 'This window may not call Baton.').toJSON() };
      }
      if (args.length > 1) {
        return { ok: false, error: new BatonError('invalid-request', `${method} takes one argument.`).toJSON() };
      }
      try {
        return { ok: true, result: await endpoint.call(method, args[0]) };
      } catch (error) {
        return { ok: false, error: toBatonError(error).toJSON() };
      }
    });
  }
  return () => {
    for (const method of apiMethods) ipcMain.removeHandler(ipcChannelOf(method));
  };
}

export interface EventTarget {
  send(channel: string, event: ApiEvent): void;
}

/** Forwards every service event to the windows that are open now. */
export function forwardEvents(endpoint: ApiEndpoint, targets: () => EventTarget[]): () => void {
  return endpoint.subscribe((event) => {
    for (const target of targets()) target.send(ipcEventChannel, event);
  });
}
