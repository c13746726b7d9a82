import { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { isDomainError } from '../core/errors.ts';
import { defineJob } from '../core/jobs/model.ts';
import type { TicketingService } from './service.ts';
import * as store from './store.ts';

/*
 * Reserved tickets that nobody collects. A house sets how long before the performance an
 * unpaid box-office reservation lapses (Settings → Ticketing, 30 minutes by default, 0 to
 * keep reservations); then the order is cancelled like any other, its seats go back on
 * sale, and the waiting list hears of them. Only unpaid box-office reservations: an
 * invoice is a sale, and a reservation paid at the last minute is never touched.
 */

export const reservationReleaseJob = defineJob('ticketing/release-reservations', z.object({}));
export const RESERVATION_RELEASE_CRON = '*/5 * * * *';

const BATCH = 200;

export function createReservationRelease({ database, clock, ticketing }: { database: Database; clock: Clock; ticketing: Pick<TicketingService, 'cancel' | 'settings'> }) {
  /** Cancels every reservation now inside its house's release time; how many. */
  async function releaseDue(): Promise<number> {
    const now = clock.now();
    let released = 0;
    for (const houseId of await store.housesWithReservations(database.db)) {
      const { releaseMinutes } = await ticketing.settings.get(houseId);
      if (releaseMinutes <= 0) continue;
      const until = new Date(now.getTime() + releaseMinutes * 60_000).toISOString();
      const due = await store.reservationsStartingBetween(database.db, houseId, now.toISOString(), until, BATCH);
      for (const orderId of due) {
        try {
          await ticketing.cancel(
            { houseId, unitId: null },
            orderId,
            { reason: `not collected ${releaseMinutes} minutes before the performance` },
            { actor: 'system:reservations', idempotencyKey: `release:${orderId}`, onlyIfPending: true },
          );
          released += 1;
        } catch (error) {
          // Paid or cancelled at the desk a moment ago: nothing to release.
          if (!isDomainError(error, 'conflict')) throw error;
        }
      }
    }
    return released;
  }

  return { releaseDue };
}

export type ReservationRelease = ReturnType<typeof createReservationRelease>;
