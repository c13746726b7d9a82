import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../../core/testing/app.ts';
import { testEngine } from '../../core/testing/database.ts';
import { createMastodonChannel } from './mastodon.ts';
import { ChannelFailure, type ChannelAccount } from './model.ts';
import { type FakeMastodon, POSTER_PNG, startFakeMastodon, startWebhookReceiver, type WebhookReceiver } from './testing.ts';
import { createWebhookChannel, SIGNATURE_HEADER, verifySignature } from './webhook.ts';

/*
 * Scheduled posts end to end: the API writes the post and its job, runDueJobs() plays the
 * worker, and a fake Mastodon and a webhook receiver on loopback check what arrived.
 *
 * The SQLite queue runs on the test clock; pg-boss compares run times with the database
 * server's clock, for which the test clock (September 2026) lies in the past, so on
 * PostgreSQL every job is due at once: the "not yet" steps are checked on SQLite only.
 */

const sqlite = testEngine === 'sqlite';
const TOKEN = 'mastodon-token-0123456789';

let t: TestApp;
let mastodon: FakeMastodon;
let receiver: WebhookReceiver;
let owner: Record<string, string>;

beforeEach(async () => {
  t = await createTestApp({ env: { FOYER_ALLOW_PRIVATE_WEBHOOKS: 'true' } });
  mastodon = await startFakeMastodon({ token: TOKEN });
  receiver = await startWebhookReceiver();
  owner = await t.as('owner');
});

afterEach(async () => {
  await t.close();
  await mastodon.close();
  await receiver.close();
});

