import type { SegmentService } from '../audience/segments/service.ts';
import type { House } from '../catalogue/schemas.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Scope } from '../core/auth/model.ts';
import type { Staff } from '../core/auth/schemas.ts';
import type { AuthService } from '../core/auth/service.ts';
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { isDomainError } from '../core/errors.ts';
import type { Idempotency } from '../core/idempotency.ts';
import type { Events } from '../core/jobs/events.ts';
import { type DemoAssistant, type DemoAssistantDeps, noDemoAssistant, seedDemoAssistant } from './assistant.ts';
import { type AudienceCounts, noAudience, seedDemoAudience } from './audience.ts';
import { type DemoCampaignDeps, type DemoCampaigns, seedDemoCampaigns } from './campaigns.ts';
import { type DemoFiles, readDemoFiles } from './data.ts';
import { type DemoSales, type DemoSalesDeps, seedDemoSales } from './sales.ts';
import { seedDemoRecommendationHistory } from './recommendation-history.ts';
import { type DemoPlan, planDemoHouse, type PlannedProduction, type PlannedStaff } from './plan.ts';

/*
 * Seeds the demo house (examples/demo-house) through the catalogue and auth services, so
 * the demo gets exactly the checks real input gets. Everything is planned and checked
 * before the first write; an existing demo house is left alone. Its audience (about
 * 1,500 invented contacts with consents and history, audience.ts) is written in bulk
 * for speed, its saved segments through the segment service.
 *
 * The services each write in their own transaction, so the seed cannot be one. It is
 * all-or-nothing all the same: when any step after the house fails, the house is deleted
 * again (its rows, staff accounts included, cascade) and the error rethrown. A half house
 * would otherwise count as seeded on the next start and never be completed.
 */

/** The password of every demo account. It is printed on every start: never use it for real data. */
export const DEMO_PASSWORD = 'foyer-demo';

export interface SeedServices {
  services: {
    catalogue: CatalogueService;
    auth: Pick<AuthService, 'createStaff'>;
    segments: Pick<SegmentService, 'createSegment' | 'importMembers' | 'listSegments'>;
    /** With these, the demo gets its autopilot rules and a newsletter draft (demo/campaigns.ts). */
    autopilot?: DemoCampaignDeps['autopilot'];
    campaigns?: DemoCampaignDeps['campaigns'];
    /** With these and the events, the coming performances get the box office's last weeks of sales (demo/sales.ts). */
    mail?: DemoSalesDeps['outbox'];
    idempotency?: Idempotency;
    /** With it, the assistant's knowledge base and a few handed-over conversations (demo/assistant.ts). */
    assistantKnowledge?: DemoAssistantDeps['knowledge'];
  };
  /** The audience is written in bulk, in one transaction of this database, at this clock's now. */
  database: Database;
  clock: Clock;
  events?: Events;
  /** Its public URL is the default base of the poster URLs. */
  config?: { publicUrl: string };
}

export interface SeedOptions {
  /** Base of the poster URLs; default: the public URL of this Foyer; null: productions get no image. */
  imageBaseUrl?: string | null;
  files?: DemoFiles;
  /** Seed number of the audience's random generator; the default gives the documented demo. */
  audienceSeed?: number;
}

export interface SeedResult {
  /** false: the demo house was already there and nothing was written. */
  created: boolean;
  house: House;
  productions: number;
  performances: number;
  priceCategories: number;
  staff: { email: string; role: string; unit: string | null }[];
  audience: AudienceCounts;
  sales: DemoSales;
  campaigns: DemoCampaigns;
  assistant: DemoAssistant;
}

const noSales: DemoSales = { performances: 0, orders: 0, tickets: 0 };
const noCampaigns: DemoCampaigns = { rules: 0, campaigns: 0 };

async function findHouse(catalogue: SeedServices['services']['catalogue'], slug: string): Promise<House | null> {
  try {
    return await catalogue.getHouseBySlug(slug);
  } catch (error) {
    if (isDomainError(error, 'not_found')) return null;
    throw error;
  }
}

