import { z } from 'zod';
import type { Jobs } from '../../core/jobs/jobs.ts';
import { defineJob } from '../../core/jobs/model.ts';
import type { AutopilotService } from './service.ts';

/** The scan behind new_production and sales_push; hourly is soon enough for a newsletter and cheap for the catalogue. */
export const autopilotScanJob = defineJob('campaigns.autopilot-scan', z.object({}));

export function registerAutopilotWorker(jobs: Jobs, autopilot: Pick<AutopilotService, 'scan'>): void {
  jobs.work(autopilotScanJob, async () => {
    await autopilot.scan();
  });
}

export async function scheduleAutopilot(jobs: Jobs): Promise<void> {
  await jobs.schedule(autopilotScanJob, '17 * * * *', {}, { timeZone: 'UTC', key: autopilotScanJob.name, retryLimit: 0 });
}
