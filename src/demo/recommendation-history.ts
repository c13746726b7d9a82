import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { fromJson } from '../core/db/json.ts';
import { exposureRows } from '../recommend/dto.ts';
import * as recommendStore from '../recommend/store.ts';
import type { RecommendationExposureTable } from '../recommend/tables.ts';
import { createRandom, type Random } from './audience-random.ts';

/*
 * The demo house's last three months of recommendations, so that the discovery dashboard
 * and the contact cards show figures on `npm start` instead of zeros. Written after the
 * audience and its bookings, from them: every four weeks a newsletter showed each person
 * with recommendations consent six productions (two discovery slots outside the genres
 * they had booked), the booking widget showed visitors three suggestions a few dozen
 * times a day, and some of the bookings that took someone into a genre new to
 * them were preceded by that production in a discovery slot. Only people with a valid
 * recommendations consent get exposure with their id, as the service records it.
 *
 * One seeded generator and inputs in id order: the same seed time gives the same history.
 * Rows are written in one transaction, a thousand per statement (about 15,000 rows).
 */

export const DEMO_RECOMMENDATION_SEED = 60606;

const DAY = 86_400_000;
const HISTORY_DAYS = 91;
const NEWSLETTER_EVERY_DAYS = 28;
/** A production counts as on offer on a day when it plays within the next eight weeks. */
const OFFER_WINDOW_DAYS = 56;

export interface DemoRecommendationHistory {
  exposures: number;
  /** Bookings that followed a discovery-slot exposure of the same production. */
  bookingsFromDiscovery: number;
}

interface Production {
  id: string;
  genres: string[];
  starts: number[];
}

function onOffer(productions: readonly Production[], at: number): Production[] {
  return productions.filter((p) => p.starts.some((start) => start > at && start <= at + OFFER_WINDOW_DAYS * DAY));
}

function weightedPick(random: Random, pool: readonly Production[], popularity: ReadonlyMap<string, number>, taken: Set<string>): Production | undefined {
  const open = pool.filter((p) => !taken.has(p.id));
  if (open.length === 0) return undefined;
  const chosen = random.weighted(open.map((p) => [p, 1 + (popularity.get(p.id) ?? 0)] as const));
  taken.add(chosen.id);
  return chosen;
}