export function demoAccounts(files: DemoFiles = readDemoFiles()): PlannedStaff[] {
  return files.house.staff.map((member) => ({ ...member, unit: member.unit ?? null }));
}

async function seedProduction(catalogue: SeedServices['services']['catalogue'], scope: Scope, planned: PlannedProduction, ids: { units: Map<string, string>; halls: Map<string, string>; venues: Map<string, string> }) {
  const production = await catalogue.createProduction(scope, {
    ...planned.production,
    unitId: planned.unit === null ? null : ids.units.get(planned.unit),
    venueId: planned.venue === null ? null : ids.venues.get(planned.venue),
  });
  const hallId = planned.hall === null ? null : (ids.halls.get(planned.hall) ?? null);
  const performanceIds = new Map<string, string>();
  for (const performance of planned.performances) {
    const created = await catalogue.createPerformance(scope, {
      productionId: production.id,
      hallId,
      startsAt: performance.startsAt,
      endsAt: performance.endsAt,
      status: performance.status,
      capacity: planned.capacity,
      rescheduledFrom: performance.rescheduledFrom,
      ...(performance.note === null ? {} : { note: performance.note }),
    });
    performanceIds.set(performance.local, created.id);
  }
  for (const price of planned.prices) {
    await catalogue.createPriceCategory(scope, {
      ...price.category,
      productionId: production.id,
      performanceId: price.performanceAt === null ? null : performanceIds.get(price.performanceAt),
    });
  }
  return { id: production.id, performanceIds, performances: planned.performances.length, priceCategories: planned.prices.length };
}

/**
 * Creates the demo house with its units, venues, halls, productions, performances, price
 * categories and staff accounts. When a house with the demo's slug exists, returns it
 * with created: false and changes nothing. When a step fails, no house is left behind.
 */
export async function seedDemoHouse(foyer: SeedServices, options: SeedOptions = {}): Promise<SeedResult> {
  const { catalogue } = foyer.services;
  const imageBaseUrl = options.imageBaseUrl === undefined ? (foyer.config?.publicUrl ?? null) : options.imageBaseUrl;
  const plan: DemoPlan = planDemoHouse(options.files ?? readDemoFiles(), { imageBaseUrl });
  const existing = await findHouse(catalogue, plan.house.slug);
  const summary = { productions: 0, performances: 0, priceCategories: 0, staff: plan.staff.map(({ email, role, unit }) => ({ email, role, unit })), audience: noAudience, sales: noSales, campaigns: noCampaigns, assistant: noDemoAssistant };
  if (existing !== null) return { created: false, house: existing, ...summary };

  let house: House;
  try {
    house = await catalogue.createHouse(plan.house);
  } catch (error) {
    // Another process seeded the demo between our look and our write.
    const raced = isDomainError(error, 'conflict') ? await findHouse(catalogue, plan.house.slug) : null;
    if (raced !== null) return { created: false, house: raced, ...summary };
    throw error;
  }
  try {
    const counts = await seedContents(foyer, house, plan, options.audienceSeed);
    return { created: true, house, ...summary, ...counts };
  } catch (error) {
    try {
      await catalogue.deleteHouse(house.id);
    } catch (cleanup) {
      throw new AggregateError([error, cleanup], `the demo seed failed and its house ${house.slug} could not be removed; delete it before seeding again`, {
        cause: cleanup,
      });
    }
    throw error;
  }
}

