import { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import type { Idempotency } from '../core/idempotency.ts';
import type { Jobs } from '../core/jobs/jobs.ts';
import { defineJob } from '../core/jobs/model.ts';

/*
 * Ticketing's housekeeping. Not needed for correctness (an expired hold's claims simply
 * stop counting): it keeps the tables small. Idempotency keys are kept a week, far
 * beyond any client's retries; hold claims a day past their expiry.
 */

export const housekeepingJob = defineJob('ticketing/housekeeping', z.object({}));
const HOUSEKEEPING_CRON = '17 4 * * *';

export function registerTicketingWorker(jobs: Jobs, { database, clock, idempotency }: { database: Database; clock: Clock; idempotency: Idempotency }): void {
  jobs.work(housekeepingJob, async () => {
    await idempotency.forgetOlderThan(7);
    const dayAgo = new Date(clock.now().getTime() - 86_400_000).toISOString();
    await database.db.deleteFrom('hold_claim').where('expires_at', '<', dayAgo).execute();
  });
}

export async function scheduleTicketing(jobs: Jobs): Promise<void> {
  await jobs.schedule(housekeepingJob, HOUSEKEEPING_CRON, {}, { timeZone: 'UTC', key: housekeepingJob.name, retryLimit: 1 });
}
