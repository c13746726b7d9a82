import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertConsent } from '../audience/testing.ts';
import { createTestApp, type TestApp } from '../core/testing/app.ts';
import { testEngine } from '../core/testing/database.ts';
import { addOperaLover, type RecommendationHouse, seedRecommendationHouse } from './api-fixtures.ts';

/*
 * What the recommender showed a person is personal data: it is in the person's export,
 * and it goes when their recommendations consent ends or they are erased.
 */

let t: TestApp;
let h: RecommendationHouse;

beforeEach(async () => {
  t = await createTestApp({ env: { FOYER_PUBLIC_URL: 'https://foyer.example' } });
  h = await seedRecommendationHouse(t, t.house.id);
});
afterEach(async () => t.close());

const exposuresOf = (contactId: string) =>
  t.foyer.database.db.selectFrom('recommendation_exposure').select(['production_id', 'slot']).where('house_id', '=', t.house.id).where('contact_id', '=', contactId).execute();

/** The person's list, as an app of the house shows it to them (recorded with their id). */
async function showListTo(contactId: string): Promise<void> {
  const response = await t.foyer.http.inject({ method: 'GET', url: `/api/recommend/contacts/${contactId}?language=en`, headers: await t.as('marketing') });
  expect(response.statusCode).toBe(200);
}

describe(`recommendation exposure as personal data on ${testEngine}`, () => {
  it('is in the person’s export: what was shown, in which slot, why, where and when; nobody else’s', async () => {
    const erika = await addOperaLover(t, t.house.id, h, ['recommendations']);
    const jonas = await addOperaLover(t, t.house.id, h, ['recommendations']);
    await showListTo(erika);
    await showListTo(jonas);
    const document = await t.foyer.services.privacy.exportContact(h.scope, erika, 'staff:test', 'staff');
    const shown = document.recommendationExposures;
    expect(shown).toHaveLength(6);
    expect(shown.filter((row) => row.slot === 'discovery')).toHaveLength(2);
    const hamlet = shown.find((row) => row.productionId === h.hamlet);
    expect(hamlet).toMatchObject({ productionTitle: 'Hamlet', slot: 'discovery', reason: 'new_for_you', surface: 'api', shownAt: t.clock.now().toISOString() });
    const jonasShown = new Set((await exposuresOf(jonas)).map((row) => row.production_id));
    expect(jonasShown.size).toBe(6);
    expect(shown.every((row) => typeof row.id === 'string')).toBe(true);
    const ids = (await t.foyer.database.db.selectFrom('recommendation_exposure').select('id').where('contact_id', '=', jonas).execute()).map((row) => row.id);
    expect(shown.some((row) => ids.includes(row.id))).toBe(false);
  });

  it('goes when the recommendations consent ends while the person stays for the newsletter, and stays with a valid one', async () => {
    const { db } = t.foyer.database;
    const erika = await addOperaLover(t, t.house.id, h, ['recommendations', 'newsletter']);
    const jonas = await addOperaLover(t, t.house.id, h, ['recommendations']);
    await showListTo(erika);
    await showListTo(jonas);
    expect(await exposuresOf(erika)).toHaveLength(6);
    await db.updateTable('consent').set({ status: 'revoked', revoked_at: t.clock.now().toISOString() }).where('contact_id', '=', erika).where('purpose', '=', 'recommendations').execute();

    await t.foyer.services.privacy.runRetention();
    expect(await exposuresOf(erika)).toEqual([]);
    expect(await exposuresOf(jonas)).toHaveLength(6);
    const erikaStays = await db.selectFrom('contact').select('id').where('id', '=', erika).executeTakeFirst();
    expect(erikaStays?.id).toBe(erika);
  });

  it('goes with the person when retention erases them', async () => {
    const { db } = t.foyer.database;
    const erika = await addOperaLover(t, t.house.id, h, ['recommendations']);
    await showListTo(erika);
    await insertConsent(db, t.house.id, erika, 'newsletter', { status: 'expired', expiresAt: '2026-08-01T00:00:00.000Z' });
    await db.updateTable('consent').set({ status: 'revoked', revoked_at: t.clock.now().toISOString() }).where('contact_id', '=', erika).where('purpose', '=', 'recommendations').execute();

    const report = await t.foyer.services.privacy.runRetention();
    expect(report.erased).toBe(1);
    await t.foyer.jobs.runDueJobs();
    expect(await exposuresOf(erika)).toEqual([]);
  });
});