export async function seedDemoRecommendationHistory(deps: { database: Database; clock: Clock }, houseId: string, seed = DEMO_RECOMMENDATION_SEED): Promise<DemoRecommendationHistory> {
  const { db } = deps.database;
  const random = createRandom(seed);
  const now = deps.clock.now().getTime();
  const from = now - HISTORY_DAYS * DAY;
  const iso = (ms: number) => new Date(ms).toISOString();

  const [rows, performances, bookings, contacts] = await Promise.all([
    recommendStore.productionsOf(db, houseId),
    db.selectFrom('performance').select(['production_id', 'starts_at']).where('house_id', '=', houseId).where('status', '<>', 'cancelled').orderBy('starts_at').execute(),
    recommendStore.consentedBookings(db, houseId, iso(now)),
    db.selectFrom('contact').select(['id', 'email']).where('house_id', '=', houseId).execute(),
  ]);
  // Ids are new on every seed; titles and the demo's invented addresses are not: they give the order the draws follow.
  const emailOf = new Map(contacts.map((c) => [c.id, c.email]));
  rows.sort((a, b) => a.title_de.localeCompare(b.title_de) || a.created_at.localeCompare(b.created_at));
  const starts = new Map<string, number[]>();
  for (const p of performances) starts.set(p.production_id, [...(starts.get(p.production_id) ?? []), Date.parse(p.starts_at)]);
  const productions: Production[] = rows.map((row) => ({ id: row.id, genres: fromJson<string[]>(row.genres, []), starts: starts.get(row.id) ?? [] }));
  const byId = new Map(productions.map((p) => [p.id, p]));
  const popularity = new Map<string, number>();
  for (const b of bookings) popularity.set(b.production_id as string, (popularity.get(b.production_id as string) ?? 0) + 1);

  // Each consenting person's bookings, oldest first.
  const histories = new Map<string, { productionId: string; at: number }[]>();
  for (const b of bookings) {
    const contactId = b.contact_id as string;
    histories.set(contactId, [...(histories.get(contactId) ?? []), { productionId: b.production_id as string, at: Date.parse(b.occurred_at) }]);
  }
  const titleOf = new Map(rows.map((row) => [row.id, row.title_de]));
  for (const history of histories.values()) history.sort((a, b) => a.at - b.at || (titleOf.get(a.productionId) ?? '').localeCompare(titleOf.get(b.productionId) ?? ''));
  const people = [...histories.keys()].sort((a, b) => (emailOf.get(a) ?? a).localeCompare(emailOf.get(b) ?? b));

  const exposure: RecommendationExposureTable[] = [];
  const show = (contactId: string | null, items: { productionId: string; slot: 'relevant' | 'discovery'; reason: string }[], surface: 'mail' | 'widget' | 'api', at: number) => {
    if (items.length > 0 && at <= now) exposure.push(...exposureRows(houseId, contactId, items, surface, iso(at)));
  };
  const genresBefore = (contactId: string, at: number) => new Set((histories.get(contactId) ?? []).filter((b) => b.at < at).flatMap((b) => byId.get(b.productionId)?.genres ?? []));

  // 1. The newsletters: four relevant places in the person's genres, two discovery slots outside them.
  for (let at = from + 3 * DAY + 9 * 3600_000; at <= now; at += NEWSLETTER_EVERY_DAYS * DAY) {
    const offer = onOffer(productions, at);
    for (const contactId of people) {
      const known = genresBefore(contactId, at);
      if (known.size === 0) continue;
      const inside = offer.filter((p) => p.genres.some((g) => known.has(g)));
      const outside = offer.filter((p) => p.genres.length > 0 && !p.genres.some((g) => known.has(g)));
      const taken = new Set<string>();
      const items: { productionId: string; slot: 'relevant' | 'discovery'; reason: string }[] = [];
      for (let i = 0; i < 4; i++) {
        const p = weightedPick(random, inside, popularity, taken) ?? weightedPick(random, offer, popularity, taken);
        if (p) items.push({ productionId: p.id, slot: 'relevant', reason: random.chance(0.6) ? 'because_you_saw' : 'people_like_you' });
      }
      for (let i = 0; i < 2; i++) {
        const p = weightedPick(random, outside, popularity, taken);
        if (p) items.splice(Math.min(items.length, 2 + i * 2), 0, { productionId: p.id, slot: 'discovery', reason: 'new_for_you' });
      }
      show(contactId, items, 'mail', at + random.int(0, 3600) * 1000);
    }
  }

  // 2. Bookings into a new genre: most were shown in a discovery slot some days before.
  let bookingsFromDiscovery = 0;
  for (const contactId of people) {
    for (const booking of histories.get(contactId) ?? []) {
      if (booking.at < from || booking.at > now) continue;
      const genres = byId.get(booking.productionId)?.genres ?? [];
      const known = genresBefore(contactId, booking.at);
      const newGenre = known.size > 0 && genres.length > 0 && !genres.some((g) => known.has(g));
      if (newGenre && random.chance(0.35)) {
        show(contactId, [{ productionId: booking.productionId, slot: 'discovery', reason: 'new_for_you' }], random.chance(0.7) ? 'mail' : 'api', booking.at - random.int(2, 21) * DAY);
        bookingsFromDiscovery += 1;
      } else if (!newGenre && random.chance(0.3)) {
        show(contactId, [{ productionId: booking.productionId, slot: 'relevant', reason: 'because_you_saw' }], 'mail', booking.at - random.int(1, 14) * DAY);
      }
    }
  }

  // 3. The booking widget: three suggestions, one of them a discovery, for anonymous visitors.
  for (let day = from; day < now; day += DAY) {
    const offer = onOffer(productions, day);
    const lists = random.int(15, 35);
    for (let i = 0; i < lists; i++) {
      const taken = new Set<string>();
      const items = [0, 1, 2].flatMap((place) => {
        const p = weightedPick(random, offer, popularity, taken);
        return p ? [{ productionId: p.id, slot: place === 1 ? ('discovery' as const) : ('relevant' as const), reason: place === 1 ? 'new_for_you' : 'similar_to' }] : [];
      });
      show(null, items, 'widget', day + random.int(8 * 3600, 22 * 3600) * 1000);
    }
  }

  await deps.database.db.transaction().execute((trx) => recommendStore.insertExposures(trx, exposure));
  return { exposures: exposure.length, bookingsFromDiscovery };
}
