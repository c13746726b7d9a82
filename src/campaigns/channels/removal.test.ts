import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, insertTestHouse, type TestApp } from '../../core/testing/app.ts';
import { testEngine } from '../../core/testing/database.ts';
import type { JourneyGraph } from '../journeys/definition.ts';
import { type FakeMastodon, startFakeMastodon } from './testing.ts';

/*
 * Removing a channel account: allowed once nothing is left to go out, refused while a
 * post is scheduled or a running journey names the account, and only within the house.
 */

const TOKEN = 'mastodon-token-0123456789';

let t: TestApp;
let mastodon: FakeMastodon;
let owner: Record<string, string>;

beforeEach(async () => {
  t = await createTestApp({ env: { FOYER_ALLOW_PRIVATE_WEBHOOKS: 'true' } });
  mastodon = await startFakeMastodon({ token: TOKEN });
  owner = await t.as('owner');
});

afterEach(async () => {
  await t.close();
  await mastodon.close();
});

async function addMastodon(headers = owner): Promise<string> {
  const response = await t.foyer.http.inject({ method: 'POST', url: '/api/campaigns/channels', headers, payload: { kind: 'mastodon', name: 'Mastodon', instanceUrl: mastodon.url, accessToken: TOKEN } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ account: { id: string } }>().account.id;
}

async function schedule(accountId: string, text: string, publishAt?: string): Promise<string> {
  const response = await t.foyer.http.inject({ method: 'POST', url: '/api/campaigns/posts', headers: owner, payload: { accountId, text, language: 'de', ...(publishAt === undefined ? {} : { publishAt }) } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

async function remove(id: string, headers = owner) {
  return t.foyer.http.inject({ method: 'DELETE', url: `/api/campaigns/channels/${id}`, headers });
}

async function postsOf(accountId: string) {
  return t.foyer.database.db.selectFrom('scheduled_post').select(['id', 'state']).where('account_id', '=', accountId).execute();
}

async function accountIds(headers = owner): Promise<string[]> {
  const response = await t.foyer.http.inject({ method: 'GET', url: '/api/campaigns/channels', headers });
  return response.json<{ items: { id: string }[] }>().items.map((account) => account.id);
}

const inAnHour = () => new Date(t.clock.now().getTime() + 3_600_000).toISOString();

describe(`removing a channel account on ${testEngine}`, () => {
  it('removes an account whose posts are all published or cancelled, with their record', async () => {
    const accountId = await addMastodon();
    await schedule(accountId, 'Premiere: Faust');
    await t.foyer.jobs.runDueJobs();
    const later = await schedule(accountId, 'Letzte Vorstellung', inAnHour());
    expect((await t.foyer.http.inject({ method: 'POST', url: `/api/campaigns/posts/${later}/cancel`, headers: owner })).statusCode).toBe(200);
    expect((await postsOf(accountId)).map((post) => post.state).sort()).toEqual(['cancelled', 'published']);

    const response = await remove(accountId);
    expect(response.statusCode, response.body).toBe(204);
    expect(await accountIds()).not.toContain(accountId);
    expect(await postsOf(accountId)).toEqual([]);
    // Removing forgets the posts; it does not take them off the network.
    expect(mastodon.statuses).toHaveLength(1);
  });

  it('refuses an account with a scheduled post, naming the post to cancel first', async () => {
    const accountId = await addMastodon();
    const postId = await schedule(accountId, 'Vorverkauf beginnt morgen', inAnHour());

    const response = await remove(accountId);
    expect(response.statusCode, response.body).toBe(409);
    const body = response.json<{ error: { code: string; message: string; details: { field: string }[] } }>().error;
    expect(body.code).toBe('conflict');
    expect(body.message).toContain('cancel its scheduled posts first');
    expect(body.message).toContain('Vorverkauf beginnt morgen');
    expect(body.details.map((detail) => detail.field)).toEqual([`posts.${postId}`]);
    expect(await accountIds()).toContain(accountId);
    expect(await postsOf(accountId)).toHaveLength(1);
  });

  it('refuses an account an active journey posts through, and allows it once the journey is archived', async () => {
    const accountId = await addMastodon();
    const graph: JourneyGraph = { start: 'post', nodes: [{ id: 'post', type: 'action', action: { kind: 'publish_post', accountId, text: 'Willkommen!', language: 'de' } }], edges: [] };
    const created = await t.foyer.http.inject({ method: 'POST', url: '/api/campaigns/journeys', headers: owner, payload: { name: 'Willkommensstrecke', trigger: { type: 'event', event: 'consent.granted' }, graph } });
    expect(created.statusCode, created.body).toBe(201);
    const journeyId = created.json<{ id: string }>().id;
    const activated = await t.foyer.http.inject({ method: 'POST', url: `/api/campaigns/journeys/${journeyId}/activate`, headers: owner });
    expect(activated.statusCode, activated.body).toBe(200);

    const refused = await remove(accountId);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json<{ error: { message: string } }>().error.message).toContain('"Willkommensstrecke" (active)');

    const archived = await t.foyer.http.inject({ method: 'POST', url: `/api/campaigns/journeys/${journeyId}/archive`, headers: owner });
    expect(archived.statusCode, archived.body).toBe(200);
    expect((await remove(accountId)).statusCode).toBe(204);
  });

  it('answers 404 for another house’s account and leaves it alone', async () => {
    const accountId = await addMastodon();
    const other = await insertTestHouse(t.foyer);
    const stranger = await t.as('owner', { houseId: other.id });
    expect((await remove(accountId, stranger)).statusCode).toBe(404);
    expect(await accountIds()).toContain(accountId);
  });

  it('needs house:manage: marketing may post through an account but not remove it', async () => {
    const accountId = await addMastodon();
    expect((await remove(accountId, await t.as('marketing'))).statusCode).toBe(403);
    expect(await accountIds()).toContain(accountId);
  });
});
