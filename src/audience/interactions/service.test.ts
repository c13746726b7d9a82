import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPlaces } from '../../catalogue/test-fixtures.ts';
import type { Scope } from '../../core/auth/model.ts';
import { createTestApp, type TestApp } from '../../core/testing/app.ts';
import type { AudienceService } from '../service.ts';
import { insertConsent } from '../testing.ts';

describe('interactions', () => {
  let t: TestApp;
  let audience: AudienceService;
  let house: Scope;
  let contactId: string;
  beforeEach(async () => {
    t = await createTestApp();
    audience = t.foyer.services.audience;
    house = { houseId: t.house.id, unitId: null };
    ({ id: contactId } = await audience.contacts.findOrCreate({ houseId: t.house.id, email: 'erika@example.org', source: 'box_office' }));
  });
  afterEach(async () => {
    await t.close();
  });

  it('records a booking once per source and ref, with unit and production from the performance', async () => {
    const { young, scope } = await seedPlaces(t);
    const production = await t.foyer.services.catalogue.createProduction(scope, { title: { de: 'Pippi' }, unitId: young.id });
    const performance = await t.foyer.services.catalogue.createPerformance(scope, { productionId: production.id, startsAt: '2026-10-01T16:00:00.000Z' });
    const input = { houseId: t.house.id, email: 'ERIKA@example.org', kind: 'booking' as const, occurredAt: '2026-09-01T10:00:00+02:00', source: 'ticketing', ref: 'order-1/line-1', performanceId: performance.id };
    const first = await audience.interactions.record(input);
    const second = await audience.interactions.record(input);
    expect(first).toMatchObject({ created: true, detailsDropped: false });
    expect(second).toEqual({ id: first.id, created: false, detailsDropped: false });
    const row = await t.foyer.database.db.selectFrom('interaction').select(['contact_id', 'unit_id', 'production_id', 'occurred_at']).executeTakeFirstOrThrow();
    expect(row).toEqual({ contact_id: contactId, unit_id: young.id, production_id: production.id, occurred_at: '2026-09-01T08:00:00.000Z' });
    expect((await audience.contacts.load(house, contactId)).units).toEqual([young.id]);
  });

  it("shows on the timeline when the booked performance starts and the production's title", async () => {
    const { scope } = await seedPlaces(t);
    const production = await t.foyer.services.catalogue.createProduction(scope, { title: { de: 'Die Zauberflöte', en: 'The Magic Flute' } });
    const exhibition = await t.foyer.services.catalogue.createProduction(scope, { title: { de: 'Licht' } });
    const performance = await t.foyer.services.catalogue.createPerformance(scope, { productionId: production.id, startsAt: '2026-10-03T17:30:00.000Z' });
    await insertConsent(t.foyer.database.db, t.house.id, contactId, 'behavioural_analysis', { expiresAt: '2027-01-01T00:00:00.000Z' });
    const record = (kind: 'booking' | 'page_view' | 'survey_answer', occurredAt: string, place: { performanceId?: string; productionId?: string }) =>
      audience.interactions.record({ houseId: t.house.id, contactId, kind, occurredAt, source: 'test', ...place });
    await record('booking', '2026-09-01T09:00:00Z', { performanceId: performance.id });
    await record('page_view', '2026-08-20T09:00:00Z', { productionId: exhibition.id });
    await record('survey_answer', '2026-08-10T09:00:00Z', {});

    const { items } = await audience.interactions.timeline(house, 'staff:1', contactId);
    expect(items.map((i) => [i.kind, i.performanceStartsAt, i.productionTitle])).toEqual([
      ['booking', '2026-10-03T17:30:00.000Z', { de: 'Die Zauberflöte', en: 'The Magic Flute' }],
      ['page_view', null, { de: 'Licht', en: null }],
      ['survey_answer', null, null],
    ]);
  });

  it('keeps the fact but drops its details without behavioural-analysis consent', async () => {
    const without = await audience.interactions.record({ houseId: t.house.id, contactId, kind: 'email_clicked', occurredAt: '2026-09-01T08:00:00Z', source: 'campaigns', ref: 'm1', details: { link: 'https://x' } });
    expect(without.detailsDropped).toBe(true);
    await insertConsent(t.foyer.database.db, t.house.id, contactId, 'behavioural_analysis', { expiresAt: '2027-01-01T00:00:00.000Z' });
    const withConsent = await audience.interactions.record({ houseId: t.house.id, contactId, kind: 'email_clicked', occurredAt: '2026-09-01T08:01:00Z', source: 'campaigns', ref: 'm2', details: { link: 'https://y' } });
    expect(withConsent.detailsDropped).toBe(false);
    const rows = await t.foyer.database.db.selectFrom('interaction').select(['ref', 'details']).orderBy('ref').execute();
    expect(rows).toEqual([
      { ref: 'm1', details: null },
      { ref: 'm2', details: '{"link":"https://y"}' },
    ]);
  });

  it('refuses an unknown address and ids of another house', async () => {
    await expect(audience.interactions.record({ houseId: t.house.id, email: 'nobody@example.org', kind: 'page_view', occurredAt: '2026-09-01T08:00:00Z', source: 'web' })).rejects.toMatchObject({ code: 'not_found' });
    const { insertTestHouse } = await import('../../core/testing/app.ts');
    const other = await seedPlaces(t, (await insertTestHouse(t.foyer)).id);
    const foreign = await t.foyer.services.catalogue.createProduction(other.scope, { title: { de: 'Fremd' } });
    await expect(
      audience.interactions.record({ houseId: t.house.id, contactId, kind: 'page_view', occurredAt: '2026-09-01T08:00:00Z', source: 'web', productionId: foreign.id }),
    ).rejects.toMatchObject({ code: 'validation', details: [{ field: 'productionId' }] });
  });

  it('shows in the timeline only kinds a valid purpose justifies, newest first, details only with behavioural analysis', async () => {
    const record = (kind: 'booking' | 'email_sent' | 'page_view', at: string, details?: Record<string, unknown>) =>
      audience.interactions.record({ houseId: t.house.id, contactId, kind, occurredAt: at, source: 'test', ...(details === undefined ? {} : { details }) });
    await insertConsent(t.foyer.database.db, t.house.id, contactId, 'behavioural_analysis', { expiresAt: '2026-12-01T00:00:00.000Z' });
    await insertConsent(t.foyer.database.db, t.house.id, contactId, 'ticketing', { expiresAt: '2028-01-01T00:00:00.000Z' });
    await record('booking', '2026-05-01T10:00:00Z');
    await record('email_sent', '2026-06-01T10:00:00Z');
    await record('page_view', '2026-07-01T10:00:00Z', { page: '/pippi' });

    const now = await audience.interactions.timeline(house, 'staff:1', contactId);
    expect(now.items.map((i) => i.kind)).toEqual(['page_view', 'booking']);
    expect(now.items[0]?.details).toEqual({ page: '/pippi' });
    expect(now).toMatchObject({ detailsShown: true, total: 2 });
    expect(now.hiddenKinds).toContain('email_sent');

    t.clock.set('2026-12-01T00:00:00.000Z');
    const later = await audience.interactions.timeline(house, 'staff:1', contactId);
    expect(later.items.map((i) => [i.kind, i.details])).toEqual([['booking', null]]);
    expect(later.detailsShown).toBe(false);
    expect((await audience.interactions.timeline(house, 'staff:1', contactId, { kind: 'page_view' })).items).toEqual([]);
  });
});
