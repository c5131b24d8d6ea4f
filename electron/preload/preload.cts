/**
 * The preload of every Baton window: it exposes exactly the typed API as `window.baton`, nothing
 * else of Electron or Node. It runs sandboxed, so it is one self-contained CommonJS file that
 * requires only 'electron'; the method list below is checked against the contract at build time.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { ApiEvent, ApiMethod } from '../shared/api.js';

const methods = [
  'chat.send',
  'chat.regenerate',
  'chat.edit',
  'chat.cancel',
  'chat.rate',
  'conversations.list',
  'conversations.get',
  'conversations.delete',
  'conversations.rename',
  'conversations.pin',
  'conversations.deleteAll',
  'conversations.export',
  'documents.add',
  'documents.cancelAdd',
  'documents.list',
  'documents.remove',
  'models.list',
  'models.pull',
  'models.cancelPull',
  'models.delete',
  'models.scanFolders',
  'models.addFile',
  'providers.check',
  'settings.get',
  'settings.update',
  'consent.preview',
  'consent.respond',
  'stats.outcomes',
  'stats.costs',
  'stats.learning',
  'stats.reset',
  'stats.export',
  'stats.import',
  'privacy.get',
  'privacy.update',
  'app.shortcut',
  'app.setShortcut',
  'gateway.get',
  'gateway.update',
  'app.openMainWindow',
] as const satisfies readonly ApiMethod[];

// Every method of the contract is listed: a method added to api.ts and not here fails the build.
type Missing = Exclude<ApiMethod, (typeof methods)[number]>;
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;

const allowed = new Set<string>(methods);

contextBridge.exposeInMainWorld('baton', {
  platform: process.platform,
  invoke(method: string, params: unknown): Promise<unknown> {
    if (!allowed.has(method)) return Promise.reject(new Error(`There is no API method "${method}".`));
    return ipcRenderer.invoke(`baton:${method}`, params);
  },
  /** The system's open dialog for a GGUF model file: its path, or null (see model-file-picker.ts). */
  pickModelFile(): Promise<string | null> {
    // pickModelFileChannel of electron/main/model-file-picker.ts: this file imports nothing but electron.
    return ipcRenderer.invoke('baton-desktop:pickModelFile');
  },
  /** Where a dropped file is on disk: a model file is added where it is, never read into the page. */
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
  onEvent(listener: (event: ApiEvent) => void): () => void {
    // The IPC event object (and its sender) never reaches the page: only the payload does.
    const forward = (_event: unknown, payload: ApiEvent) => listener(payload);
    ipcRenderer.on('baton:event', forward);
    return () => {
      ipcRenderer.removeListener('baton:event', forward);
    };
  },
});
