import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFetchError, fetchSource } from './fetch.ts';

const calendar = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:a@test\r\nDTSTART:20261002T173000Z\r\nSUMMARY:Faust\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';

/** A real HTTP server on 127.0.0.1 that serves what the tests need. */
function startServer(): Promise<{ server: Server; base: string }> {
  const server = createServer((request, response) => {
    switch (request.url) {
      case '/programme.ics':
        response.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8' });
        response.end(calendar);
        return;
      case '/download':
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        response.end(calendar);
        return;
      case '/moved':
        response.writeHead(301, { location: '/programme.ics' });
        response.end();
        return;
      case '/big':
        response.writeHead(200, { 'content-type': 'text/csv' });
        response.end('x'.repeat(5000));
        return;
      case '/endless': {
        // No content-length: the limit has to be enforced while the body streams in.
        response.writeHead(200, { 'content-type': 'text/csv', 'transfer-encoding': 'chunked' });
        response.write('y'.repeat(3000));
        response.write('y'.repeat(3000));
        response.end();
        return;
      }
      case '/hang':
        // Never answers; the client's deadline must end the wait.
        return;
      case '/broken':
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end('oops');
        return;
      default:
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('not here');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, base: `http://127.0.0.1:${port}` });
    });
  });
}

describe('fetching a feed URL', () => {
  let server: Server;
  let base: string;
  const options = { timeoutMs: 2000, maxBytes: 4096 };

  beforeAll(async () => {
    ({ server, base } = await startServer());
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads the file with its content type', async () => {
    const fetched = await fetchSource(`${base}/programme.ics`, options);
    expect(new TextDecoder().decode(fetched.bytes)).toBe(calendar);
    expect(fetched.contentType).toBe('text/calendar; charset=utf-8');
  });

  it('follows redirects and reports the final URL', async () => {
    const fetched = await fetchSource(`${base}/moved`, options);
    expect(fetched.url).toBe(`${base}/programme.ics`);
  });

  it('reads a download sent with a generic type', async () => {
    const fetched = await fetchSource(`${base}/download`, options);
    expect(fetched.bytes.byteLength).toBe(calendar.length);
  });

  it('names the status code when the server answers with an error', async () => {
    await expect(fetchSource(`${base}/nothing.ics`, options)).rejects.toMatchObject({
      code: 'upstream',
      message: expect.stringMatching(/answered 404 Not Found for \/nothing\.ics/),
    });
    await expect(fetchSource(`${base}/broken`, options)).rejects.toMatchObject({ code: 'upstream', message: expect.stringContaining('500') });
  });

  it('refuses an answer larger than the limit, declared or streamed', async () => {
    await expect(fetchSource(`${base}/big`, options)).rejects.toMatchObject({ code: 'upstream', message: expect.stringContaining('import limit') });
    await expect(fetchSource(`${base}/endless`, options)).rejects.toMatchObject({ code: 'upstream', message: expect.stringContaining('import limit') });
  });

  it('gives up on a server that does not answer in time', async () => {
    await expect(fetchSource(`${base}/hang`, { ...options, timeoutMs: 150 })).rejects.toMatchObject({
      code: 'upstream',
      message: expect.stringContaining('did not answer within 0.2 s'),
    });
  });

  it('says when nothing listens at the address', async () => {
    const closed = await startServer();
    await new Promise((resolve) => closed.server.close(resolve));
    await expect(fetchSource(`${closed.base}/programme.ics`, options)).rejects.toMatchObject({
      code: 'upstream',
      message: expect.stringContaining('refused the connection'),
    });
  });

  it('accepts only http and https', async () => {
    await expect(fetchSource('file:///etc/passwd', options)).rejects.toMatchObject({ code: 'validation', details: [{ field: 'url', message: 'only http and https' }] });
    await expect(fetchSource('not a url', options)).rejects.toMatchObject({ code: 'validation' });
  });

  it('explains a host name that cannot be resolved', () => {
    const error = new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND spielplan.example'), { code: 'ENOTFOUND' }) });
    expect(describeFetchError(error, new URL('https://spielplan.example/feed.ics'), 1000)).toMatchObject({
      code: 'upstream',
      message: 'the host name spielplan.example could not be resolved (DNS): check the address',
    });
  });
});