async function addMastodon(token = TOKEN, headers = owner): Promise<string> {
  const response = await t.foyer.http.inject({
    method: 'POST',
    url: '/api/campaigns/channels',
    headers,
    payload: { kind: 'mastodon', name: `Mastodon ${newId().slice(-6)}`, instanceUrl: mastodon.url, accessToken: token },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ account: { id: string } }>().account.id;
}

async function addWebhook(): Promise<{ id: string; secret: string }> {
  const response = await t.foyer.http.inject({ method: 'POST', url: '/api/campaigns/channels', headers: owner, payload: { kind: 'webhook', name: 'Stadtportal', url: receiver.url } });
  expect(response.statusCode, response.body).toBe(201);
  const body = response.json<{ account: { id: string }; signingSecret: string }>();
  return { id: body.account.id, secret: body.signingSecret };
}

interface PostBody {
  id: string;
  state: string;
  attempts: number;
  remoteId: string | null;
  remoteUrl: string | null;
  lastError: string | null;
  nextAttemptAt: string | null;
}

async function schedule(payload: Record<string, unknown>, headers = owner) {
  return t.foyer.http.inject({ method: 'POST', url: '/api/campaigns/posts', headers, payload });
}

async function scheduled(payload: Record<string, unknown>, headers = owner): Promise<PostBody> {
  const response = await schedule(payload, headers);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<PostBody>();
}

async function post(id: string, headers = owner): Promise<PostBody> {
  const response = await t.foyer.http.inject({ method: 'GET', url: `/api/campaigns/posts/${id}`, headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<PostBody>();
}

describe(`Mastodon posts on ${testEngine}`, () => {
  it('publishes text, link and image with alt text when its time comes', async () => {
    const accountId = await addMastodon();
    const publishAt = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    const created = await scheduled({
      accountId,
      text: 'Premiere: Faust. Der Tragödie erster Teil',
      language: 'de',
      link: 'https://stadttheater.example/faust',
      image: { url: `${mastodon.url}/images/poster.png`, description: 'Gretchen am Spinnrad, Szenenfoto' },
      publishAt,
    });
    expect(created).toMatchObject({ state: 'scheduled', attempts: 0 });

    if (sqlite) {
      await t.foyer.jobs.runDueJobs();
      expect(mastodon.statuses).toEqual([]);
      t.clock.advance(3_600_000);
    }
    await t.foyer.jobs.runDueJobs();

    const [upload] = mastodon.requestsTo('POST /api/v2/media');
    expect(upload?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(mastodon.media).toEqual([{ id: '100', description: 'Gretchen am Spinnrad, Szenenfoto', type: 'image/png', size: POSTER_PNG.length }]);
    const [statusRequest] = mastodon.requestsTo('POST /api/v1/statuses');
    expect(statusRequest?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(statusRequest?.headers['idempotency-key']).toBe(`foyer-post-${created.id}`);
    expect(mastodon.statuses).toEqual([
      {
        id: '1000',
        url: `${mastodon.url}/@foyer/1000`,
        status: 'Premiere: Faust. Der Tragödie erster Teil\n\nhttps://stadttheater.example/faust',
        language: 'de',
        visibility: 'public',
        mediaIds: ['100'],
      },
    ]);
    expect(await post(created.id)).toMatchObject({ state: 'published', attempts: 1, remoteId: '1000', remoteUrl: `${mastodon.url}/@foyer/1000`, lastError: null });
  });

  it('uploads image bytes given with the post', async () => {
    const accountId = await addMastodon();
    await scheduled({ accountId, text: 'Plakat', language: 'en', image: { data: POSTER_PNG.toString('base64'), contentType: 'image/png', description: 'The season poster' } });
    await t.foyer.jobs.runDueJobs();
    expect(mastodon.media).toMatchObject([{ description: 'The season poster', type: 'image/png', size: POSTER_PNG.length }]);
    expect(mastodon.statuses).toMatchObject([{ language: 'en', mediaIds: ['100'] }]);
  });

  it('a retried job does not post twice: the answer was lost, the same Idempotency-Key gets the first status', async () => {
    const accountId = await addMastodon();
    mastodon.script('POST /api/v1/statuses', { status: 502, afterWork: true });
    const created = await scheduled({ accountId, text: 'Heute: Faust', language: 'de' });
    await t.foyer.jobs.runDueJobs();
    if (sqlite) {
      expect(await post(created.id)).toMatchObject({ state: 'scheduled', attempts: 1, nextAttemptAt: '2026-09-01T08:01:00.000Z' });
      expect((await post(created.id)).lastError).toContain('502');
      t.clock.advance(60_000);
      await t.foyer.jobs.runDueJobs();
    }
    const keys = mastodon.requestsTo('POST /api/v1/statuses').map((r) => r.headers['idempotency-key']);
    expect(keys).toEqual([`foyer-post-${created.id}`, `foyer-post-${created.id}`]);
    expect(mastodon.statuses).toHaveLength(1);
    expect(await post(created.id)).toMatchObject({ state: 'published', attempts: 2, remoteId: '1000', lastError: null });
  });

  it('a refused token fails the post at once, saying so, and is not retried', async () => {
    const accountId = await addMastodon('revoked-token-0000');
    const created = await scheduled({ accountId, text: 'Heute: Faust', language: 'de' });
    await t.foyer.jobs.runDueJobs();
    t.clock.advance(24 * 3_600_000);
    await t.foyer.jobs.runDueJobs();
    const failed = await post(created.id);
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, nextAttemptAt: null });
    expect(failed.lastError).toContain('refused the access token (401: The access token is invalid)');
    expect(mastodon.requestsTo('POST /api/v1/statuses')).toHaveLength(1);
    expect(mastodon.statuses).toEqual([]);
  });

  it('after the token is replaced, the next post goes out', async () => {
    const accountId = await addMastodon('revoked-token-0000');
    const patched = await t.foyer.http.inject({ method: 'PATCH', url: `/api/campaigns/channels/${accountId}`, headers: owner, payload: { accessToken: TOKEN } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.body).not.toContain(TOKEN);
    await scheduled({ accountId, text: 'Jetzt klappt es', language: 'de' });
    await t.foyer.jobs.runDueJobs();
    expect(mastodon.statuses).toMatchObject([{ status: 'Jetzt klappt es' }]);
    const onWebhook = await t.foyer.http.inject({ method: 'PATCH', url: `/api/campaigns/channels/${(await addWebhook()).id}`, headers: owner, payload: { accessToken: TOKEN } });
    expect(onWebhook.statusCode).toBe(400);
    expect(onWebhook.json()).toMatchObject({ error: { details: [{ field: 'accessToken' }] } });
  });

  it('a rate limit (429) is retried after X-RateLimit-Reset', async () => {
    const accountId = await addMastodon();
    const reset = new Date(t.clock.now().getTime() + 15 * 60_000).toISOString();
    mastodon.script('POST /api/v1/statuses', { status: 429, headers: { 'x-ratelimit-reset': reset }, body: { error: 'Too many requests' } });
    const created = await scheduled({ accountId, text: 'Heute: Faust', language: 'de' });
    await t.foyer.jobs.runDueJobs();
    if (sqlite) {
      expect(await post(created.id)).toMatchObject({ state: 'scheduled', attempts: 1, nextAttemptAt: reset });
      t.clock.advance(14 * 60_000);
      await t.foyer.jobs.runDueJobs();
      expect(mastodon.statuses).toEqual([]);
      t.clock.advance(60_000);
      await t.foyer.jobs.runDueJobs();
    }
    expect(mastodon.statuses).toHaveLength(1);
    expect(await post(created.id)).toMatchObject({ state: 'published', attempts: 2 });
  });

  it('a cancelled post is never published, and cannot be cancelled twice', async () => {
    const accountId = await addMastodon();
    const created = await scheduled({ accountId, text: 'Abgesagt', language: 'de', publishAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString() });
    const cancel = () => t.foyer.http.inject({ method: 'POST', url: `/api/campaigns/posts/${created.id}/cancel`, headers: owner });
    const first = await cancel();
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ state: 'cancelled' });
    t.clock.advance(2 * 3_600_000);
    await t.foyer.jobs.runDueJobs();
    expect(mastodon.requests.filter((r) => r.path.startsWith('/api/'))).toEqual([]);
    const second = await cancel();
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ error: { code: 'conflict', message: 'the post is already cancelled' } });
  });

  it('waits for an image the instance still processes (202), then posts with its media id', async () => {
    mastodon.settings.processingPolls = 2;
    const channel = createMastodonChannel({ timeoutMs: 5000, allowPrivate: true, sleep: async () => {} });
    const account: ChannelAccount = { id: 'a', houseId: 'h', kind: 'mastodon', instanceUrl: mastodon.url, accessToken: TOKEN };
    const published = await channel.publish(
      { text: 'Plakat', language: 'de', idempotencyKey: 'k-1', image: { bytes: POSTER_PNG, contentType: 'image/png', description: 'Das Plakat der Spielzeit' } },
      account,
      new AbortController().signal,
    );
    expect(mastodon.requestsTo('GET /api/v1/media/:id').map((r) => [r.path, r.headers.authorization])).toEqual([
      ['/api/v1/media/100', `Bearer ${TOKEN}`],
      ['/api/v1/media/100', `Bearer ${TOKEN}`],
      ['/api/v1/media/100', `Bearer ${TOKEN}`],
    ]);
    expect(mastodon.statuses).toMatchObject([{ mediaIds: ['100'] }]);
    expect(published).toEqual({ remoteId: '1000', url: `${mastodon.url}/@foyer/1000` });
  });

  it('refuses an image URL that is no image, without retrying', async () => {
    const channel = createMastodonChannel({ timeoutMs: 5000, allowPrivate: true });
    const account: ChannelAccount = { id: 'a', houseId: 'h', kind: 'mastodon', instanceUrl: mastodon.url, accessToken: TOKEN };
    const error = await channel
      .publish({ text: 'x', language: 'de', idempotencyKey: 'k', image: { url: `${mastodon.url}/images/page.html`, description: 'Plakat' } }, account, new AbortController().signal)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChannelFailure);
    expect(error).toMatchObject({ retry: 'never' });
    expect((error as Error).message).toContain('text/html');
  });
});

