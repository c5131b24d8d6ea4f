import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { appUrl } from './app-protocol.js';

const preloadPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'preload', 'preload.cjs');

/**
 * Every window: isolated, sandboxed, no Node, no webviews, no middle-click new windows; the
 * preload exposes the typed API and nothing else. Written out where the window is made, so
 * that the Electron security linter (npm run check:electron-security) reads it.
 */
function createWindow(options: BrowserWindowConstructorOptions, url: string): BrowserWindow {
  const window = new BrowserWindow({
    ...options,
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: true,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  void window.loadURL(url);
  return window;
}

export function createMainWindow(icon: string | undefined, conversationId?: string): BrowserWindow {
  const window = createWindow(
    {
      width: 1280,
      height: 820,
      minWidth: 860,
      minHeight: 560,
      title: 'Baton',
      backgroundColor: '#f7f7f9',
      autoHideMenuBar: true,
      ...(icon ? { icon } : {}),
    },
    appUrl('main', conversationId),
  );
  window.once('ready-to-show', () => window.show());
  return window;
}

/** The small, frameless window of the global shortcut; it hides when it loses focus. */
export function createQuickWindow(icon: string | undefined): BrowserWindow {
  const window = createWindow(
    {
      width: 680,
      height: 420,
      frame: false,
      resizable: true,
      alwaysOnTop: true,
      skipTaskbar: true,
      center: true,
      title: 'Baton quick prompt',
      backgroundColor: '#ffffff',
      ...(icon ? { icon } : {}),
    },
    appUrl('quick'),
  );
  window.on('blur', () => {
    if (!window.isDestroyed()) window.hide();
  });
  return window;
}
