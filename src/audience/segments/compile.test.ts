import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogueService } from '../../catalogue/service.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../../core/testing/app.ts';
import { testEngine } from '../../core/testing/database.ts';
import type { Purpose } from '../model.ts';
import { insertConsent, insertContact, insertInteraction } from '../testing.ts';
import { type EvaluationForm, type ResolvedSegment, segmentCondition } from './compile.ts';
import { checkRule, type SegmentRule } from './model.ts';

/*
 * The compiled SQL, condition by condition, on small hand-built houses: every test makes
 * a house of its own, and runs on both physical forms (they must give the same sets) on
 * the engine the suite runs on.
 */

const NOW = new Date('2026-09-01T08:00:00.000Z');

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** A house with an opera, a drama of the young theatre unit and a dance production, and people in it. */
async function house() {
  const { id: houseId } = await insertTestHouse(t.foyer);
  const db = t.foyer.database.db;
  const catalogue = createCatalogueService({ database: t.foyer.database, clock: t.clock });
  const scope = { houseId, unitId: null };
  const young = (await catalogue.createUnit(scope, { name: { de: 'Junges Theater' } })).id;
  const museum = (await catalogue.createUnit(scope, { name: { de: 'Museum' } })).id;
  const opera = (await catalogue.createProduction(scope, { title: { de: 'Tosca' }, genres: ['opera'] })).id;
  const drama = (await catalogue.createProduction(scope, { title: { de: 'Tschick' }, genres: ['youth_theatre', 'drama'], unitId: young })).id;
  const dance = (await catalogue.createProduction(scope, { title: { de: 'Sacre' }, genres: ['contemporary_dance'] })).id;
  const performance = async (productionId: string, startsAt: string) => (await catalogue.createPerformance(scope, { productionId, startsAt })).id;
  const people = new Map<string, string>();

  async function person(name: string, options: { language?: string | null; postalCode?: string; birthYear?: number; interests?: string[]; units?: string[]; consents?: Purpose[] } = {}) {
    const id = await insertContact(db, houseId, {
      name,
      email: `${name}@example.org`,
      language: options.language === undefined ? 'de' : options.language,
      ...(options.postalCode === undefined ? {} : { postalCode: options.postalCode }),
      ...(options.birthYear === undefined ? {} : { birthYear: options.birthYear }),
      ...(options.interests === undefined ? {} : { interests: options.interests }),
      ...(options.units === undefined ? {} : { units: options.units }),
    });
    for (const purpose of options.consents ?? []) await insertConsent(db, houseId, id, purpose);
    people.set(name, id);
    return id;
  }

  async function visit(name: string, kind: 'attendance' | 'booking', productionId: string, occurredAt: string, performanceId?: string) {
    const production = productionId === drama ? { unitId: young } : {};
    await insertInteraction(db, houseId, people.get(name) as string, kind, { occurredAt, productionId, performanceId: performanceId ?? null, ...production });
  }

  /** The names a rule tree matches, sorted; the same on both forms. */
  async function matches(input: unknown, options: { purpose?: Purpose; unitId?: string; now?: Date; segments?: ResolvedSegment[] } = {}) {
    const checked = checkRule(input);
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    const results: Record<EvaluationForm, string[]> = { in: [], exists: [] };
    for (const form of ['in', 'exists'] as const) {
      const where = segmentCondition(
        { id: 'draft', unitId: options.unitId ?? null, kind: 'rules', rules: checked.rule as SegmentRule },
        {
          engine: testEngine,
          houseId,
          now: options.now ?? NOW,
          purpose: options.purpose ?? null,
          form,
          segments: new Map((options.segments ?? []).map((segment) => [segment.id, segment])),
        },
      );
      const rows = await db.selectFrom('contact as c').select('c.name').where(where).orderBy('c.name').execute();
      results[form] = rows.map((row) => row.name ?? '');
    }
    expect(results.exists).toEqual(results.in);
    return results.in;
  }

  return { houseId, db, young, museum, opera, drama, dance, performance, person, visit, matches, people };
}

