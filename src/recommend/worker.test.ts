import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertContact } from '../audience/testing.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../core/testing/app.ts';
import { testEngine } from '../core/testing/database.ts';
import { exposureRows } from './dto.ts';
import * as store from './store.ts';
import { EXPOSURE_KEEP_DAYS, lastRefitInstant, recommendationNightlyJob } from './worker.ts';

/*
 * The nightly refit at 04:00 in each house's time zone, the refit after a catalogue
 * import, and exposure forgotten after EXPOSURE_KEEP_DAYS. The test clock starts on
 * 2026-09-01 at 08:00 UTC (10:00 in Berlin, 04:00 in New York).
 */

let t: TestApp;

beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

const fits = () => t.foyer.services.recommendationFits;
const runNightly = async () => {
  await t.foyer.jobs.enqueue(recommendationNightlyJob, {});
  await t.foyer.jobs.runDueJobs();
};

describe('the local refit hour', () => {
  it('is the last 04:00 on the house’s own clock, across a change to summer time', () => {
    expect(new Date(lastRefitInstant(new Date('2026-09-01T08:00:00Z'), 'Europe/Berlin')).toISOString()).toBe('2026-09-01T02:00:00.000Z');
    expect(new Date(lastRefitInstant(new Date('2026-09-01T07:59:00Z'), 'America/New_York')).toISOString()).toBe('2026-08-31T08:00:00.000Z');
    expect(new Date(lastRefitInstant(new Date('2026-03-29T01:30:00Z'), 'Europe/Berlin')).toISOString()).toBe('2026-03-28T03:00:00.000Z');
    expect(new Date(lastRefitInstant(new Date('2026-03-29T02:30:00Z'), 'Europe/Berlin')).toISOString()).toBe('2026-03-29T02:00:00.000Z');
  });
});

describe(`the recommender's scheduled work on ${testEngine}`, () => {
  it('refits every house once a night after 04:00 local time, and not again that night', async () => {
    const other = await insertTestHouse(t.foyer, { name: 'Met', timeZone: 'America/New_York' });
    expect(fits().fittedAt(t.house.id)).toBeUndefined();
    await runNightly();
    const first = fits().fittedAt(t.house.id);
    expect(first).toBe(t.clock.now().getTime());
    expect(fits().fittedAt(other.id)).toBe(t.clock.now().getTime());

    // Later the same day: nothing is due in either house.
    t.clock.advance(3 * 3600_000);
    await runNightly();
    expect(fits().fittedAt(t.house.id)).toBe(first);
    expect(fits().fittedAt(other.id)).toBe(first);

    // 02:30 UTC the next day: 04:30 in Berlin (due), 22:30 the evening before in New York (not yet).
    t.clock.set('2026-09-02T02:30:00.000Z');
    await runNightly();
    expect(fits().fittedAt(t.house.id)).toBe(t.clock.now().getTime());
    expect(fits().fittedAt(other.id)).toBe(first);
    t.clock.set('2026-09-02T08:30:00.000Z');
    await runNightly();
    expect(fits().fittedAt(other.id)).toBe(t.clock.now().getTime());
  });

  it('refits the house after a catalogue import, so a new production is offered at once', async () => {
    await runNightly();
    const before = await fits().get(t.house.id);
    expect(before.candidates.size).toBe(0);
    t.clock.advance(60_000);
    const csv = 'title,start,genre\nDie Zauberflöte,2026-09-20 19:30,Oper\n';
    const response = await t.foyer.http.inject({
      method: 'POST',
      url: '/api/imports?format=csv',
      headers: { ...(await t.as('marketing')), 'content-type': 'multipart/form-data; boundary=x' },
      payload: `--x\r\nContent-Disposition: form-data; name="file"; filename="programm.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--x--\r\n`,
    });
    expect(response.statusCode, response.body).toBe(200);
    await t.foyer.jobs.runDueJobs();
    const after = await fits().get(t.house.id);
    expect(after.fittedAt).toBe(t.clock.now().getTime());
    expect([...after.candidates].map((id) => after.items.get(id)?.title.de)).toEqual(['Die Zauberflöte']);
  });

  it(`forgets exposure older than ${EXPOSURE_KEEP_DAYS} days, in every house, and keeps the rest`, async () => {
    const other = await insertTestHouse(t.foyer, { name: 'Oper Nebenan' });
    const { db } = t.foyer.database;
    const contact = await insertContact(db, t.house.id);
    const day = 86_400_000;
    const at = (days: number) => new Date(t.clock.now().getTime() - days * day).toISOString();
    const shown = (houseId: string, contactId: string | null, days: number) => exposureRows(houseId, contactId, [{ productionId: 'p-1', slot: 'discovery', reason: 'new_for_you' }], 'mail', at(days));
    await store.insertExposures(db, [...shown(t.house.id, contact, EXPOSURE_KEEP_DAYS + 1), ...shown(t.house.id, null, EXPOSURE_KEEP_DAYS + 30), ...shown(t.house.id, contact, EXPOSURE_KEEP_DAYS - 1), ...shown(other.id, null, EXPOSURE_KEEP_DAYS + 2)]);
    await runNightly();
    const left = await db.selectFrom('recommendation_exposure').select(['house_id', 'shown_at']).execute();
    expect(left).toEqual([{ house_id: t.house.id, shown_at: at(EXPOSURE_KEEP_DAYS - 1) }]);
  });
});
