import type { PurposeReader } from '../audience/contacts/purpose.ts';
import type { Scope } from '../core/auth/model.ts';
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { isDomainError } from '../core/errors.ts';
import { type BookingRecord, discoveryBookingShare, firstBookingsInNewGenre, genreEntropy, narrowingIndex } from './evaluation/bubble.ts';
import { gini } from './evaluation/metrics.ts';
import type { FitCache } from './fits.ts';
import * as store from './store.ts';

/*
 * Bubble metrics (issue 6). Per house, without any person in the answer: catalogue
 * coverage and the Gini of exposure over the productions bookable in the period, the
 * share of bookings that came from a discovery slot (the person was shown the production
 * in one within 30 days before booking it), and bookings that took a person into a genre
 * new to them. Bookings count for people with valid recommendations consent: the people
 * the recommender serves, and the only ones whose exposure carries their id. Per contact:
 * the genre entropy of what was recommended and of what was booked, by month, and the
 * narrowing index (last six months against the six before).
 */

const DAY = 86_400_000;
const ATTRIBUTION_MS = 30 * DAY;

export interface PeriodMetrics {
  from: string;
  to: string;
  exposures: number;
  bookings: number;
  coverage: number;
  exposureGini: number;
  discoveryBookingShare: number;
  firstBookingsInNewGenre: number;
}

export interface HouseMetrics extends PeriodMetrics {
  days: number;
  weeks: PeriodMetrics[];
}

export interface ContactMonth {
  month: string;
  recommended: number;
  booked: number;
  recommendedEntropy: number | null;
  bookedEntropy: number | null;
}

export interface ContactMetrics {
  contactId: string;
  personal: boolean;
  months: ContactMonth[];
  narrowing: { recommended: number | null; booked: number | null };
}

