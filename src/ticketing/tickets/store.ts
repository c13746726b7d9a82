import { randomBytes } from 'node:crypto';
import type { Executor } from '../../core/db/database.ts';

/*
 * The house's ticket link key, made on first use. Two requests that both find no key
 * race to insert one; the insert ignores the loser's row and both read the winner's, so
 * every link of a house is signed with one key.
 */

export async function ticketLinkKey(db: Executor, houseId: string, now: string): Promise<Buffer> {
  const found = await db.selectFrom('ticket_link_key').select('link_key').where('house_id', '=', houseId).executeTakeFirst();
  if (found !== undefined) return Buffer.from(found.link_key, 'base64url');
  await db
    .insertInto('ticket_link_key')
    .values({ house_id: houseId, link_key: randomBytes(32).toString('base64url'), created_at: now })
    .onConflict((conflict) => conflict.column('house_id').doNothing())
    .execute();
  const made = await db.selectFrom('ticket_link_key').select('link_key').where('house_id', '=', houseId).executeTakeFirstOrThrow();
  return Buffer.from(made.link_key, 'base64url');
}
