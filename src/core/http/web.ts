import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

/*
 * Serves the staff web app (web/dist, built by `npm run build:web`). Hashed files under
 * /assets never change, so browsers keep them for a year; index.html is revalidated on
 * every visit, so a new build reaches people on their next page load. Every other GET
 * that wants HTML gets index.html: the app's router decides what to show.
 */

export interface WebAppOptions {
  /** The built app; defaults to web/dist of this checkout. */
  distDir?: string;
}

const defaultDist = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Paths that belong to the server, never to the app: they keep their JSON 404. */
const serverPrefixes = ['/api', '/public', '/healthz', '/demo'];

function belongsToServer(url: string): boolean {
  const path = url.split('?')[0] ?? url;
  return serverPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** The path without its leading slash and query, decoded; null when it cannot be decoded. */
function decodedPath(url: string): string | null {
  try {
    return decodeURIComponent((url.split('?')[0] ?? '/').slice(1));
  } catch {
    return null;
  }
}

function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

function htmlHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('cache-control', 'no-cache')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin');
}

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Foyer</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:.1rem .3rem;border-radius:4px}</style>
</head><body><h1>Foyer</h1>
<p>The staff web app has not been built yet. Run <code>npm run build:web</code> and reload this page
(<code>npm start</code> builds it for you).</p>
<p>The API is running: see <a href="/api/docs">/api/docs</a>.</p></body></html>`;

export const webAppPlugin: FastifyPluginAsync<WebAppOptions> = async (app, options) => {
  const dist = options.distDir ?? defaultDist;
  const built = existsSync(join(dist, 'index.html'));

  if (!built) {
    app.get('/*', { schema: { hide: true } }, async (request, reply) => {
      if (belongsToServer(request.url) || !wantsHtml(request)) return reply.callNotFound();
      return htmlHeaders(reply).type('text/html; charset=utf-8').send(notBuiltPage);
    });
    return;
  }

  const assets = join(dist, 'assets');
  await app.register(fastifyStatic, {
    root: existsSync(assets) ? assets : dist,
    prefix: '/assets/',
    schemaHide: true,
    index: false,
    // Vite puts a content hash in every file name under /assets.
    cacheControl: false,
    // setHeaders runs for sendFile() too: only files under /assets are immutable.
    setHeaders: (reply, filePath) => {
      if (filePath.startsWith(assets)) reply.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });

  // Files at the top of dist (favicon.svg, …): known at start, cached for a day.
  const topLevel = new Set(readdirSync(dist).filter((name) => name !== 'index.html' && statSync(join(dist, name)).isFile()));

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    if (belongsToServer(request.url)) return reply.callNotFound();
    const path = decodedPath(request.url);
    // The router decodes only up to a '?' or '#'; what follows a raw '#' can still be
    // broken percent-encoding, and no file or app address is named like that.
    if (path === null) return reply.callNotFound();
    if (topLevel.has(path)) {
      return reply.header('cache-control', 'public, max-age=86400').sendFile(path, dist);
    }
    if (!wantsHtml(request)) return reply.callNotFound();
    return htmlHeaders(reply).sendFile('index.html', dist);
  });
};
