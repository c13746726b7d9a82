import { randomBytes } from 'node:crypto';
import type { Executor } from '../../core/db/database.ts';

/*
 * The envelope's queries: the house's link key, and the suppression list with the soft
 * bounces that lead to it. Every query names its house.
 */

/** The key that signs the house's mail links, made on first use (racing inserts keep one). */
export async function campaignLinkKey(db: Executor, houseId: string, now: string): Promise<Buffer> {
  const found = await findCampaignLinkKey(db, houseId);
  if (found !== null) return found;
  await db
    .insertInto('campaign_link_key')
    .values({ house_id: houseId, link_key: randomBytes(32).toString('base64url'), created_at: now })
    .onConflict((conflict) => conflict.column('house_id').doNothing())
    .execute();
  const made = await findCampaignLinkKey(db, houseId);
  if (made === null) throw new Error(`no campaign link key for house ${houseId}`);
  return made;
}

/** Only reads: checking a link never makes a key (a forged link names any house it likes). */
export async function findCampaignLinkKey(db: Executor, houseId: string): Promise<Buffer | null> {
  const found = await db.selectFrom('campaign_link_key').select('link_key').where('house_id', '=', houseId).executeTakeFirst();
  return found === undefined ? null : Buffer.from(found.link_key, 'base64url');
}

export interface SuppressionRow {
  id: string;
  email_normalised: string;
  reason: string;
  campaign_id: string | null;
  detail: string | null;
  created_at: string;
}

const suppressionColumns = ['id', 'email_normalised', 'reason', 'campaign_id', 'detail', 'created_at'] as const;

/** Suppresses the address; an address already suppressed keeps its first reason. Returns whether a row was added. */
export async function insertSuppression(db: Executor, row: SuppressionRow & { house_id: string }): Promise<boolean> {
  const inserted = await db
    .insertInto('mail_suppression')
    .values(row)
    .onConflict((conflict) => conflict.columns(['house_id', 'email_normalised']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function suppressedAmong(db: Executor, houseId: string, emails: readonly string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const rows = await db.selectFrom('mail_suppression').select('email_normalised').where('house_id', '=', houseId).where('email_normalised', 'in', emails).execute();
  return new Set(rows.map((row) => row.email_normalised));
}

export async function listSuppressions(db: Executor, houseId: string, page: { limit: number; offset: number }): Promise<{ rows: SuppressionRow[]; total: number }> {
  const rows = await db
    .selectFrom('mail_suppression')
    .select(suppressionColumns)
    .where('house_id', '=', houseId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const count = await db.selectFrom('mail_suppression').select((eb) => eb.fn.countAll<number>().as('n')).where('house_id', '=', houseId).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

/** Lifts a suppression and forgets the soft bounces that led to it, so counting starts afresh. */
export async function deleteSuppression(db: Executor, houseId: string, id: string): Promise<SuppressionRow | undefined> {
  const row = await db.selectFrom('mail_suppression').select(suppressionColumns).where('house_id', '=', houseId).where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  await db.deleteFrom('mail_suppression').where('house_id', '=', houseId).where('id', '=', id).execute();
  await db.deleteFrom('mail_soft_bounce').where('house_id', '=', houseId).where('email_normalised', '=', row.email_normalised).execute();
  return row;
}

/** Records a soft bounce and answers how many the address had since `since` (this one included). */
export async function addSoftBounce(db: Executor, row: { id: string; house_id: string; email_normalised: string; occurred_at: string }, since: string): Promise<number> {
  await db.insertInto('mail_soft_bounce').values(row).execute();
  const count = await db
    .selectFrom('mail_soft_bounce')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('house_id', '=', row.house_id)
    .where('email_normalised', '=', row.email_normalised)
    .where('occurred_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(count.n);
}
