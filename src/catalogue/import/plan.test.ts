import { describe, expect, it } from 'vitest';
import { type ExistingState, planImport, type PlanOptions } from './plan.ts';
import { batch, performance, production, venue } from './testing.ts';

let counter = 0;
const options: PlanOptions = {
  sourcePrefix: 'feed:1|',
  unitId: null,
  actorUnitId: null,
  reportMissing: false,
  dryRun: false,
  now: new Date('2026-09-01T08:00:00.000Z'),
  newId: () => `id-${(counter += 1)}`,
};

function nothing(overrides: Partial<ExistingState> = {}): ExistingState {
  return { venues: [], halls: [], productions: new Map(), performances: new Map(), priceCategories: [], slugs: new Set(), ...overrides };
}

const existingVenue = {
  id: 'venue-1',
  name: 'Stadttheater',
  sourceRef: 'feed:1|loc',
  street: 'Am Markt 1',
  postalCode: null,
  city: 'Neustadt',
  country: null,
  latitude: null,
  longitude: null,
};

describe('the import plan', () => {
  it('updates a venue it created with what the source says, and keeps what the source leaves out', () => {
    const plan = planImport(batch({ venues: [venue('loc', 'Stadttheater', { city: 'Neustadt', postalCode: '12345' })] }), nothing({ venues: [existingVenue] }), options);
    expect(plan.venues.update).toEqual([{ id: 'venue-1', postalCode: '12345' }]);
    expect(plan.report.details.venues).toEqual({ created: 0, updated: 1, unchanged: 0 });
  });

  it('puts an exhibition in its venue', () => {
    const plan = planImport(
      batch({
        venues: [venue('museum', 'Museum am Fluss')],
        productions: [production('expo', { kind: 'exhibition', runsFrom: '2026-10-01', runsUntil: '2027-01-31', venueRef: 'museum' })],
      }),
      nothing(),
      options,
    );
    const venueId = plan.venues.insert[0]?.id;
    expect(plan.productions.insert[0]).toMatchObject({ kind: 'exhibition', venueId, runsFrom: '2026-10-01', runsUntil: '2027-01-31' });
  });

  it('warns once about a venue the source names but does not describe, not once per performance', () => {
    const plan = planImport(
      batch({
        productions: [production('p')],
        performances: [1, 2, 3].map((n) => performance(`p-${n}`, 'p', `2026-10-0${n}T18:00:00.000Z`, { venueRef: 'somewhere' })),
      }),
      nothing(),
      options,
    );
    expect(plan.report.warnings).toEqual([{ where: 'VEVENT UID=p-1', message: expect.stringContaining('venue "somewhere" is not described') }]);
    expect(plan.performances.insert.map((p) => p.hallId)).toEqual([null, null, null]);
  });

  it('leaves performances without a hall when their venue has several and the source names none', () => {
    const plan = planImport(
      batch({ venues: [venue('loc', 'Stadttheater')], productions: [production('p')], performances: [performance('p-1', 'p', '2026-10-01T18:00:00.000Z', { venueRef: 'loc' })] }),
      nothing({
        venues: [existingVenue],
        halls: [
          { id: 'h1', venueId: 'venue-1', name: 'Großes Haus' },
          { id: 'h2', venueId: 'venue-1', name: 'Kammerspiele' },
        ],
      }),
      options,
    );
    expect(plan.performances.insert[0]?.hallId).toBeNull();
    expect(plan.halls.insert).toEqual([]);
    expect(plan.report.warnings[0]?.message).toContain('has 2 halls and the source names none');
  });

  it('finds a hall by name alone when the source gives no venue', () => {
    const plan = planImport(
      batch({ productions: [production('p')], performances: [performance('p-1', 'p', '2026-10-01T18:00:00.000Z', { hallName: 'KAMMERSPIELE' })] }),
      nothing({ halls: [{ id: 'h2', venueId: 'venue-1', name: 'Kammerspiele' }] }),
      options,
    );
    expect(plan.performances.insert[0]?.hallId).toBe('h2');
  });

  it('drops an end before the start, with a warning', () => {
    const plan = planImport(
      batch({ productions: [production('p')], performances: [performance('p-1', 'p', '2026-10-01T18:00:00.000Z', { endsAt: '2026-10-01T17:00:00.000Z' })] }),
      nothing(),
      options,
    );
    expect(plan.performances.insert[0]?.endsAt).toBeNull();
    expect(plan.report.warnings.map((w) => w.message)).toContain('ends before it starts: the end is left out');
  });

  it('skips the performances of a production without a title, saying so', () => {
    const plan = planImport(
      batch({ productions: [production('p', { title: { de: '  ' }, where: 'line 3' })], performances: [performance('p-1', 'p', '2026-10-01T18:00:00.000Z', { where: 'line 9' })] }),
      nothing(),
      options,
    );
    expect(plan.report.skipped).toEqual([
      { where: 'line 3', reason: 'production without a title' },
      { where: 'line 9', reason: 'its production (line 3) has no title' },
    ]);
  });

  it('fills the required German title with the English one when the source has only that', () => {
    const plan = planImport(batch({ productions: [production('p', { title: { en: 'The Magic Flute' } })] }), nothing(), options);
    expect(plan.productions.insert[0]).toMatchObject({ titleDe: 'The Magic Flute', titleEn: 'The Magic Flute', slug: 'the-magic-flute' });
  });

  describe('for unit staff', () => {
    const ofUnitB: PlanOptions = { ...options, unitId: 'unit-b', actorUnitId: 'unit-b' };
    const existingOfUnitA = (overrides: Partial<ExistingState> = {}) =>
      nothing({
        productions: new Map([['feed:1|faust', { id: 'prod-a', unitId: 'unit-a', sourceHash: null }]]),
        performances: new Map([['feed:1|42', { id: 'perf-a', startsAt: '2026-10-01T18:00:00.000Z', sourceHash: null, unitId: 'unit-a' }]]),
        ...overrides,
      });

    it("leaves another unit's performance alone, whatever production the source now names", () => {
      const plan = planImport(
        batch({ productions: [production('momo')], performances: [performance('42', 'momo', '2026-10-01T18:00:00.000Z', { where: 'row 2' })] }),
        existingOfUnitA(),
        ofUnitB,
      );
      expect(plan.performances).toEqual({ insert: [], update: [] });
      expect(plan.report.skipped).toEqual([{ where: 'row 2', reason: expect.stringContaining('belongs to a production of another unit') }]);
    });

    it("does not move another unit's production into theirs", () => {
      const plan = planImport(batch({ productions: [production('faust')] }), existingOfUnitA({ performances: new Map() }), ofUnitB);
      expect(plan.productions.update).toEqual([]);
      expect(plan.report.skipped).toEqual([expect.objectContaining({ reason: expect.stringContaining('belongs to another unit') })]);
    });

    it("does not report another unit's performances as missing from the source", () => {
      const plan = planImport(batch(), existingOfUnitA(), { ...ofUnitB, reportMissing: true });
      expect(plan.report.warnings).toEqual([]);
    });
  });

  it('keeps the price categories of a production and of a performance with the same source id apart', () => {
    const existing = nothing({
      productions: new Map([['feed:1|12', { id: 'prod-12', unitId: null, sourceHash: null }]]),
      performances: new Map([['feed:1|12', { id: 'perf-12', startsAt: '2026-10-09T17:30:00.000Z', sourceHash: null, unitId: null }]]),
      priceCategories: [
        { id: 'own', productionId: 'prod-12', performanceId: 'perf-12', sourceRef: 'feed:1|12#price:standard', code: 'standard', nameDe: 'Standard', amountMinor: 2000, currency: 'EUR', sortOrder: 0 },
        { id: 'common', productionId: 'prod-12', performanceId: null, sourceRef: 'feed:1|12#price:standard', code: 'standard', nameDe: 'Standard', amountMinor: 3000, currency: 'EUR', sortOrder: 0 },
      ],
    });
    const price = (amountMinor: number) => [{ name: 'Standard', amountMinor, currency: 'EUR' }];
    const plan = planImport(
      batch({
        productions: [production('12')],
        performances: [
          performance('11', '12', '2026-10-02T17:30:00.000Z', { prices: price(3500) }),
          performance('12', '12', '2026-10-09T17:30:00.000Z', { prices: price(2500) }),
        ],
      }),
      existing,
      options,
    );
    expect(plan.priceCategories.update.map((u) => [u.id, u.amountMinor, u.sourceRef])).toEqual([
      ['common', 3500, 'feed:1|12#production-price:standard'],
      ['own', 2500, 'feed:1|12#performance-price:standard'],
    ]);
    expect(plan.priceCategories.insert).toEqual([]);
    expect(plan.priceCategories.delete).toEqual([]);
  });

  it('drops a price category the source no longer gives for a production or performance it writes', () => {
    const existing = nothing({
      productions: new Map([['feed:1|p', { id: 'prod-p', unitId: null, sourceHash: null }]]),
      priceCategories: [
        { id: 'a', productionId: 'prod-p', performanceId: null, sourceRef: 'feed:1|p#production-price:a', code: 'a', nameDe: 'A', amountMinor: 3000, currency: 'EUR', sortOrder: 0 },
        { id: 'b', productionId: 'prod-p', performanceId: null, sourceRef: 'feed:1|p#production-price:b', code: 'b', nameDe: 'B', amountMinor: 2000, currency: 'EUR', sortOrder: 1 },
      ],
    });
    const plan = planImport(
      batch({ productions: [production('p')], performances: [performance('p-1', 'p', '2026-10-02T17:30:00.000Z', { prices: [{ name: 'A', amountMinor: 3000, currency: 'EUR' }] })] }),
      existing,
      options,
    );
    expect(plan.priceCategories.delete).toEqual(['b']);
    expect(plan.report.details.priceCategories).toEqual({ created: 0, updated: 0, unchanged: 1, removed: 1 });
  });

  it('gives every price category a code the price category API accepts back', () => {
    const longName = 'Premierenabonnement mit Sekt und Programmheft im ersten Rang';
    const plan = planImport(
      batch({
        productions: [production('p')],
        performances: [
          performance('p-1', 'p', '2026-10-02T17:30:00.000Z', {
            prices: [
              { name: longName, amountMinor: 9000, currency: 'EUR' },
              { name: 'Loge', code: 'PK 1 / Loge', amountMinor: 6000, currency: 'EUR' },
              { name: 'Parkett', code: 'PK_2', amountMinor: 4000, currency: 'EUR' },
            ],
          }),
        ],
      }),
      nothing(),
      options,
    );
    const codes = plan.priceCategories.insert.map((c) => c.code);
    expect(codes).toEqual(['premierenabonnement-mit-sekt-und', 'pk-1-loge', 'PK_2']);
    for (const code of codes) expect(code.length).toBeLessThanOrEqual(40);
  });

  it('leaves out numbers the catalogue would refuse, and creates a hall with a capacity it accepts', () => {
    const plan = planImport(
      batch({
        venues: [venue('loc', 'Stadttheater')],
        productions: [production('p', { durationMinutes: 1e10, ageMin: 1.5 })],
        performances: [
          performance('p-1', 'p', '2026-10-01T18:00:00.000Z', { venueRef: 'loc', capacity: 1e10, prices: [{ name: 'A', amountMinor: -300, currency: 'EUR' }] }),
          performance('p-2', 'p', '2026-10-02T18:00:00.000Z', { venueRef: 'loc', capacity: 1.5 }),
        ],
      }),
      nothing(),
      options,
    );
    expect(plan.productions.insert[0]).toMatchObject({ durationMinutes: null, ageMin: null });
    expect(plan.performances.insert.map((p) => p.capacity)).toEqual([null, null]);
    expect(plan.halls.insert.map((h) => h.capacity)).toEqual([100]);
    expect(plan.priceCategories.insert).toEqual([]);
    expect(plan.report.warnings.filter((w) => w.message.endsWith('left out')).map((w) => w.where)).toEqual(['VEVENT UID=p', 'VEVENT UID=p', 'VEVENT UID=p-1', 'VEVENT UID=p-1', 'VEVENT UID=p-2']);
  });
});
