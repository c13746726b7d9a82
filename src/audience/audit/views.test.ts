import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, seedPlaces } from '../../catalogue/test-fixtures.ts';
import { createTestApp, type TestApp } from '../../core/testing/app.ts';
import { VIEW_WINDOW_MINUTES } from './views.ts';

const MINUTE = 60_000;

/*
 * A staff view of a contact is audited once per visit: the contact page's three requests
 * (contact, consents, timeline) and its timeline pages make one 'contact.viewed' entry
 * per actor and contact within 15 minutes, not one per request.
 */
describe('audit of staff views', () => {
  let t: TestApp;
  let contactId: string;
  beforeEach(async () => {
    t = await createTestApp();
    ({ id: contactId } = await t.foyer.services.audience.contacts.findOrCreate({ houseId: t.house.id, email: 'erika@example.org', source: 'staff' }));
  });
  afterEach(async () => {
    await t.close();
  });

  const views = async () =>
    t.foyer.database.db
      .selectFrom('audit_entry')
      .select(['actor', 'at', 'details'])
      .where('action', '=', 'contact.viewed')
      .where('contact_id', '=', contactId)
      .orderBy('at')
      .orderBy('id')
      .execute();

  const openPage = async (headers: Record<string, string>) => {
    for (const path of ['', '/consents', '/timeline', '/timeline?offset=20']) {
      expect((await call(t, headers, 'GET', `/api/contacts/${contactId}${path}`)).status).toBe(200);
      t.clock.advance(10_000);
    }
  };

  it('writes one entry for a visit of several requests, and another once 15 minutes have passed', async () => {
    const staff = await t.login('marketing');
    const start = t.clock.now().toISOString();
    await openPage(staff);
    const first = await views();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ at: start, actor: expect.stringMatching(/^staff:/) });
    expect(JSON.parse(first[0]?.details ?? '{}')).toEqual({ view: 'contact', windowMinutes: VIEW_WINDOW_MINUTES });

    // Still inside the window the entry opened (it runs from the entry, not from the last request).
    t.clock.set(new Date(new Date(start).getTime() + 15 * MINUTE - 1));
    expect((await call(t, staff, 'GET', `/api/contacts/${contactId}/timeline`)).status).toBe(200);
    expect(await views()).toHaveLength(1);

    const later = new Date(new Date(start).getTime() + 16 * MINUTE).toISOString();
    t.clock.set(later);
    await openPage(staff);
    const second = await views();
    expect(second).toHaveLength(2);
    expect(second[1]).toMatchObject({ at: later, actor: first[0]?.actor });
  });

  it('gives every actor its own entry, and names the view that opened the visit', async () => {
    const marketing = await t.login('marketing');
    const dialogue = await t.login('dialogue');
    const apiKey = await t.as('marketing');
    await openPage(marketing);
    expect((await call(t, dialogue, 'GET', `/api/contacts/${contactId}/timeline`)).status).toBe(200);
    expect((await call(t, apiKey, 'GET', `/api/contacts/${contactId}/consents`)).status).toBe(200);
    await openPage(dialogue);
    const entries = await views();
    expect(entries.map((e) => [e.actor.split(':')[0], (JSON.parse(e.details) as { view: string }).view])).toEqual([
      ['staff', 'contact'],
      ['staff', 'timeline'],
      ['api_key', 'consents'],
    ]);
    expect(new Set(entries.map((e) => e.actor)).size).toBe(3);
  });

  it('writes one entry when the page asks for contact, consents and timeline at the same time', async () => {
    const staff = await t.login('marketing');
    const answers = await Promise.all(['', '/consents', '/timeline'].map((path) => call(t, staff, 'GET', `/api/contacts/${contactId}${path}`)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await views()).toHaveLength(1);
  });

  it('writes no entry for a view that was refused', async () => {
    const { young } = await seedPlaces(t);
    const unitStaff = await t.login('unit_staff', { unitId: young.id });
    expect((await call(t, unitStaff, 'GET', `/api/contacts/${contactId}`)).status).toBe(404);
    expect((await call(t, unitStaff, 'GET', `/api/contacts/${contactId}/timeline`)).status).toBe(404);
    expect((await call(t, unitStaff, 'GET', `/api/contacts/${contactId}/consents`)).status).toBe(404);
    expect(await views()).toEqual([]);
  });
});
