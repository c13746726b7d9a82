import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * Test doubles on loopback: a Mastodon instance implementing the three endpoints the
 * channel uses (and serving a poster image), and a webhook receiver. Both record every
 * request as it arrived, so tests assert what went over the wire.
 */

/** A tiny valid PNG (1x1, transparent). */
export const POSTER_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Do the work (create the status), then answer with this status: a reply lost on the way back. */
  afterWork?: boolean;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(body === undefined ? '' : JSON.stringify(body));
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export interface FakeMastodonStatus {
  id: string;
  url: string;
  status: string;
  language: string;
  visibility: string;
  mediaIds: string[];
}

export interface FakeMedia {
  id: string;
  description: string;
  type: string;
  size: number;
}

export async function startFakeMastodon(options: { token: string }) {
  const requests: RecordedRequest[] = [];
  const statuses: FakeMastodonStatus[] = [];
  const media: FakeMedia[] = [];
  const byKey = new Map<string, FakeMastodonStatus>();
  const scripted = new Map<string, ScriptedAnswer[]>();
  const settings = { processingPolls: 0 };
  const polls = new Map<string, number>();
  let baseUrl = '';

  function scriptedFor(route: string): ScriptedAnswer | undefined {
    return scripted.get(route)?.shift();
  }

  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      requests.push({ method: request.method ?? 'GET', path, headers: request.headers, body });

      if (request.method === 'GET' && path === '/images/poster.png') {
        response.writeHead(200, { 'content-type': 'image/png', 'content-length': String(POSTER_PNG.length) });
        response.end(POSTER_PNG);
        return;
      }
      if (request.method === 'GET' && path === '/images/page.html') {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<html></html>');
        return;
      }
      if (request.headers.authorization !== `Bearer ${options.token}`) {
        send(response, 401, { error: 'The access token is invalid' });
        return;
      }
      const route = `${request.method} ${path.replace(/\/media\/[^/]+$/, '/media/:id')}`;
      const answer = scriptedFor(route);
      if (answer !== undefined && answer.afterWork !== true) {
        send(response, answer.status, answer.body ?? { error: 'scripted' }, answer.headers);
        return;
      }

      if (route === 'POST /api/v2/media') {
        const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': request.headers['content-type'] ?? '' }, body }).formData();
        const file = form.get('file');
        if (!(file instanceof Blob)) {
          send(response, 422, { error: 'Validation failed: File is missing' });
          return;
        }
        const item = { id: String(100 + media.length), description: String(form.get('description') ?? ''), type: file.type, size: file.size };
        media.push(item);
        polls.set(item.id, 0);
        const processing = settings.processingPolls > 0;
        send(response, processing ? 202 : 200, { id: item.id, type: 'image', url: processing ? null : `${baseUrl}/media/${item.id}.png`, description: item.description });
        return;
      }
      if (route === 'GET /api/v1/media/:id') {
        const id = path.split('/').pop() ?? '';
        const seen = (polls.get(id) ?? 0) + 1;
        polls.set(id, seen);
        // Mastodon answers 206 while processing; the channel takes 202 the same way.
        if (seen <= settings.processingPolls) send(response, 202, { id, url: null });
        else send(response, 200, { id, url: `${baseUrl}/media/${id}.png` });
        return;
      }
      if (route === 'POST /api/v1/statuses') {
        const key = request.headers['idempotency-key'];
        const known = typeof key === 'string' ? byKey.get(key) : undefined;
        if (known !== undefined) {
          // What Mastodon does: the same key within an hour answers the status made the first time.
          send(response, 200, { id: known.id, url: known.url, content: known.status });
          return;
        }
        const form = new URLSearchParams(body.toString('utf8'));
        const status: FakeMastodonStatus = {
          id: String(1000 + statuses.length),
          url: `${baseUrl}/@foyer/${1000 + statuses.length}`,
          status: form.get('status') ?? '',
          language: form.get('language') ?? '',
          visibility: form.get('visibility') ?? '',
          mediaIds: form.getAll('media_ids[]'),
        };
        statuses.push(status);
        if (typeof key === 'string') byKey.set(key, status);
        if (answer !== undefined) send(response, answer.status, answer.body ?? { error: 'scripted' }, answer.headers);
        else send(response, 200, { id: status.id, url: status.url, content: status.status });
        return;
      }
      send(response, 404, { error: 'Record not found' });
    })().catch((error: unknown) => send(response, 500, { error: String(error) }));
  });
  baseUrl = await listen(server);

  return {
    url: baseUrl,
    requests,
    statuses,
    media,
    settings,
    /** The next request to `route` (e.g. 'POST /api/v1/statuses') gets this answer. */
    script(route: string, answer: ScriptedAnswer): void {
      scripted.set(route, [...(scripted.get(route) ?? []), answer]);
    },
    requestsTo(route: string): RecordedRequest[] {
      return requests.filter((r) => `${r.method} ${r.path.replace(/\/media\/[^/]+$/, '/media/:id')}` === route);
    },
    close: () => close(server),
  };
}

export type FakeMastodon = Awaited<ReturnType<typeof startFakeMastodon>>;

export async function startWebhookReceiver() {
  const requests: RecordedRequest[] = [];
  const answers: Array<{ status: number; delayMs?: number }> = [];
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      requests.push({ method: request.method ?? 'GET', path: request.url ?? '/', headers: request.headers, body });
      const answer = answers.shift() ?? { status: 204 };
      if (answer.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      response.writeHead(answer.status);
      response.end();
    })();
  });
  const url = await listen(server);
  return {
    url: `${url}/hooks/foyer`,
    requests,
    /** The next requests get these answers, in order; then 204. */
    answer(...next: Array<{ status: number; delayMs?: number }>): void {
      answers.push(...next);
    },
    close: () => close(server),
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
