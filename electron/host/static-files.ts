import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Content-Security-Policy of every page: scripts and styles only from the app itself, no frames, no plugins. */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** renderer/dist of this installation, found from this file so it works from dist/ too; undefined when not built. */
export function defaultRendererDir(): string | undefined {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth += 1) {
    const candidate = join(folder, 'renderer', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    folder = dirname(folder);
  }
  return undefined;
}

export function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=()',
  };
}

/**
 * Answers a GET for a file of the built renderer. Paths outside the folder are refused; a path
 * without an extension gets index.html (the app's own views).
 */
export async function serveStaticFile(rendererDir: string | undefined, pathname: string, response: ServerResponse, headOnly: boolean): Promise<void> {
  if (!rendererDir) {
    const page = '<!doctype html><title>Baton</title><p>The UI is not built yet. Run <code>npm run build:renderer</code> in the Baton folder, then restart <code>baton serve</code>.</p>';
    response.writeHead(503, { ...securityHeaders(), 'content-type': 'text/html; charset=utf-8' });
    response.end(headOnly ? undefined : page);
    return;
  }
  let relative: string;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    // A malformed escape (%E0%A4%A) is the client's mistake: a 400 says so, nothing is read.
    respondPlain(response, 400, 'Bad request');
    return;
  }
  if (relative.includes('\0')) {
    respondPlain(response, 400, 'Bad request');
    return;
  }
  const root = resolve(rendererDir);
  let path = resolve(root, `.${relative}`);
  if (path !== root && !path.startsWith(root + sep)) {
    respondPlain(response, 403, 'Forbidden');
    return;
  }
  if (path === root || (extname(path) === '' && !(await isFile(path)))) path = join(root, 'index.html');
  if (!(await isFile(path))) {
    respondPlain(response, 404, 'Not found');
    return;
  }
  const body = await readFile(path);
  const immutable = path.startsWith(join(root, 'assets') + sep);
  response.writeHead(200, {
    ...securityHeaders(),
    'content-type': contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'content-length': body.byteLength,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  response.end(headOnly ? undefined : body);
}

export function respondPlain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...securityHeaders(), 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw error;
  }
}
