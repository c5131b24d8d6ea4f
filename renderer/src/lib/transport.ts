import type { ApiEvent } from '@shared/api';
import type { SerializedError } from '@shared/errors';

/**
 * How the renderer reaches Baton: Electron's preload (window.baton) or the WebSocket of
 * `baton serve`. Both carry the same typed API; the rest of the UI never knows which.
 */
export interface Transport {
  readonly kind: 'electron' | 'web';
  invoke(method: string, params: unknown): Promise<unknown>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

/** An error from Baton, with its stable code. */
export class ApiError extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(error: SerializedError | { code: string; message: string; retryable?: boolean }) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.retryable = error.retryable ?? false;
  }
}

/** What electron/preload exposes; nothing else of Electron reaches the page. */
export interface PreloadBridge {
  invoke(method: string, params: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: SerializedError }>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  platform: string;
  /** The desktop app's open dialog for a GGUF model file: its path, or null when cancelled. */
  pickModelFile?(): Promise<string | null>;
  /** Where a dropped file is on disk (the desktop app only; a browser never says). */
  pathForFile?(file: File): string;
}

declare global {
  interface Window {
    baton?: PreloadBridge;
  }
}
