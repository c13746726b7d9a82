import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, test } from 'vitest';
import { loadConfig } from '../../config.ts';
import { createHttpServer } from './server.ts';

/*
 * The settings that shape the HTTP server, read by loadConfig (src/config.ts has no test
 * file of its own: it is read here, where its values take effect).
 */

const servers: FastifyInstance[] = [];

afterEach(async () => {
  for (const app of servers.splice(0)) await app.close();
});

async function serve(trustProxy?: boolean | string[]): Promise<FastifyInstance> {
  const app = await createHttpServer({ logLevel: 'silent', bodyLimitBytes: 1024, publicUrl: 'http://127.0.0.1:3000', ...(trustProxy === undefined ? {} : { trustProxy }) });
  app.get('/ip', async (request) => ({ ip: request.ip }));
  servers.push(app);
  return app;
}

async function ipSeen(app: FastifyInstance, remoteAddress: string, forwardedFor: string): Promise<string> {
  const response = await app.inject({ method: 'GET', url: '/ip', remoteAddress, headers: { 'x-forwarded-for': forwardedFor } });
  return response.json<{ ip: string }>().ip;
}

describe('FOYER_TRUST_PROXY', () => {
  test('trusts no proxy unless told to', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ FOYER_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ FOYER_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ FOYER_TRUST_PROXY: ' 10.0.0.1, 192.168.0.0/16,loopback , fd00::/8 ' }).trustProxy).toEqual(['10.0.0.1', '192.168.0.0/16', 'loopback', 'fd00::/8']);
  });

  test.each([
    ['a hop count', '1', 'hop count'],
    ['a host name', 'proxy.internal', '"proxy.internal"'],
    ['a range beyond the address length', '10.0.0.0/33', '"10.0.0.0/33"'],
    ['an empty entry', '10.0.0.1,', '""'],
  ])('refuses %s, naming the setting', (_what, value, mentioned) => {
    expect(() => loadConfig({ FOYER_TRUST_PROXY: value })).toThrow(expect.objectContaining({ code: 'validation', details: [expect.objectContaining({ field: 'FOYER_TRUST_PROXY' })] }));
    expect(() => loadConfig({ FOYER_TRUST_PROXY: value })).toThrow(mentioned);
  });

  test('by default takes the address of the connection, whatever X-Forwarded-For claims', async () => {
    const app = await serve();
    expect(await ipSeen(app, '203.0.113.7', '198.51.100.1')).toBe('203.0.113.7');
  });

  test('takes X-Forwarded-For only from a listed proxy', async () => {
    const app = await serve(['10.0.0.1']);
    expect(await ipSeen(app, '10.0.0.1', '198.51.100.1')).toBe('198.51.100.1');
    // A client that connects directly cannot pass itself off as someone else.
    expect(await ipSeen(app, '203.0.113.7', '198.51.100.1')).toBe('203.0.113.7');
    // Nor can it through the proxy: the proxy appends the address it saw, which is taken.
    expect(await ipSeen(app, '10.0.0.1', '198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
  });
});

describe('FOYER_PUBLIC_URL', () => {
  test('is normalised: lower-case scheme and host, no trailing slash', () => {
    expect(loadConfig({ FOYER_PUBLIC_URL: 'HTTPS://Foyer.Theater.example/' }).publicUrl).toBe('https://foyer.theater.example');
    expect(loadConfig({ FOYER_PUBLIC_URL: 'https://theater.example/foyer/' }).publicUrl).toBe('https://theater.example/foyer');
    expect(loadConfig({ FOYER_PORT: '8080' }).publicUrl).toBe('http://127.0.0.1:8080');
    expect(loadConfig({ FOYER_HOST: '::1' }).publicUrl).toBe('http://[::1]:3000');
  });

  test.each([
    ['another scheme', 'ftp://foyer.theater.example', 'https://'],
    ['no URL at all', 'foyer.theater.example', 'not a URL'],
    ['a query', 'https://foyer.theater.example/?a=1', 'query'],
  ])('refuses %s with a clear message', (_what, value, mentioned) => {
    expect(() => loadConfig({ FOYER_PUBLIC_URL: value })).toThrow(expect.objectContaining({ code: 'validation', details: [expect.objectContaining({ field: 'FOYER_PUBLIC_URL' })] }));
    expect(() => loadConfig({ FOYER_PUBLIC_URL: value })).toThrow(mentioned);
  });
});
