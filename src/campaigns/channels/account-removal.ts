import type { Database } from '../../core/db/database.ts';
import { DomainError, notFound } from '../../core/errors.ts';
import type { JourneyGraph } from '../journeys/definition.ts';
import { journeysNaming, removalRefusal } from './model.ts';
import * as store from './store.ts';

/*
 * Removing a channel account. scheduled_post references channel_account with ON DELETE
 * CASCADE, so the account's post history goes with it; posts already published stay on
 * the network (a Mastodon status, whatever a webhook receiver did): Foyer only forgets
 * them. Removal is refused while a post is still to go out or a journey that may run
 * again names the account, so nothing planned disappears silently.
 *
 * One short transaction: lock the account, decide, delete. A journey activated at the
 * same moment is not locked out; its step then finds the account gone and does nothing,
 * as the journey actions already do for a missing account.
 */

export function createAccountRemoval({ database }: { database: Database }) {
  const { db } = database;
  const lock = database.engine === 'postgres';

  async function removeAccount(houseId: string, id: string): Promise<void> {
    try {
      await db.transaction().execute(async (trx) => {
        const account = await store.findAccountForRemoval(trx, houseId, id, lock);
        if (account === undefined) throw notFound('channel account', id);
        const posts = (await store.listLivePosts(trx, houseId, id)).map((post) => ({ id: post.id, state: post.state, text: post.text, publishAt: post.publish_at }));
        const running = (await store.listRunningJourneys(trx, houseId)).map((journey) => ({ id: journey.id, name: journey.name, status: journey.status, graph: JSON.parse(journey.graph) as JourneyGraph }));
        const refusal = removalRefusal(posts, journeysNaming(id, running));
        if (refusal !== null) throw new DomainError('conflict', refusal.message, refusal.details);
        await store.deleteAccount(trx, houseId, id);
      });
    } catch (error) {
      if (store.lockTimedOut(error)) throw new DomainError('busy', 'this channel account is being used right now: try again');
      throw error;
    }
  }

  return { removeAccount };
}
