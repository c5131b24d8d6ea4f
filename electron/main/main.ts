import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, globalShortcut, ipcMain, Menu, type Tray } from 'electron';
import { BatonService } from '../core/service/baton-service.js';
import { resolvePaths } from '../core/paths.js';
import { gatewayLauncher } from '../host/gateway-launcher.js';
import { forwardEvents, registerIpcApi, type IpcInvokeEventLike } from '../host/ipc-adapter.js';
import { registerModelFilePicker } from './model-file-picker.js';
import { defaultRendererDir } from '../host/static-files.js';
import { registerAppScheme, rendererDirIn, serveRenderer } from './app-protocol.js';
import { openDatabaseOrAsk } from './database-key-prompt.js';
import { SafeStorageSecretStore } from './safe-storage-secret-store.js';
import { createTray } from './tray.js';
import { guardWebContents, isAppUrl } from './web-contents-guard.js';
import { createMainWindow, createQuickWindow } from './windows.js';

/**
 * The Electron shell: one instance, a main window and the quick-prompt window, a tray icon and a
 * global shortcut. Everything Baton does runs in BatonService (core, plain Node); this file only
 * wires it to windows through the IPC adapter.
 */

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  guardWebContents();
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      process.stderr.write(`Baton could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      app.exit(1);
    });
}

let mainWindow: BrowserWindow | undefined;
let quickWindow: BrowserWindow | undefined;
let tray: Tray | undefined;
let quitting = false;

function iconPath(): string | undefined {
  const candidates = [join(app.getAppPath(), 'build', 'icon.png'), join(process.resourcesPath ?? '', 'icon.png')];
  return candidates.find((candidate) => existsSync(candidate));
}

function trayIconPath(): string {
  return [join(app.getAppPath(), 'build', 'tray.png'), join(process.resourcesPath ?? '', 'tray.png')].find((candidate) => existsSync(candidate)) ?? '';
}

function showMain(conversationId?: string): BrowserWindow {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow(iconPath(), conversationId);
    mainWindow.on('close', (event) => {
      // Closing the window keeps Baton in the tray; Quit in the tray menu ends it.
      if (!quitting) {
        event.preventDefault();
        mainWindow?.hide();
      }
    });
    return mainWindow;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
  return mainWindow;
}

function toggleQuickPrompt(): void {
  if (!quickWindow || quickWindow.isDestroyed()) {
    quickWindow = createQuickWindow(iconPath());
    quickWindow.once('ready-to-show', () => {
      quickWindow?.show();
      quickWindow?.focus();
    });
    return;
  }
  if (quickWindow.isVisible()) {
    quickWindow.hide();
  } else {
    quickWindow.center();
    quickWindow.show();
    quickWindow.focus();
  }
}

async function start(): Promise<void> {
  const paths = resolvePaths(process.env);
  // Encrypts a plaintext database once, and asks what to do when the key is lost.
  if (!openDatabaseOrAsk(paths.databasePath)) {
    app.exit(1);
    return;
  }
  const rendererDir = app.isPackaged ? rendererDirIn(app.getAppPath()) : (defaultRendererDir() ?? rendererDirIn(app.getAppPath()));
  serveRenderer(rendererDir);
  Menu.setApplicationMenu(null);

  let currentShortcut: string | undefined;
  const service = new BatonService({
    baton: { paths },
    secrets: SafeStorageSecretStore.open(join(paths.dataDir, 'secrets.json')),
    // The gateway for other tools, when it is switched on in Settings; its consent requests show this app's dialog.
    gateway: gatewayLauncher(),
    host: {
      openMainWindow: (conversationId) => {
        showMain(conversationId);
        quickWindow?.hide();
        return true;
      },
      registerShortcut: (accelerator) => {
        if (currentShortcut) globalShortcut.unregister(currentShortcut);
        let registered = false;
        try {
          registered = globalShortcut.register(accelerator, toggleQuickPrompt);
        } catch (error) {
          // An accelerator Electron cannot parse throws; for the person it is "not available".
          process.stderr.write(`Baton: the shortcut ${accelerator} was refused: ${(error as Error).message}\n`);
        }
        currentShortcut = registered ? accelerator : undefined;
        return registered;
      },
    },
  });

  const windows = () => [mainWindow, quickWindow].filter((window): window is BrowserWindow => window !== undefined && !window.isDestroyed());
  const isTrustedSender = (event: IpcInvokeEventLike): boolean => {
    const frame = event.senderFrame;
    if (!frame || !isAppUrl(frame.url)) return false;
    return windows().some((window) => window.webContents === event.sender);
  };
  const unregister = registerIpcApi(ipcMain, service, isTrustedSender);
  const unregisterPicker = registerModelFilePicker(isTrustedSender);
  const stopEvents = forwardEvents(service, () => windows().map((window) => window.webContents));

  const shortcut = service.registerStoredShortcut();
  tray = createTray(trayIconPath(), {
    openMain: () => showMain(),
    openQuickPrompt: toggleQuickPrompt,
    quit: () => app.quit(),
    shortcutLabel: () => shortcut.accelerator.replace('CommandOrControl', process.platform === 'darwin' ? 'Cmd' : 'Ctrl'),
  });
  showMain();

  app.on('second-instance', () => showMain());
  app.on('activate', () => showMain());
  app.on('window-all-closed', () => {
    // Baton lives in the tray; windows come back from there or with the shortcut.
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', () => {
    globalShortcut.unregisterAll();
    stopEvents();
    unregister();
    unregisterPicker();
    tray?.destroy();
    void service.close();
  });
}