describe(`channel accounts and validation on ${testEngine}`, () => {
  it('never returns the access token, only that it is set', async () => {
    await addMastodon();
    const response = await t.foyer.http.inject({ method: 'GET', url: '/api/campaigns/channels', headers: owner });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain(TOKEN);
    expect(response.json()).toMatchObject({ items: [{ kind: 'mastodon', url: mastodon.url, secret: 'set' }] });
  });

  it('only house:manage adds accounts; marketing schedules posts', async () => {
    const marketing = await t.as('marketing');
    const refused = await t.foyer.http.inject({ method: 'POST', url: '/api/campaigns/channels', headers: marketing, payload: { kind: 'webhook', name: 'x', url: receiver.url } });
    expect(refused.statusCode).toBe(403);
    const accountId = await addMastodon();
    expect((await schedule({ accountId, text: 'Faust', language: 'de' }, marketing)).statusCode).toBe(201);
    expect((await schedule({ accountId, text: 'Faust', language: 'de' }, await t.as('analyst'))).statusCode).toBe(403);
  });

  it.each([
    ['a text too long as Mastodon counts it', { text: `${'x'.repeat(480)}`, link: 'https://stadttheater.example/faust' }, 'text'],
    ['an image without alt text', { image: { url: 'https://stadttheater.example/poster.jpg', description: '' } }, 'image.description'],
    ['a link that is no URL', { link: 'stadttheater' }, 'body.link'],
    ['an unknown language', { language: 'fr' }, 'body.language'],
    ['a time in the past', { publishAt: '2026-08-01T10:00:00Z' }, 'publishAt'],
    ['an account of no channel', { accountId: newId() }, 'accountId'],
  ])('refuses %s with a 400 naming the field', async (_name, change, field) => {
    const accountId = await addMastodon();
    const response = await schedule({ accountId, text: 'Faust', language: 'de', ...change });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json<{ error: { details: Array<{ field: string }> } }>().error.details.map((d) => d.field)).toContain(field);
  });
});

