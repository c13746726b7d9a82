import { sql } from 'kysely';
import type { Executor } from '../../core/db/database.ts';

/*
 * Moving everything of one contact onto another, for a merge. Each statement names the
 * house; memberships are copied with ON CONFLICT DO NOTHING because the survivor may
 * already be a member, and the originals go with the merged contact (cascade).
 */

export async function moveInteractions(db: Executor, houseId: string, fromId: string, toId: string): Promise<number> {
  const result = await db.updateTable('interaction').set({ contact_id: toId }).where('house_id', '=', houseId).where('contact_id', '=', fromId).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function copyUnitMemberships(db: Executor, houseId: string, fromId: string, toId: string): Promise<void> {
  await db
    .insertInto('contact_unit')
    .columns(['house_id', 'contact_id', 'unit_id', 'since'])
    .expression(
      db
        .selectFrom('contact_unit')
        .select(['house_id', sql.val(toId).as('contact_id'), 'unit_id', 'since'])
        .where('house_id', '=', houseId)
        .where('contact_id', '=', fromId),
    )
    .onConflict((oc) => oc.columns(['contact_id', 'unit_id']).doNothing())
    .execute();
}

export async function copySegmentMemberships(db: Executor, houseId: string, fromId: string, toId: string): Promise<void> {
  await db
    .insertInto('segment_member')
    .columns(['house_id', 'segment_id', 'contact_id', 'added_at'])
    .expression(
      db
        .selectFrom('segment_member')
        .select(['house_id', 'segment_id', sql.val(toId).as('contact_id'), 'added_at'])
        .where('house_id', '=', houseId)
        .where('contact_id', '=', fromId),
    )
    .onConflict((oc) => oc.columns(['segment_id', 'contact_id']).doNothing())
    .execute();
}

/** Privacy requests stay with the person: the survivor is who they were about. */
export async function movePrivacyRequests(db: Executor, houseId: string, fromId: string, toId: string): Promise<void> {
  await db.updateTable('privacy_request').set({ contact_id: toId }).where('house_id', '=', houseId).where('contact_id', '=', fromId).execute();
}

export async function moveConsent(db: Executor, houseId: string, consentId: string, toId: string): Promise<void> {
  await db.updateTable('consent').set({ contact_id: toId }).where('house_id', '=', houseId).where('id', '=', consentId).execute();
}

export async function deleteConsent(db: Executor, houseId: string, consentId: string): Promise<void> {
  await db.deleteFrom('consent').where('house_id', '=', houseId).where('id', '=', consentId).execute();
}

export async function deleteContact(db: Executor, houseId: string, id: string): Promise<void> {
  await db.deleteFrom('contact').where('house_id', '=', houseId).where('id', '=', id).execute();
}
