/**
 * The part of Electron's API that electron/main and electron/preload use, for type-checking on
 * machines where the `electron` package (an optional dependency whose binary download needs the
 * network) is not installed. Used only by tsconfig.electron-check.json (`npm run check:electron`),
 * which maps 'electron' here; `npm start` and packaging compile against Electron's own types
 * (tsconfig.electron.json). Signatures follow Electron 39's electron.d.ts.
 */

type Listener = (...args: any[]) => void;

interface EventLike {
  preventDefault(): void;
}

export interface WebFrameMain {
  url: string;
}

export interface IpcMainInvokeEvent extends EventLike {
  sender: WebContents;
  senderFrame: WebFrameMain | null;
}

export interface IpcRendererEvent extends EventLike {
  sender: unknown;
}

export interface HandlerDetails {
  url: string;
}

export interface WebContents {
  readonly id: number;
  send(channel: string, ...args: any[]): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: EventLike, url: string) => void): this;
  on(event: 'will-attach-webview', listener: (event: EventLike) => void): this;
  on(event: 'did-finish-load', listener: () => void): this;
  setWindowOpenHandler(handler: (details: HandlerDetails) => { action: 'deny' } | { action: 'allow' }): void;
  getURL(): string;
  isDestroyed(): boolean;
  openDevTools(): void;
}

export interface WebPreferences {
  preload?: string;
  contextIsolation?: boolean;
  sandbox?: boolean;
  nodeIntegration?: boolean;
  nodeIntegrationInSubFrames?: boolean;
  nodeIntegrationInWorker?: boolean;
  webSecurity?: boolean;
  allowRunningInsecureContent?: boolean;
  webviewTag?: boolean;
  spellcheck?: boolean;
  navigateOnDragDrop?: boolean;
  safeDialogs?: boolean;
  devTools?: boolean;
  /** Blink features switched off, comma-separated ("Auxclick"). */
  disableBlinkFeatures?: string;
}

export interface BrowserWindowConstructorOptions {
  width?: number;
  height?: number;
  minWidth?: number;
  minHeight?: number;
  show?: boolean;
  title?: string;
  icon?: string | NativeImage;
  backgroundColor?: string;
  frame?: boolean;
  resizable?: boolean;
  alwaysOnTop?: boolean;
  skipTaskbar?: boolean;
  center?: boolean;
  autoHideMenuBar?: boolean;
  titleBarStyle?: 'default' | 'hidden' | 'hiddenInset';
  webPreferences?: WebPreferences;
}

export class BrowserWindow {
  constructor(options?: BrowserWindowConstructorOptions);
  static fromWebContents(webContents: WebContents): BrowserWindow | null;
  static getAllWindows(): BrowserWindow[];
  readonly webContents: WebContents;
  loadURL(url: string): Promise<void>;
  show(): void;
  hide(): void;
  focus(): void;
  close(): void;
  destroy(): void;
  restore(): void;
  center(): void;
  isMinimized(): boolean;
  isVisible(): boolean;
  isDestroyed(): boolean;
  on(event: 'close', listener: (event: EventLike) => void): this;
  on(event: 'closed' | 'blur' | 'focus' | 'show', listener: () => void): this;
  once(event: 'ready-to-show', listener: () => void): this;
}

export interface NativeImage {
  isEmpty(): boolean;
  resize(options: { width?: number; height?: number }): NativeImage;
  setTemplateImage(option: boolean): void;
}

export const nativeImage: {
  createFromPath(path: string): NativeImage;
};

export interface MenuItemConstructorOptions {
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  accelerator?: string;
  enabled?: boolean;
  click?: () => void;
  role?: 'quit' | 'about' | 'reload' | 'toggleDevTools' | 'copy' | 'paste' | 'cut' | 'selectAll' | 'undo' | 'redo';
  submenu?: MenuItemConstructorOptions[];
}

export class Menu {
  static buildFromTemplate(template: MenuItemConstructorOptions[]): Menu;
  static setApplicationMenu(menu: Menu | null): void;
}

export class Tray {
  constructor(image: NativeImage | string);
  setToolTip(toolTip: string): void;
  setContextMenu(menu: Menu | null): void;
  on(event: 'click' | 'double-click', listener: () => void): this;
  destroy(): void;
}

export interface App {
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<void>;
  quit(): void;
  exit(exitCode?: number): void;
  getPath(name: 'userData' | 'home' | 'temp' | 'appData'): string;
  getAppPath(): string;
  getVersion(): string;
  readonly isPackaged: boolean;
  setAppUserModelId(id: string): void;
  on(event: 'second-instance', listener: (event: EventLike, argv: string[], workingDirectory: string) => void): this;
  on(event: 'window-all-closed' | 'activate' | 'will-quit', listener: () => void): this;
  on(event: 'before-quit', listener: (event: EventLike) => void): this;
  on(event: 'web-contents-created', listener: (event: EventLike, contents: WebContents) => void): this;
  dock?: { hide(): void; show(): Promise<void> };
}

export const app: App;

export interface Session {
  setPermissionRequestHandler(
    handler: ((webContents: WebContents, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((webContents: WebContents | null, permission: string, requestingOrigin: string) => boolean) | null): void;
}

export const session: { defaultSession: Session };

export interface CustomScheme {
  scheme: string;
  privileges?: { standard?: boolean; secure?: boolean; supportFetchAPI?: boolean; corsEnabled?: boolean; stream?: boolean; codeCache?: boolean };
}

export const protocol: {
  registerSchemesAsPrivileged(schemes: CustomScheme[]): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
};

export const ipcMain: {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: any[]) => Promise<unknown> | unknown): void;
  removeHandler(channel: string): void;
};

export const ipcRenderer: {
  invoke(channel: string, ...args: any[]): Promise<any>;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: any[]) => void): typeof ipcRenderer;
  removeListener(channel: string, listener: Listener): typeof ipcRenderer;
};

export const contextBridge: {
  exposeInMainWorld(apiKey: string, api: any): void;
};

export const globalShortcut: {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
  unregisterAll(): void;
  isRegistered(accelerator: string): boolean;
};

export const safeStorage: {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
};

export interface MessageBoxSyncOptions {
  message: string;
  type?: 'none' | 'info' | 'error' | 'question' | 'warning';
  buttons?: string[];
  defaultId?: number;
  cancelId?: number;
  title?: string;
  detail?: string;
  noLink?: boolean;
}

export interface OpenDialogOptions {
  title?: string;
  buttonLabel?: string;
  filters?: Array<{ name: string; extensions: string[] }>;
  properties?: Array<'openFile' | 'openDirectory' | 'multiSelections' | 'showHiddenFiles' | 'dontAddToRecent'>;
}

export interface OpenDialogReturnValue {
  canceled: boolean;
  filePaths: string[];
}

export const dialog: {
  /** The index of the button clicked. */
  showMessageBoxSync(options: MessageBoxSyncOptions): number;
  showOpenDialog(window: BrowserWindow, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
};

export const webUtils: {
  /** The file system path of a File from a drop or an <input type=file> ('' for one made in the page). */
  getPathForFile(file: File): string;
};

export const shell: {
  openExternal(url: string): Promise<void>;
};

declare global {
  namespace NodeJS {
    interface Process {
      /** Where a packaged app's resources are (Electron adds it to `process`). */
      readonly resourcesPath: string;
    }
  }
}
