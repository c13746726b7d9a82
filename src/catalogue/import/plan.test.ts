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
  return { venues: [], halls: [], productions: new Map(), performances: new Map(), priceCategories: new Map(), slugs: new Set(), ...overrides };
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
});
