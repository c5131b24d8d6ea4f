import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { protocol } from 'electron';
import { contentSecurityPolicy, securityHeaders } from '../host/static-files.js';

/**
 * The windows load Baton's UI from `baton://app/`, a privileged scheme served from renderer/dist:
 * a real origin (so the CSP, 'self' and the sender checks mean something) without a web server.
 */
export const appScheme = 'baton';
export const appOrigin = `${appScheme}://app`;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRenderer(rendererDir: string): void {
  const root = resolve(rendererDir);
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'app') return new Response('Not found', { status: 404 });
    const pathname = decodeURIComponent(url.pathname);
    const path = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
    if (path !== root && !path.startsWith(root + sep)) return new Response('Forbidden', { status: 403 });
    try {
      const body = await readFile(path);
      return new Response(body, {
        headers: {
          ...securityHeaders(),
          'content-security-policy': contentSecurityPolicy,
          'content-type': contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream',
        },
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR') return new Response('Not found', { status: 404 });
      throw error;
    }
  });
}

export function appUrl(view: 'main' | 'quick', conversationId?: string): string {
  const url = new URL(`${appOrigin}/index.html`);
  if (view === 'quick') url.searchParams.set('view', 'quick');
  if (conversationId) url.searchParams.set('conversation', conversationId);
  return url.toString();
}

export function rendererDirIn(appPath: string): string {
  return join(appPath, 'renderer', 'dist');
}
