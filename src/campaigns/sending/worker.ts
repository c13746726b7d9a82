import { z } from 'zod';
import { contactErased } from '../../audience/privacy/events.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { writeTransaction } from '../../core/db/transaction.ts';
import type { Events } from '../../core/jobs/events.ts';
import type { Jobs } from '../../core/jobs/jobs.ts';
import { defineJob } from '../../core/jobs/model.ts';
import type { Scanner } from './scanner.ts';
import type { Sender } from './sender.ts';
import * as store from './store.ts';

/*
 * The sending pipeline on the jobs layer (the SQLite queue or pg-boss alike):
 * - campaigns.scan, every minute and at once after a schedule, approval or resume:
 *   starts due newsletters and walks their segments, then hands over to the senders;
 * - campaigns.drain, one job per drain slot (singleton keys drain/0, drain/1, …): sends
 *   until nothing is due. Several slots run in parallel on whichever workers take them;
 *   with FOYER_SMTP_RATE there is one slot, so the server's rate is never multiplied by
 *   the number of workers (transport.ts).
 * Both are safe to run twice at once: the walk is a compare-and-set on the checkpoint,
 * the claim gives each message to one sender.
 */

export const scanJob = defineJob('campaigns.scan', z.object({}));
export const drainJob = defineJob('campaigns.drain', z.object({ slot: z.number().int().min(0).max(31) }));

/** A drain stops after this many batches and enqueues itself again, so a long send never holds a job for hours. */
const BATCHES_PER_JOB = 200;

export function drainSlots(ratePerSecond: number | null): number {
  return ratePerSecond === null ? 2 : 1;
}

export function registerSendingWorker(jobs: Jobs, deps: { scanner: Scanner; sender: Sender; slots: number }): { kick(): Promise<void> } {
  async function enqueueDrains(): Promise<void> {
    for (let slot = 0; slot < deps.slots; slot += 1) await jobs.enqueue(drainJob, { slot }, { singletonKey: `drain/${slot}`, retryLimit: 1, retryDelaySeconds: 30 });
  }

  jobs.work(scanJob, async () => {
    await deps.scanner.scan();
    await enqueueDrains();
  });

  jobs.work(
    drainJob,
    async ({ slot }, context) => {
      const result = await deps.sender.drain({ maxBatches: BATCHES_PER_JOB, signal: context.signal });
      // More was due than one job sends: the slot carries on in a fresh job.
      if (result.batches >= BATCHES_PER_JOB) await jobs.enqueue(drainJob, { slot }, { singletonKey: `drain/${slot}/next` });
    },
    { concurrency: deps.slots },
  );

  return {
    async kick() {
      await jobs.enqueue(scanJob, {}, { singletonKey: 'scan' });
    },
  };
}

/** Written again on every worker start (keyed, so idempotent). */
export async function scheduleSending(jobs: Jobs): Promise<void> {
  await jobs.schedule(scanJob, '* * * * *', {}, { timeZone: 'UTC', key: 'campaigns.scan' });
}

/**
 * An erased person leaves no address or id in the delivery log: the rows keep their
 * state for the campaign's counts; what was not sent yet is cancelled.
 */
export function subscribeSendingErasure({ database, clock, events }: { database: Database; clock: Clock; events: Events }): void {
  events.subscribe(contactErased, 'campaigns-delivery-log', async ({ houseId, contactId }) => {
    await writeTransaction(database, (trx) => store.forgetContact(trx, houseId, contactId, clock.now().toISOString()));
  });
}

/** What the marketing envelope's links and the bounce webhook report into the delivery log. */
export function createDeliveryLog({ database, clock }: { database: Database; clock: Clock }) {
  const { db } = database;
  const at = () => clock.now().toISOString();
  return {
    opened: (houseId: string, campaignId: string, contactId: string) => store.markTracked(db, houseId, campaignId, contactId, 'opened_at', at()),
    clicked: async (houseId: string, campaignId: string, contactId: string) => {
      // A click means the mail was opened, even when the pixel was blocked.
      await store.markTracked(db, houseId, campaignId, contactId, 'opened_at', at());
      await store.markTracked(db, houseId, campaignId, contactId, 'clicked_at', at());
    },
    unsubscribed: (houseId: string, campaignId: string, contactId: string) => store.markTracked(db, houseId, campaignId, contactId, 'unsubscribed_at', at()),
    bounced: (houseId: string, campaignId: string, emailNormalised: string) => store.markBounced(db, houseId, campaignId, emailNormalised, at()),
  };
}

export type DeliveryLog = ReturnType<typeof createDeliveryLog>;
