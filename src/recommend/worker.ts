import { DateTime } from 'luxon';
import { z } from 'zod';
import { catalogueImported } from '../catalogue/import/events.ts';
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import type { Events } from '../core/jobs/events.ts';
import type { Jobs } from '../core/jobs/jobs.ts';
import { defineJob } from '../core/jobs/model.ts';
import type { FitCache } from './fits.ts';
import * as store from './store.ts';

/*
 * The recommender's scheduled work. A house's fit is refreshed lazily on requests (fits.ts),
 * but the process that has no fit yet, or one from yesterday, makes its first visitor wait
 * or see yesterday's programme; so every night at REFIT_LOCAL_HOUR in the house's own time
 * zone the worker fits each house again, and right after a catalogue import. The job runs
 * hourly in UTC and refits the houses whose local refit hour has passed since this
 * process's last fit: a house in Berlin and one in New York each get theirs at 04:00
 * local, a worker that was down at that hour catches up on its next run, and a house
 * created during the day is included from the next night on.
 *
 * The fit lives in the process that runs the job: with `foyer serve` (web and worker in one
 * process, the default) that is the process answering the requests. A web process without
 * a worker keeps refitting lazily, in the background, as before.
 *
 * The same run forgets exposure older than EXPOSURE_KEEP_DAYS (personal data kept no
 * longer than the metrics need: the dashboard's longest period is 365 days, and a booking
 * is attributed to an exposure up to 30 days before it).
 */

export const recommendationNightlyJob = defineJob('recommend/nightly', z.object({}));
export const REFIT_CRON = '40 * * * *';
/** Local time of the nightly refit: after the box office's day, before the morning's first visitors. */
export const REFIT_LOCAL_HOUR = 4;
export const EXPOSURE_KEEP_DAYS = 400;

export interface NightlyReport {
  refitted: string[];
  exposuresDeleted: number;
}

/** The latest instant at which the house's local clock showed REFIT_LOCAL_HOUR:00, at or before `now`. */
export function lastRefitInstant(now: Date, timeZone: string): number {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  // An unknown zone falls back to UTC rather than skipping the house.
  const zoned = local.isValid ? local : DateTime.fromJSDate(now, { zone: 'utc' });
  let at = zoned.set({ hour: REFIT_LOCAL_HOUR, minute: 0, second: 0, millisecond: 0 });
  if (at.toMillis() > now.getTime()) at = at.minus({ days: 1 }).set({ hour: REFIT_LOCAL_HOUR });
  return at.toMillis();
}

export function createRecommendationNightly({ database, clock, fits }: { database: Database; clock: Clock; fits: Pick<FitCache, 'refresh' | 'fittedAt'> }) {
  /** One pass over every house; a house whose fit fails does not stop the others (the lazy path keeps serving it). */
  async function run(): Promise<NightlyReport> {
    const now = clock.now();
    const cutoff = new Date(now.getTime() - EXPOSURE_KEEP_DAYS * 86_400_000).toISOString();
    const report: NightlyReport = { refitted: [], exposuresDeleted: 0 };
    const failures: unknown[] = [];
    for (const house of await store.housesWithZones(database.db)) {
      report.exposuresDeleted += await store.deleteExposuresBefore(database.db, house.id, cutoff);
      const fittedAt = fits.fittedAt(house.id);
      if (fittedAt !== undefined && fittedAt >= lastRefitInstant(now, house.time_zone)) continue;
      try {
        await fits.refresh(house.id);
        report.refitted.push(house.id);
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} house(s) could not be refitted`);
    return report;
  }

  return { run };
}

export type RecommendationNightly = ReturnType<typeof createRecommendationNightly>;

export function registerRecommendationWorker(jobs: Jobs, events: Events, deps: { nightly: RecommendationNightly; fits: Pick<FitCache, 'refresh'> }): void {
  jobs.work(recommendationNightlyJob, async () => {
    await deps.nightly.run();
  });
  // New productions are offered from the next request on, not after the next lazy check.
  events.subscribe(catalogueImported, 'recommend-refit', async ({ houseId }) => {
    await deps.fits.refresh(houseId);
  });
}

/** Written again on every worker start; keyed, so it replaces itself. */
export async function scheduleRecommendations(jobs: Jobs): Promise<void> {
  await jobs.schedule(recommendationNightlyJob, REFIT_CRON, {}, { timeZone: 'UTC', key: recommendationNightlyJob.name, retryLimit: 1 });
}
