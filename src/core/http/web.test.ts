import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, test } from 'vitest';
import { createHttpServer } from './server.ts';
import { webAppPlugin } from './web.ts';

const html = { accept: 'text/html,application/xhtml+xml' };
const directories: string[] = [];
const servers: FastifyInstance[] = [];

function builtApp(): string {
  const dist = mkdtempSync(join(tmpdir(), 'foyer-web-'));
  directories.push(dist);
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Foyer</title><div id="root"></div>');
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dist;
}

async function serve(distDir: string): Promise<FastifyInstance> {
  const app = await createHttpServer({ logLevel: 'silent', bodyLimitBytes: 1024, publicUrl: 'http://127.0.0.1:3000' });
  app.get('/api/house', async () => ({ name: 'Theater' }));
  await app.register(webAppPlugin, { distDir });
  servers.push(app);
  return app;
}

afterEach(async () => {
  for (const app of servers.splice(0)) await app.close();
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('serving the staff web app', () => {
  test('answers a browser on any app address with index.html, revalidated on every visit', async () => {
    const app = await serve(builtApp());
    for (const url of ['/', '/programme/calendar', '/programme/productions/0192f0c0-0000-7000-8000-000000000000?tab=prices']) {
      const response = await app.inject({ method: 'GET', url, headers: html });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toContain('<div id="root">');
    }
  });

  test('lets browsers keep hashed assets for a year, and top-level files for a day', async () => {
    const app = await serve(builtApp());
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('public, max-age=86400');
    const missing = await app.inject({ method: 'GET', url: '/assets/index-gone.js' });
    expect(missing.statusCode).toBe(404);
  });

  test('keeps the JSON 404 of the API, the public feeds and health checks, even for a browser', async () => {
    const app = await serve(builtApp());
    for (const url of ['/api/nothing', '/public/houses/x/nothing', '/healthz/x', '/demo/images/none']) {
      const response = await app.inject({ method: 'GET', url, headers: html });
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
    }
    const api = await app.inject({ method: 'GET', url: '/api/house', headers: html });
    expect(api.json()).toEqual({ name: 'Theater' });
  });

  test('answers a non-browser request for an unknown address with a 404, not the app', async () => {
    const app = await serve(builtApp());
    const response = await app.inject({ method: 'GET', url: '/programme/calendar', headers: { accept: 'application/json' } });
    expect(response.statusCode).toBe(404);
  });

  test('answers an address with broken percent-encoding with 400 or 404, never a 500', async () => {
    const app = await serve(builtApp());
    const broken = await app.inject({ method: 'GET', url: '/x%zz', headers: html });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ error: { code: 'bad_request' } });

    // The router stops decoding at a raw '#', which inject() would strip: a real socket
    // brings the rest of the path to the app's own handler.
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const statusLine = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write('GET /x#%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\nConnection: close\r\n\r\n');
      });
      let answer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      socket.on('end', () => resolve(answer.split('\r\n')[0] ?? ''));
      socket.on('error', reject);
    });
    expect(statusLine).toBe('HTTP/1.1 404 Not Found');
  });

  test('says how to build the app when web/dist is missing', async () => {
    const app = await serve(join(tmpdir(), 'foyer-web-never-built'));
    const response = await app.inject({ method: 'GET', url: '/', headers: html });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('npm run build:web');
    const api = await app.inject({ method: 'GET', url: '/api/nothing', headers: html });
    expect(api.statusCode).toBe(404);
  });
});
