import { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import type { Idempotency } from '../core/idempotency.ts';
import type { Jobs } from '../core/jobs/jobs.ts';
import { defineJob } from '../core/jobs/model.ts';
import { RESERVATION_RELEASE_CRON, type ReservationRelease, reservationReleaseJob } from './reservations.ts';
import { WAITING_LIST_CRON, type WaitingList, waitingListOffersJob } from './waiting-list/service.ts';

/*
 * Ticketing's housekeeping. Not needed for correctness (an expired hold's claims simply
 * stop counting): it keeps the tables small. Idempotency keys are kept a week, far
 * beyond any client's retries; hold claims a day past their expiry; waiting-list entries
 * (personal data) a day past their performance's start. Every minute the waiting list
 * offers the seats of holds that ran out and passes run-out offers to the next in line.
 */

export const housekeepingJob = defineJob('ticketing/housekeeping', z.object({}));
const HOUSEKEEPING_CRON = '17 4 * * *';

export function registerTicketingWorker(
  jobs: Jobs,
  {
    database,
    clock,
    idempotency,
    waitingList,
    reservations,
  }: { database: Database; clock: Clock; idempotency: Idempotency; waitingList: Pick<WaitingList, 'serveDue' | 'forgetPast'>; reservations: ReservationRelease },
): void {
  jobs.work(housekeepingJob, async () => {
    await idempotency.forgetOlderThan(7);
    const dayAgo = new Date(clock.now().getTime() - 86_400_000).toISOString();
    await database.db.deleteFrom('hold_claim').where('expires_at', '<', dayAgo).execute();
    await waitingList.forgetPast();
  });
  jobs.work(waitingListOffersJob, async () => {
    await waitingList.serveDue();
  });
  jobs.work(reservationReleaseJob, async () => {
    await reservations.releaseDue();
  });
}

export async function scheduleTicketing(jobs: Jobs): Promise<void> {
  await jobs.schedule(housekeepingJob, HOUSEKEEPING_CRON, {}, { timeZone: 'UTC', key: housekeepingJob.name, retryLimit: 1 });
  // Runs again in a minute anyway: no retries.
  await jobs.schedule(waitingListOffersJob, WAITING_LIST_CRON, {}, { timeZone: 'UTC', key: waitingListOffersJob.name, retryLimit: 0 });
  await jobs.schedule(reservationReleaseJob, RESERVATION_RELEASE_CRON, {}, { timeZone: 'UTC', key: reservationReleaseJob.name, retryLimit: 0 });
}