describe(`webhook posts on ${testEngine}`, () => {
  it('posts signed JSON the receiver can verify', async () => {
    const { id: accountId, secret } = await addWebhook();
    expect(secret).toMatch(/^whsec_/);
    const listed = await t.foyer.http.inject({ method: 'GET', url: '/api/campaigns/channels', headers: owner });
    expect(listed.body).not.toContain(secret);

    const created = await scheduled({ accountId, text: 'Faust heute', language: 'de', link: 'https://stadttheater.example/faust', event: 'campaign.season' });
    await t.foyer.jobs.runDueJobs();

    const [request] = receiver.requests;
    const body = request?.body.toString('utf8') ?? '';
    const signature = String(request?.headers[SIGNATURE_HEADER]);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, signature, body, t.clock.now())).toBe(true);
    expect(verifySignature('whsec_wrong', signature, body, t.clock.now())).toBe(false);
    expect(verifySignature(secret, signature, body.replace('Faust', 'Fau5t'), t.clock.now())).toBe(false);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['idempotency-key']).toBe(`foyer-post-${created.id}`);
    expect(JSON.parse(body)).toEqual({
      event: 'campaign.season',
      house: t.house.id,
      post: { text: 'Faust heute', language: 'de', link: 'https://stadttheater.example/faust', image: null },
      sentAt: t.clock.now().toISOString(),
    });
    expect(await post(created.id)).toMatchObject({ state: 'published', remoteUrl: receiver.url });
  });

  it('retries a receiver that is down (5xx), and gives up on one that refuses (4xx)', async () => {
    const { id: accountId } = await addWebhook();
    receiver.answer({ status: 503 }, { status: 204 }, { status: 410 });
    const retried = await scheduled({ accountId, text: 'Erst beim zweiten Mal', language: 'de' });
    await t.foyer.jobs.runDueJobs();
    if (sqlite) {
      expect(await post(retried.id)).toMatchObject({ state: 'scheduled', attempts: 1 });
      t.clock.advance(60_000);
      await t.foyer.jobs.runDueJobs();
    }
    expect(await post(retried.id)).toMatchObject({ state: 'published', attempts: 2 });

    const refused = await scheduled({ accountId, text: 'Gone', language: 'de' });
    await t.foyer.jobs.runDueJobs();
    t.clock.advance(3_600_000);
    await t.foyer.jobs.runDueJobs();
    expect(await post(refused.id)).toMatchObject({ state: 'failed', attempts: 1, lastError: expect.stringContaining('410') });
    expect(receiver.requests).toHaveLength(3);
  });

  it('a receiver that does not answer in time is an outage to retry', async () => {
    receiver.answer({ status: 204, delayMs: 2000 });
    const channel = createWebhookChannel({ timeoutMs: 100, allowPrivate: true, now: () => t.clock.now() });
    const error = await channel
      .publish({ text: 'x', language: 'de', idempotencyKey: 'k' }, { id: 'a', houseId: 'h', kind: 'webhook', url: receiver.url, secret: 's' }, new AbortController().signal)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ retry: 'later', message: expect.stringContaining('did not answer within 0.1 s') });
  });
});

