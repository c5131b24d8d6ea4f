import { BrowserWindow, dialog, ipcMain } from 'electron';
import type { IpcInvokeEventLike } from '../host/ipc-adapter.js';

/**
 * The desktop app's "Choose a file…" for a GGUF model: the system's open dialog, in the main
 * process. It returns the chosen path (or null), which the page then adds with models.addFile,
 * where the file is checked like any other path: a picker only saves typing it.
 */
export const pickModelFileChannel = 'baton-desktop:pickModelFile';

export function registerModelFilePicker(isTrustedSender: (event: IpcInvokeEventLike) => boolean): () => void {
  ipcMain.handle(pickModelFileChannel, async (event, ...args: unknown[]) => {
    if (!isTrustedSender(event)) throw new Error('This window may not open a file dialog.');
    // Nothing is taken from the page: the dialog's options are fixed here.
    if (args.length > 0) throw new Error('Choosing a model file takes no parameters.');
    const window = BrowserWindow.fromWebContents(event.sender);
    if (!window) return null;
    const chosen = await dialog.showOpenDialog(window, {
      title: 'Choose a GGUF model file',
      buttonLabel: 'Use this model',
      filters: [{ name: 'GGUF models', extensions: ['gguf'] }],
      properties: ['openFile', 'dontAddToRecent'],
    });
    return chosen.canceled ? null : (chosen.filePaths[0] ?? null);
  });
  return () => ipcMain.removeHandler(pickModelFileChannel);
}