export function createRecommendationMetrics(deps: { database: Database; clock: Clock; fits: FitCache; contacts: Pick<PurposeReader, 'readForPurpose'> }) {
  const { db } = deps.database;

  async function forHouse(houseId: string, days: number): Promise<HouseMetrics> {
    const now = deps.clock.now().getTime();
    // Periods start at UTC midnight, so that the exposure counted per day falls into exactly one week.
    const from = Math.floor((now - days * DAY) / DAY) * DAY;
    const iso = (ms: number) => new Date(ms).toISOString();
    const [fit, exposure, discovery, bookings, spans] = await Promise.all([
      deps.fits.get(houseId),
      store.exposureByDay(db, houseId, iso(from)),
      store.discoveryExposures(db, houseId, iso(from - ATTRIBUTION_MS)),
      store.consentedBookings(db, houseId, iso(now)),
      store.productionSpans(db, houseId),
    ]);
    const shownAt = new Map<string, number[]>();
    for (const row of discovery) {
      const key = `${row.contact_id as string}|${row.production_id}`;
      shownAt.set(key, [...(shownAt.get(key) ?? []), Date.parse(row.shown_at)]);
    }
    const records: BookingRecord[] = [];
    const prior = new Map<string, Set<string>>();
    for (const row of bookings) {
      const at = Date.parse(row.occurred_at);
      const userId = row.contact_id as string;
      const itemId = row.production_id as string;
      if (at < from) {
        const genres = prior.get(userId) ?? new Set<string>();
        for (const genre of fit.items.get(itemId)?.genres ?? []) genres.add(genre);
        prior.set(userId, genres);
        continue;
      }
      const fromDiscovery = (shownAt.get(`${userId}|${itemId}`) ?? []).some((shown) => shown <= at && shown >= at - ATTRIBUTION_MS);
      records.push({ userId, itemId, at, slot: fromDiscovery ? 'discovery' : null });
    }

    function period(start: number, end: number): PeriodMetrics {
      const counts = new Map<string, number>();
      for (const span of spans) {
        const created = Date.parse(span.created_at);
        const lastDay = span.runs_until === null ? null : Date.parse(`${span.runs_until}T23:59:59.999Z`);
        const last = Math.max(span.last_start === null ? -Infinity : Date.parse(span.last_start), lastDay ?? -Infinity);
        if (created < end && last >= start) counts.set(span.id, 0);
      }
      let exposures = 0;
      for (const row of exposure) {
        const day = Date.parse(`${row.day}T00:00:00.000Z`);
        if (day < start || day >= end) continue;
        const shown = Number(row.shown);
        exposures += shown;
        if (counts.has(row.production_id)) counts.set(row.production_id, (counts.get(row.production_id) ?? 0) + shown);
      }
      const inPeriod = records.filter((r) => r.at >= start && r.at < end);
      // Genres known before this period: everything before the window plus the window's earlier bookings.
      const known = new Map<string, Set<string>>([...prior].map(([user, genres]) => [user, new Set(genres)]));
      for (const r of records) {
        if (r.at >= start) break;
        const genres = known.get(r.userId) ?? new Set<string>();
        for (const genre of fit.items.get(r.itemId)?.genres ?? []) genres.add(genre);
        known.set(r.userId, genres);
      }
      const values = [...counts.values()];
      return {
        from: new Date(start).toISOString(),
        to: new Date(end).toISOString(),
        exposures,
        bookings: inPeriod.length,
        coverage: values.length === 0 ? 0 : values.filter((v) => v > 0).length / values.length,
        exposureGini: gini(values),
        discoveryBookingShare: discoveryBookingShare(inPeriod),
        firstBookingsInNewGenre: firstBookingsInNewGenre(inPeriod, known, fit.items),
      };
    }

    const weeks: PeriodMetrics[] = [];
    for (let start = from; start < now; start += 7 * DAY) weeks.push(period(start, Math.min(start + 7 * DAY, now + 1)));
    return { days, ...period(from, now + 1), weeks };
  }

  async function forContact(scope: Scope, contactId: string, months: number): Promise<ContactMetrics> {
    try {
      await deps.contacts.readForPurpose(scope, contactId, 'recommendations');
    } catch (error) {
      // Without consent there is nothing personal to measure: no history was used, no exposure carries the id.
      if (isDomainError(error, 'no_consent')) return { contactId, personal: false, months: [], narrowing: { recommended: null, booked: null } };
      throw error;
    }
    const now = deps.clock.now();
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1));
    const narrowFrom = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
    const since = (start < narrowFrom ? start : narrowFrom).toISOString();
    const [fit, shown, booked] = await Promise.all([
      deps.fits.get(scope.houseId),
      store.exposuresOfContact(db, scope.houseId, contactId, since),
      store.bookingsOfContact(db, scope.houseId, contactId, since),
    ]);
    const byMonth = (rows: { production_id: string | null; at: string }[]) => {
      const grouped = new Map<string, string[]>();
      for (const row of rows) if (row.production_id !== null) grouped.set(row.at.slice(0, 7), [...(grouped.get(row.at.slice(0, 7)) ?? []), row.production_id]);
      return grouped;
    };
    const recommendedByMonth = byMonth(shown.map((r) => ({ production_id: r.production_id, at: r.shown_at })));
    const bookedByMonth = byMonth(booked.map((r) => ({ production_id: r.production_id, at: r.occurred_at })));
    const list: ContactMonth[] = [];
    for (let i = 0; i < months; i += 1) {
      const month = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + i, 1)).toISOString().slice(0, 7);
      const recommended = recommendedByMonth.get(month) ?? [];
      const bookedIds = bookedByMonth.get(month) ?? [];
      list.push({
        month,
        recommended: recommended.length,
        booked: bookedIds.length,
        recommendedEntropy: recommended.length === 0 ? null : genreEntropy(recommended, fit.items),
        bookedEntropy: bookedIds.length === 0 ? null : genreEntropy(bookedIds, fit.items),
      });
    }
    const half = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 5, 1)).toISOString().slice(0, 7);
    const narrowing = (grouped: Map<string, string[]>) => {
      const earlier: string[] = [];
      const later: string[] = [];
      for (const [month, ids] of grouped) (month < half ? earlier : later).push(...ids);
      return earlier.length === 0 || later.length === 0 ? null : narrowingIndex(earlier, later, fit.items);
    };
    return { contactId, personal: true, months: list, narrowing: { recommended: narrowing(recommendedByMonth), booked: narrowing(bookedByMonth) } };
  }

  return { forHouse, forContact };
}

export type RecommendationMetrics = ReturnType<typeof createRecommendationMetrics>;
