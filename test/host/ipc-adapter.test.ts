import { describe, expect, it } from 'vitest';
import { apiMethods, type ApiEvent } from '../../electron/shared/api.js';
import { forwardEvents, ipcChannelOf, ipcEventChannel, registerIpcApi, type IpcInvokeEventLike, type IpcMainLike, type IpcReply } from '../../electron/host/ipc-adapter.js';
import type { ApiEndpoint } from '../../electron/host/api-endpoint.js';

type Handler = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<IpcReply>;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipcMain, handlers };
}

function recordingEndpoint() {
  const calls: Array<[unknown, unknown]> = [];
  const listeners = new Set<(event: ApiEvent) => void>();
  const endpoint: ApiEndpoint = {
    call: async (method, params) => {
      calls.push([method, params]);
      if (method === 'chat.cancel') throw Object.assign(new Error('boom'), { name: 'Error' });
      return { echoed: params };
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { endpoint, calls, listeners };
}

const trustedFrame: IpcInvokeEventLike = { senderFrame: { url: 'baton://app/index.html' }, sender: 'main-window' };

describe('the Electron IPC adapter (plain Node, ipcMain faked)', () => {
  it('registers exactly one channel per method of the contract, and removes them', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const unregister = registerIpcApi(ipcMain, recordingEndpoint().endpoint, () => true);
    expect([...handlers.keys()].sort()).toEqual(apiMethods.map(ipcChannelOf).sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('checks the sender before anything is called; errors come back as serialized BatonErrors', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const { endpoint, calls } = recordingEndpoint();
    registerIpcApi(ipcMain, endpoint, (event) => event.senderFrame?.url.startsWith('baton://app/') === true);
    const send = handlers.get(ipcChannelOf('chat.send'))!;

    expect(await send(trustedFrame, { text: 'hi' })).toEqual({ ok: true, result: { echoed: { text: 'hi' } } });
    expect(await send({ senderFrame: { url: 'https://evil.example/' }, sender: 'webview' }, { text: 'hi' })).toEqual({
      ok: false,
      error: { name: 'BatonError', code: 'invalid-request', message: 'This window may not call Baton.', retryable: false },
    });
    expect(await send({ senderFrame: null, sender: 'gone' }, { text: 'hi' })).toMatchObject({ ok: false });
    expect(await send(trustedFrame, { text: 'a' }, { extra: true })).toMatchObject({ ok: false, error: { message: 'chat.send takes one argument.' } });
    expect(calls).toEqual([['chat.send', { text: 'hi' }]]);

    expect(await handlers.get(ipcChannelOf('chat.cancel'))!(trustedFrame, { runId: 'r' })).toEqual({
      ok: false,
      error: { name: 'BatonError', code: 'unknown', message: 'boom', retryable: false },
    });
  });

  it('forwards every event to the open windows on one channel', () => {
    const { endpoint, listeners } = recordingEndpoint();
    const sent: Array<[string, ApiEvent]> = [];
    const windows = [{ send: (channel: string, event: ApiEvent) => void sent.push([channel, event]) }];
    const stop = forwardEvents(endpoint, () => windows);
    for (const listener of listeners) listener({ type: 'conversations-changed' });
    expect(sent).toEqual([[ipcEventChannel, { type: 'conversations-changed' }]]);
    stop();
    expect(listeners.size).toBe(0);
  });
});
