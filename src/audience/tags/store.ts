import type { Insertable } from 'kysely';
import { chunks } from '../../core/db/batch.ts';
import type { Executor } from '../../core/db/database.ts';
import type { ContactTagTable } from '../../campaigns/tables.ts';

/*
 * Tags on contacts. The rows go with the contact through the foreign key's cascade, so an
 * erasure takes them along without a step of its own.
 */

export type TagRow = Pick<ContactTagTable, 'tag' | 'added_by' | 'added_at'>;

export async function tagsOf(db: Executor, houseId: string, contactId: string): Promise<TagRow[]> {
  return db.selectFrom('contact_tag').select(['tag', 'added_by', 'added_at']).where('house_id', '=', houseId).where('contact_id', '=', contactId).orderBy('tag').execute();
}

/** Adds tags; a contact that has a tag keeps the first time it got it. Returns how many were new. */
export async function addTags(db: Executor, rows: readonly Insertable<ContactTagTable>[]): Promise<number> {
  let added = 0;
  for (const chunk of chunks(rows, 1000)) {
    const result = await db
      .insertInto('contact_tag')
      .values(chunk)
      .onConflict((oc) => oc.columns(['contact_id', 'tag']).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

export async function removeTag(db: Executor, houseId: string, contactId: string, tag: string): Promise<boolean> {
  const result = await db.deleteFrom('contact_tag').where('house_id', '=', houseId).where('contact_id', '=', contactId).where('tag', '=', tag).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
