import { createFoyer } from '../../app.ts';
import type { Production } from '../../catalogue/schemas/productions.ts';
import { loadConfig } from '../../config.ts';
import { createTestClock } from '../../core/clock.ts';
import { openDatabase } from '../../core/db/database.ts';
import { migrateToLatest } from '../../core/db/migrate.ts';
import { seedDemoHouse } from '../../demo/seed.ts';
import type { Interaction, Item } from '../types.ts';
import { familiesOf } from './items.ts';
import { cutAtShare, type EvaluationData } from './split.ts';

/*
 * The demo house as evaluation data: a Foyer on an in-memory SQLite database, seeded at
 * a fixed moment (the demo's history is relative to the seed time, so a fixed clock gives
 * the same data on every run), then its productions and its bookings and visits read back.
 * This is the only file of the evaluation that does I/O, and it runs only on demand.
 */

const seedTime = '2026-11-15T09:00:00.000Z';

export function productionItem(production: Production): Item {
  const join = (...parts: (string | null | undefined)[]) => parts.filter((p) => p !== null && p !== undefined && p !== '').join('. ');
  return {
    id: production.id,
    genres: production.genres,
    families: familiesOf(production.genres),
    tags: production.tags,
    people: [...production.performers, ...production.creativeTeam].map((p) => p.name.trim().toLowerCase()),
    // The catalogue does not record the work performed yet; empty, not guessed from the title.
    works: [],
    unitId: production.unitId,
    audience: production.audience,
    hallId: null,
    language: production.performanceLanguage,
    ageMin: production.ageMin,
    ageMax: production.ageMax,
    accessibility: production.accessibility,
    text: {
      de: join(production.title.de, production.subtitle.de, production.description.de),
      en: join(production.title.en ?? production.title.de, production.subtitle.en, production.description.en),
    },
    title: { de: production.title.de, en: production.title.en ?? production.title.de },
    createdAt: Date.parse(production.createdAt),
  };
}

export async function demoEvaluationData(): Promise<EvaluationData> {
  const database = await openDatabase({ engine: 'sqlite', url: ':memory:' });
  await migrateToLatest(database);
  const foyer = await createFoyer({ config: loadConfig({ FOYER_LOG_LEVEL: 'silent' }), database, clock: createTestClock(seedTime) });
  try {
    const { house } = await seedDemoHouse(foyer);
    const scope = { houseId: house.id, unitId: null };
    const productions: Production[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await foyer.services.catalogue.listProductions(scope, {}, { limit: 100, offset });
      productions.push(...page.items);
      if (productions.length >= page.total || page.items.length === 0) break;
    }
    // Bookings and attendances are the strong signals; rows of erased people (no contact) are left out.
    const rows = await database.db
      .selectFrom('interaction')
      .select(['contact_id', 'production_id', 'kind', 'occurred_at'])
      .where('house_id', '=', house.id)
      .where('kind', 'in', ['booking', 'attendance'])
      .where('contact_id', 'is not', null)
      .where('production_id', 'is not', null)
      .orderBy('occurred_at')
      .execute();
    const interactions: Interaction[] = rows.map((row) => ({
      userId: row.contact_id as string,
      itemId: row.production_id as string,
      kind: row.kind === 'attendance' ? 'attended' : 'booked',
      at: Date.parse(row.occurred_at),
      weight: 1,
    }));
    const cut = cutAtShare(interactions, 0.8);
    // The candidates are what can still be booked after the cut: a performance to come, or an exhibition still open.
    const upcoming = await database.db
      .selectFrom('performance')
      .select('production_id')
      .distinct()
      .where('house_id', '=', house.id)
      .where('starts_at', '>=', new Date(cut).toISOString())
      .where('status', '!=', 'cancelled')
      .execute();
    const cutDay = new Date(cut).toISOString().slice(0, 10);
    const candidates = new Set([
      ...upcoming.map((row) => row.production_id),
      ...productions.filter((p) => p.runsUntil !== null && p.runsUntil >= cutDay).map((p) => p.id),
    ]);
    return { data: { items: productions.map(productionItem), interactions, declared: new Map(), now: Date.parse(seedTime) }, candidates, cut };
  } finally {
    await foyer.close();
    await database.close();
  }
}