/** Everything inside the new house; settles every write it started before it returns or throws. */
async function seedContents(foyer: SeedServices, house: House, plan: DemoPlan, audienceSeed: number | undefined) {
  const { catalogue, auth } = foyer.services;
  const scope: Scope = { houseId: house.id, unitId: null };

  const units = new Map<string, string>();
  for (const unit of plan.units) units.set(unit.slug, (await catalogue.createUnit(scope, unit)).id);
  const venues = new Map<string, string>();
  const halls = new Map<string, string>();
  for (const { key, venue, halls: venueHalls } of plan.venues) {
    const venueId = (await catalogue.createVenue(scope, venue)).id;
    venues.set(key, venueId);
    for (const { key: hallKey, hall } of venueHalls) halls.set(hallKey, (await catalogue.createHall(scope, { ...hall, venueId })).id);
  }

  // Password hashing (scrypt, ~100 ms each, in libuv's thread pool) is the slowest part
  // of the seed. The accounts are made one after another in the background while the
  // main thread writes the programme, so on two cores the two costs overlap instead of
  // adding up (all five at once would starve the main thread instead).
  const staffCreated = (async () => {
    let owner: Staff | null = null;
    let coordinator: Staff | null = null;
    for (const member of plan.staff) {
      const created = await auth.createStaff(house.id, {
        email: member.email,
        name: member.name,
        role: member.role,
        unitId: member.unit === null ? null : (units.get(member.unit) ?? null),
        password: DEMO_PASSWORD,
        language: member.language,
      });
      if (created.role === 'owner' && owner === null) owner = created;
      if (created.role === 'unit_staff' && coordinator === null) coordinator = created;
    }
    return { owner, coordinator };
  })();
  const programmeCreated = (async () => {
    const counts = { productions: 0, performances: 0, priceCategories: 0 };
    const productions: Map<string, { id: string; performances: ReadonlyMap<string, string> }> = new Map();
    for (const planned of plan.productions) {
      const created = await seedProduction(catalogue, scope, planned, { units, halls, venues });
      productions.set(planned.slug, { id: created.id, performances: created.performanceIds });
      counts.productions += 1;
      counts.performances += created.performances;
      counts.priceCategories += created.priceCategories;
    }
    // The audience books and attends the performances just made.
    const audience = await seedDemoAudience(
      { database: foyer.database, clock: foyer.clock, segments: foyer.services.segments },
      plan,
      { houseId: house.id, units, productions },
      audienceSeed,
    );
    const { mail, idempotency } = foyer.services;
    const sales =
      foyer.events === undefined || mail === undefined || idempotency === undefined
        ? noSales
        : await seedDemoSales({ database: foyer.database, events: foyer.events, outbox: mail, idempotency, catalogue, clock: foyer.clock, publicUrl: foyer.config?.publicUrl ?? '' }, house.id);
    // Three months of recommendations shown, made from the bookings above: the discovery dashboard's figures.
    await seedDemoRecommendationHistory({ database: foyer.database, clock: foyer.clock }, house.id);
    const opening = plan.productions.find((planned) => planned.production.genres?.includes('opera') === true) ?? plan.productions[0];
    // The first production of each unit: what a unit's letter is about.
    const unitProductions = new Map<string, string>();
    for (const planned of plan.productions) {
      const id = productions.get(planned.slug)?.id;
      if (planned.unit !== null && id !== undefined && !unitProductions.has(planned.unit)) unitProductions.set(planned.unit, id);
    }
    return { ...counts, audience, sales, unitProductions, seasonOpening: opening === undefined ? null : (productions.get(opening.slug)?.id ?? null) };
  })();
  // Both run to their end even when one fails, so that no write lands after the
  // caller has deleted the house.
  const [staff, programme] = await Promise.allSettled([staffCreated, programmeCreated]);
  if (staff.status === 'rejected') throw staff.reason;
  if (programme.status === 'rejected') throw programme.reason;
  const { seasonOpening, unitProductions, ...counts } = programme.value;
  const { autopilot, campaigns } = foyer.services;
  const { owner, coordinator } = staff.value;
  const coordinatorUnit = coordinator === null ? undefined : plan.staff.find((member) => member.email === coordinator.email)?.unit;
  const unitProduction = coordinatorUnit === undefined || coordinatorUnit === null ? null : (unitProductions.get(coordinatorUnit) ?? null);
  const seeded =
    autopilot === undefined || campaigns === undefined || owner === null
      ? noCampaigns
      : await seedDemoCampaigns({ autopilot, campaigns, segments: foyer.services.segments }, { houseId: house.id, owner, seasonOpening, coordinator, unitProduction });
  const { assistantKnowledge } = foyer.services;
  const assistant = assistantKnowledge === undefined ? noDemoAssistant : await seedDemoAssistant({ database: foyer.database, clock: foyer.clock, knowledge: assistantKnowledge }, house.id);
  return { ...counts, campaigns: seeded, assistant };
}
