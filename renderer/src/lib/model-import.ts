import type { ApiResponse } from '@shared/api';
import { api } from './api-client';
import { app } from './app-state.svelte';

/**
 * Adding a GGUF model the person already has: by a path typed, found in a folder, chosen in the
 * desktop app's open dialog or dropped on the window. The file stays where it is; the service
 * checks it (a GGUF, complete) before it is listed.
 */

/** A GGUF model file, by its name: dropped, it is a model to add, never a document to attach. */
export function isModelFileName(name: string): boolean {
  return /\.gguf$/i.test(name);
}

/** Said when a model file is dropped in a browser, which never tells a page where a file is on disk. */
export const droppedModelNeedsPath =
  'A browser cannot tell Baton where a dropped model file is. Type its path under “Use one you already have” (or in Models), and it is used where it is.';

export async function addModelFile(path: string, name?: string): Promise<ApiResponse<'models.addFile'>['model']> {
  const { model } = await api.call('models.addFile', { path, ...(name ? { name } : {}) });
  app.notify('success', `${model.id} is ready to use.`);
  await app.refreshModels();
  return model;
}

/** The desktop app's open dialog, or undefined where there is none (a browser under `baton serve`). */
export function modelFilePicker(): (() => Promise<string | null>) | undefined {
  const bridge = typeof window === 'undefined' ? undefined : window.baton;
  return bridge?.pickModelFile ? () => bridge.pickModelFile!() : undefined;
}

/** Where a dropped file is on disk: the desktop app knows, a browser never does (null). */
export function droppedFilePath(file: File): string | null {
  const path = typeof window === 'undefined' ? '' : (window.baton?.pathForFile?.(file) ?? '');
  return path === '' ? null : path;
}