describe('compiled segment conditions', () => {
  it('select by language, postcode prefix and declared interest, and their complements', async () => {
    const h = await house();
    await h.person('anna', { postalCode: '10115', interests: ['opera', 'contemporary_dance'], consents: ['newsletter', 'ticketing'] });
    await h.person('ben', { language: 'en', postalCode: 'sw1a', interests: ['drama'], consents: ['newsletter', 'ticketing'] });
    await h.person('cara', { language: null, consents: ['newsletter', 'ticketing'] });
    expect(await h.matches({ language: ['de'] })).toEqual(['anna']);
    expect(await h.matches({ not: { language: ['de'] } })).toEqual(['ben', 'cara']);
    expect(await h.matches({ postcode: ['10', 'SW'] })).toEqual(['anna', 'ben']);
    expect(await h.matches({ not: { postcode: ['101'] } })).toEqual(['ben', 'cara']);
    expect(await h.matches({ interest: ['contemporary_dance'] })).toEqual(['anna']);
    // '_' is a LIKE wildcard: escaped, a code never matches a look-alike.
    await h.person('dora', { interests: ['contemporaryXdance'], consents: ['newsletter'] });
    expect(await h.matches({ interest: ['contemporary_dance'] })).toEqual(['anna']);
  });

  it('counts the age in the evaluation year, both ends of the band included, from the injected clock', async () => {
    const h = await house();
    for (const year of [1995, 1996, 2008, 2009]) await h.person(`born-${year}`, { birthYear: year, consents: ['recommendations'] });
    await h.person('unknown', { consents: ['recommendations'] });
    expect(await h.matches({ age: { min: 18, max: 30 } })).toEqual(['born-1996', 'born-2008']);
    expect(await h.matches({ not: { age: { min: 18, max: 30 } } })).toEqual(['born-1995', 'born-2009', 'unknown']);
    expect(await h.matches({ age: { min: 18, max: 30 } }, { now: new Date('2027-01-01T00:00:00.000Z') })).toEqual(['born-2008', 'born-2009']);
    expect(await h.matches({ age: { max: 30 } })).toEqual(['born-1996', 'born-2008', 'born-2009']);
  });

  it('count distinct performances in the period, of a genre, a production or a unit', async () => {
    const h = await house();
    const [march, may, old] = [
      await h.performance(h.opera, '2026-03-01T18:00:00.000Z'),
      await h.performance(h.opera, '2026-05-01T18:00:00.000Z'),
      await h.performance(h.opera, '2023-05-01T18:00:00.000Z'),
    ];
    await h.person('twice', { consents: ['ticketing'] });
    await h.visit('twice', 'attendance', h.opera, '2026-03-01T18:00:00.000Z', march);
    await h.visit('twice', 'attendance', h.opera, '2026-05-01T18:00:00.000Z', may);
    // Two tickets for one evening are one performance.
    await h.person('couple', { consents: ['ticketing'] });
    await h.visit('couple', 'attendance', h.opera, '2026-03-01T18:00:00.000Z', march);
    await h.visit('couple', 'attendance', h.opera, '2026-03-01T18:00:00.000Z', march);
    await h.person('long-ago', { consents: ['ticketing'] });
    await h.visit('long-ago', 'attendance', h.opera, '2023-05-01T18:00:00.000Z', old);
    await h.visit('long-ago', 'attendance', h.opera, '2026-03-01T18:00:00.000Z', march);
    await h.person('young', { consents: ['ticketing'], units: [h.young] });
    await h.visit('young', 'booking', h.drama, '2026-08-01T10:00:00.000Z');
    await h.person('nobody', { consents: ['ticketing'] });

    expect(await h.matches({ attended: { atLeast: 2, genre: 'opera', months: 24 } })).toEqual(['twice']);
    expect(await h.matches({ attended: { atLeast: 2, genre: 'opera' } })).toEqual(['long-ago', 'twice']);
    expect(await h.matches({ attended: { productionId: h.opera, months: 12 } })).toEqual(['couple', 'long-ago', 'twice']);
    expect(await h.matches({ attended: {} })).toEqual(['couple', 'long-ago', 'twice']);
    expect(await h.matches({ not: { attended: { genre: 'opera' } } })).toEqual(['nobody', 'young']);
    expect(await h.matches({ booked: { unitId: h.young } })).toEqual(['young']);
    expect(await h.matches({ booked: { genre: 'youth_theatre', months: 1 } })).toEqual(['young']);
    expect(await h.matches({ attended: { genre: 'drama' } })).toEqual([]);
  });

  it('ignores pseudonymised interactions, also under not', async () => {
    const h = await house();
    await h.person('seen', { consents: ['ticketing'] });
    await h.visit('seen', 'attendance', h.opera, '2026-03-01T18:00:00.000Z');
    await h.person('unseen', { consents: ['ticketing'] });
    // Kept for the law after an erasure: no contact any more, only a pseudonym.
    await h.db
      .insertInto('interaction')
      .values({
        id: '01936b2e-1e4a-7c3b-8a2f-00000000ab01',
        house_id: h.houseId,
        contact_id: null,
        pseudonym: 'p-1',
        kind: 'attendance',
        occurred_at: '2026-03-01T18:00:00.000Z',
        source: 'ticketing',
        ref: null,
        unit_id: null,
        production_id: h.opera,
        performance_id: null,
        details: null,
        created_at: '2026-03-01T18:00:00.000Z',
      })
      .execute();
    expect(await h.matches({ attended: {} })).toEqual(['seen']);
    expect(await h.matches({ not: { attended: {} } })).toEqual(['unseen']);
  });

  it('calls lapsed who attended before but not in the last 18 months, an attendance at exactly 18 months counting as recent', async () => {
    const h = await house();
    const cutoff = '2025-03-01T08:00:00.000Z';
    await h.person('at-the-cutoff', { consents: ['ticketing'] });
    await h.visit('at-the-cutoff', 'attendance', h.opera, '2024-01-10T18:00:00.000Z');
    await h.visit('at-the-cutoff', 'attendance', h.opera, cutoff);
    await h.person('just-before', { consents: ['ticketing'] });
    await h.visit('just-before', 'attendance', h.opera, '2025-03-01T07:59:59.999Z');
    await h.person('booked-only', { consents: ['ticketing'] });
    await h.visit('booked-only', 'booking', h.opera, '2024-01-10T18:00:00.000Z');
    await h.person('never', { consents: ['ticketing'] });
    expect(await h.matches({ lapsed: {} })).toEqual(['just-before']);
    expect(await h.matches({ lapsed: { months: 6 } })).toEqual(['at-the-cutoff', 'just-before']);
    expect(await h.matches({ not: { lapsed: {} } })).toEqual(['at-the-cutoff', 'booked-only', 'never']);
  });

  it('calls first-time visitors those whose first booking or visit lies within the period and who attended at most once', async () => {
    const h = await house();
    await h.person('new-booker', { consents: ['ticketing'] });
    await h.visit('new-booker', 'booking', h.opera, '2026-08-01T10:00:00.000Z');
    await h.person('new-visitor', { consents: ['ticketing'] });
    await h.visit('new-visitor', 'booking', h.opera, '2026-05-01T10:00:00.000Z');
    await h.visit('new-visitor', 'attendance', h.opera, '2026-05-20T18:00:00.000Z');
    await h.person('came-back', { consents: ['ticketing'] });
    await h.visit('came-back', 'attendance', h.opera, '2026-05-20T18:00:00.000Z');
    await h.visit('came-back', 'attendance', h.opera, '2026-06-20T18:00:00.000Z');
    await h.person('old-friend', { consents: ['ticketing'] });
    await h.visit('old-friend', 'booking', h.opera, '2024-05-01T10:00:00.000Z');
    await h.visit('old-friend', 'booking', h.opera, '2026-08-01T10:00:00.000Z');
    expect(await h.matches({ firstTime: {} })).toEqual(['new-booker', 'new-visitor']);
    expect(await h.matches({ firstTime: { months: 2 } })).toEqual(['new-booker']);
  });

  it('finds who opened or clicked an e-mail in the last days', async () => {
    const h = await house();
    const id = await h.person('reader', { consents: ['behavioural_analysis'] });
    await insertInteraction(h.db, h.houseId, id, 'email_opened', { occurredAt: '2026-08-22T08:00:00.000Z' });
    await insertInteraction(h.db, h.houseId, id, 'email_clicked', { occurredAt: '2026-07-01T08:00:00.000Z' });
    expect(await h.matches({ opened: { days: 10 } })).toEqual(['reader']);
    expect(await h.matches({ opened: { days: 9 } })).toEqual([]);
    expect(await h.matches({ clicked: { days: 30 } })).toEqual([]);
    expect(await h.matches({ clicked: { days: 90 } })).toEqual(['reader']);
  });

  it('counts only valid consents: granted and not expired', async () => {
    const h = await house();
    const valid = await h.person('valid');
    await insertConsent(h.db, h.houseId, valid, 'newsletter');
    const expired = await h.person('expired');
    await insertConsent(h.db, h.houseId, expired, 'newsletter', { expiresAt: '2026-09-01T08:00:00.000Z' });
    const revoked = await h.person('revoked');
    await insertConsent(h.db, h.houseId, revoked, 'newsletter', { status: 'revoked', revokedAt: '2026-05-01T00:00:00.000Z' });
    const pending = await h.person('pending');
    await insertConsent(h.db, h.houseId, pending, 'newsletter', { status: 'pending' });
    expect(await h.matches({ consent: 'newsletter' })).toEqual(['valid']);
    expect(await h.matches({ not: { consent: 'newsletter' } })).toEqual(['expired', 'pending', 'revoked']);
  });

  it('combines all, any and not in nesting', async () => {
    const h = await house();
    await h.person('anna', { postalCode: '10115', consents: ['newsletter', 'ticketing'] });
    await h.visit('anna', 'attendance', h.opera, '2026-03-01T18:00:00.000Z');
    await h.person('ben', { language: 'en', postalCode: '10117', consents: ['newsletter'] });
    await h.person('cara', { postalCode: '80331', consents: ['ticketing'] });
    await h.visit('cara', 'attendance', h.dance, '2026-03-01T18:00:00.000Z');
    await h.person('dora', { postalCode: '10999', consents: ['post_phone'] });
    const rule = { all: [{ any: [{ postcode: ['10'] }, { attended: { genre: 'contemporary_dance' } }] }, { not: { all: [{ language: ['en'] }, { consent: 'newsletter' }] } }] };
    expect(await h.matches(rule)).toEqual(['anna', 'cara', 'dora']);
    expect(await h.matches({ not: rule })).toEqual(['ben']);
    expect(await h.matches({ any: [{ all: [{ consent: 'ticketing' }, { not: { attended: { genre: 'opera' } } }] }, { language: ['en'] }] })).toEqual(['ben', 'cara']);
  });

  it('reads behaviour only of people whose consent justifies it, and a purpose keeps only its consenters', async () => {
    const h = await house();
    for (const [name, consents] of [
      ['newsletter-only', ['newsletter']],
      ['ticketing', ['ticketing']],
      ['analysis', ['behavioural_analysis', 'newsletter']],
      ['expired-analysis', []],
    ] as [string, Purpose[]][]) {
      await h.person(name, { consents, birthYear: 2000 });
      await h.visit(name, 'attendance', h.opera, '2026-03-01T18:00:00.000Z');
    }
    await insertConsent(h.db, h.houseId, h.people.get('expired-analysis') as string, 'behavioural_analysis', { expiresAt: '2026-08-01T00:00:00.000Z' });
    await insertConsent(h.db, h.houseId, h.people.get('expired-analysis') as string, 'newsletter');

    expect(await h.matches({ attended: {} })).toEqual(['analysis', 'ticketing']);
    // The data of the others was not read: for them "not attended" holds.
    expect(await h.matches({ not: { attended: {} } })).toEqual(['expired-analysis', 'newsletter-only']);
    expect(await h.matches({ attended: {} }, { purpose: 'newsletter' })).toEqual(['analysis']);
    expect(await h.matches({ language: ['de'] }, { purpose: 'newsletter' })).toEqual(['analysis', 'expired-analysis', 'newsletter-only']);
    // The birth year needs recommendations or behavioural analysis; the postcode post and phone, ticketing or analysis.
    expect(await h.matches({ age: { max: 30 } })).toEqual(['analysis']);
    await h.person('newsletter-in-berlin', { postalCode: '10115', consents: ['newsletter'] });
    await h.person('post-in-berlin', { postalCode: '10115', consents: ['post_phone'] });
    expect(await h.matches({ postcode: ['10'] })).toEqual(['post-in-berlin']);
    // E-mail behaviour needs behavioural analysis: ticketing does not justify it.
    const ticketing = h.people.get('ticketing') as string;
    await insertInteraction(h.db, h.houseId, ticketing, 'email_opened', { occurredAt: '2026-08-30T08:00:00.000Z' });
    expect(await h.matches({ opened: { days: 30 } })).toEqual([]);
  });

  it('sees only the unit’s contacts and the unit’s interactions within a unit', async () => {
    const h = await house();
    await h.person('member', { units: [h.young], consents: ['ticketing'] });
    await h.visit('member', 'attendance', h.drama, '2026-03-01T18:00:00.000Z');
    await h.person('opera-member', { units: [h.young], consents: ['ticketing'] });
    await h.visit('opera-member', 'attendance', h.opera, '2026-03-01T18:00:00.000Z');
    await h.person('outsider', { units: [h.museum], consents: ['ticketing'] });
    await h.visit('outsider', 'attendance', h.drama, '2026-03-01T18:00:00.000Z');
    expect(await h.matches({ language: ['de'] }, { unitId: h.young })).toEqual(['member', 'opera-member']);
    expect(await h.matches({ attended: {} }, { unitId: h.young })).toEqual(['member']);
    expect(await h.matches({ not: { attended: {} } }, { unitId: h.young })).toEqual(['opera-member']);
    expect(await h.matches({ attended: {} })).toEqual(['member', 'opera-member', 'outsider']);
  });

  it('uses saved segments: a static list, and rules with their own unit', async () => {
    const h = await house();
    const anna = await h.person('anna', { units: [h.young], consents: ['ticketing'] });
    await h.person('ben', { consents: ['ticketing'] });
    await h.visit('ben', 'attendance', h.opera, '2026-03-01T18:00:00.000Z');
    await h.visit('anna', 'attendance', h.opera, '2026-03-01T18:00:00.000Z');
    const listId = '01936b2e-1e4a-7c3b-8a2f-00000000aa01';
    const unitRulesId = '01936b2e-1e4a-7c3b-8a2f-00000000aa02';
    await h.db.insertInto('segment').values({ id: listId, house_id: h.houseId, unit_id: null, name: 'List', description: null, kind: 'static', rules: null, created_by: null, created_at: 'x', updated_at: 'x' }).execute();
    await h.db.insertInto('segment_member').values({ house_id: h.houseId, segment_id: listId, contact_id: anna, added_at: 'x' }).execute();
    const segments: ResolvedSegment[] = [
      { id: listId, unitId: null, kind: 'static', rules: null },
      { id: unitRulesId, unitId: h.young, kind: 'rules', rules: { language: ['de'] } },
    ];
    expect(await h.matches({ segment: listId }, { segments })).toEqual(['anna']);
    expect(await h.matches({ not: { segment: listId } }, { segments })).toEqual(['ben']);
    expect(await h.matches({ any: [{ segment: unitRulesId }, { attended: {} }] }, { segments })).toEqual(['anna', 'ben']);
    expect(await h.matches({ segment: unitRulesId }, { segments })).toEqual(['anna']);
  });
});