describe(`the SSRF guard on ${testEngine}`, () => {
  it.each(['http://127.0.0.1:9/hook', 'http://localhost:8080/hook', 'http://10.0.0.7/hook', 'http://[::1]/hook', 'http://169.254.169.254/latest/meta-data'])(
    'refuses a webhook to %s unless FOYER_ALLOW_PRIVATE_WEBHOOKS=true',
    async (url) => {
      const guarded = await createTestApp();
      try {
        const response = await guarded.foyer.http.inject({ method: 'POST', url: '/api/campaigns/channels', headers: await guarded.as('owner'), payload: { kind: 'webhook', name: 'intern', url } });
        expect(response.statusCode, response.body).toBe(400);
        expect(response.json()).toMatchObject({ error: { code: 'validation', details: [{ field: 'url', message: expect.stringContaining('FOYER_ALLOW_PRIVATE_WEBHOOKS') }] } });
      } finally {
        await guarded.close();
      }
    },
  );

  it('refuses at send time too, without retrying (DNS may have changed since the account was saved)', async () => {
    const channel = createWebhookChannel({ timeoutMs: 1000, allowPrivate: false, now: () => t.clock.now() });
    const error = await channel
      .publish({ text: 'x', language: 'de', idempotencyKey: 'k' }, { id: 'a', houseId: 'h', kind: 'webhook', url: receiver.url, secret: 's' }, new AbortController().signal)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ retry: 'never', message: expect.stringContaining('private or loopback') });
    expect(receiver.requests).toEqual([]);
  });
});

describe(`house and unit isolation on ${testEngine}`, () => {
  it('another house neither sees, cancels nor posts through this house’s posts and accounts', async () => {
    const accountId = await addMastodon();
    const mine = await scheduled({ accountId, text: 'Nur für uns', language: 'de', publishAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString() });
    const other = await insertTestHouse(t.foyer);
    const stranger = await t.as('owner', { houseId: other.id });

    const list = await t.foyer.http.inject({ method: 'GET', url: '/api/campaigns/posts', headers: stranger });
    expect(list.json()).toMatchObject({ items: [], total: 0 });
    expect((await t.foyer.http.inject({ method: 'GET', url: `/api/campaigns/posts/${mine.id}`, headers: stranger })).statusCode).toBe(404);
    expect((await t.foyer.http.inject({ method: 'POST', url: `/api/campaigns/posts/${mine.id}/cancel`, headers: stranger })).statusCode).toBe(404);
    expect((await t.foyer.http.inject({ method: 'GET', url: '/api/campaigns/channels', headers: stranger })).json()).toEqual({ items: [] });
    const borrowed = await schedule({ accountId, text: 'Fremd', language: 'de' }, stranger);
    expect(borrowed.statusCode).toBe(400);
    expect(borrowed.json()).toMatchObject({ error: { details: [{ field: 'accountId' }] } });
    expect(await post(mine.id)).toMatchObject({ state: 'scheduled' });
  });

  it('a unit’s key sees only its unit’s posts, and posts only with the right to approve', async () => {
    const now = new Date().toISOString();
    const unitId = newId();
    await t.foyer.database.db
      .insertInto('unit')
      .values({ id: unitId, house_id: t.house.id, slug: 'junges-haus', name_de: 'Junges Haus', name_en: null, description_de: null, description_en: null, created_at: now, updated_at: now })
      .execute();
    const unitKey = await t.withScopes(['campaigns:write', 'campaigns:approve'], { unitId });
    const accountId = await addMastodon();
    const houseWide = await scheduled({ accountId, text: 'Für alle', language: 'de' });
    const forUnit = await scheduled({ accountId, text: 'Schulvorstellung', language: 'de' }, unitKey);
    // Without the right to let things out unseen (a unit's coordinator), nothing is posted.
    const unapproved = await schedule({ accountId, text: 'Ohne Freigabe', language: 'de' }, await t.withScopes(['campaigns:write'], { unitId }));
    expect(unapproved.statusCode).toBe(403);

    const list = await t.foyer.http.inject({ method: 'GET', url: '/api/campaigns/posts', headers: unitKey });
    expect(list.json<{ items: Array<{ id: string; unitId: string }> }>().items.map((p) => [p.id, p.unitId])).toEqual([[forUnit.id, unitId]]);
    expect((await t.foyer.http.inject({ method: 'GET', url: `/api/campaigns/posts/${houseWide.id}`, headers: unitKey })).statusCode).toBe(404);
    expect((await t.foyer.http.inject({ method: 'GET', url: '/api/campaigns/posts', headers: owner })).json()).toMatchObject({ total: 2 });
  });
});
