import { contactErased } from '../audience/privacy/events.ts';
import type { Database } from '../core/db/database.ts';
import type { Events } from '../core/jobs/events.ts';
import * as store from './store.ts';

/*
 * An erased person leaves no exposure behind: what they were shown is personal data.
 * The house's counts lose their rows, which is what erasure means.
 */
export function subscribeRecommendationErasure({ database, events }: { database: Database; events: Events }): void {
  events.subscribe(contactErased, 'recommendations-exposure', async ({ houseId, contactId }) => {
    await store.deleteExposuresOf(database.db, houseId, contactId);
  });
}
