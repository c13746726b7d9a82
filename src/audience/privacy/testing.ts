import type { Executor } from '../../core/db/database.ts';
import { newId } from '../../core/ids.ts';

/* Fixtures the privacy tests need beside those of ../testing.ts. */

/** A static list with the given members. */
export async function insertStaticSegment(db: Executor, houseId: string, name: string, members: readonly string[]): Promise<string> {
  const id = newId();
  const at = '2026-02-01T10:00:00.000Z';
  await db.insertInto('segment').values({ id, house_id: houseId, unit_id: null, name, description: null, kind: 'static', rules: null, created_by: null, created_at: at, updated_at: at }).execute();
  for (const contactId of members) await db.insertInto('segment_member').values({ house_id: houseId, segment_id: id, contact_id: contactId, added_at: at }).execute();
  return id;
}

/** Every row of the audience tables that points at the contact, by table. */
export async function rowsOf(db: Executor, contactId: string) {
  return {
    contact: await db.selectFrom('contact').selectAll().where('id', '=', contactId).execute(),
    contact_unit: await db.selectFrom('contact_unit').selectAll().where('contact_id', '=', contactId).execute(),
    interaction: await db.selectFrom('interaction').selectAll().where('contact_id', '=', contactId).orderBy('id').execute(),
    consent: await db.selectFrom('consent').selectAll().where('contact_id', '=', contactId).orderBy('id').execute(),
    segment_member: await db.selectFrom('segment_member').selectAll().where('contact_id', '=', contactId).execute(),
    privacy_request: await db.selectFrom('privacy_request').selectAll().where('contact_id', '=', contactId).execute(),
  };
}
