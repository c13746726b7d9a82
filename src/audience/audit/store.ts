import type { Executor } from '../../core/db/database.ts';
import { toJson } from '../../core/db/json.ts';
import { newId } from '../../core/ids.ts';
import type { AuditAction } from '../model.ts';
import type { AuditEntryTable } from '../tables.ts';

/*
 * The audit log's only writer. Entries are inserted in the transaction of the change
 * they record, so a rolled-back change leaves no entry and a committed one always has
 * its entry. Nothing here updates or deletes: the table refuses updates (trigger).
 */

export interface AuditEntryInput {
  houseId: string;
  at: string;
  /** staff:<id> | api_key:<id> | contact:<id> | system:<job> */
  actor: string;
  action: AuditAction;
  contactId: string | null;
  reason?: string | null;
  /** Ids and counts, never personal data: the log outlives an erasure. */
  details?: Record<string, unknown>;
}

export async function appendAudit(db: Executor, entries: AuditEntryInput | readonly AuditEntryInput[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries as AuditEntryInput];
  if (list.length === 0) return;
  await db
    .insertInto('audit_entry')
    .values(
      list.map((entry) => ({
        id: newId(),
        house_id: entry.houseId,
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        contact_id: entry.contactId,
        reason: entry.reason ?? null,
        details: toJson(entry.details ?? {}),
      })),
    )
    .execute();
}

/**
 * When this actor last viewed this contact at or after `since`, if they did: the newest
 * 'contact.viewed' entry, found through the (house_id, contact_id, at) index; action and
 * actor are checked on the few rows of that one contact in that window.
 */
export async function lastViewSince(db: Executor, houseId: string, contactId: string, actor: string, since: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('audit_entry')
    .select('at')
    .where('house_id', '=', houseId)
    .where('contact_id', '=', contactId)
    .where('at', '>', since)
    .where('action', '=', 'contact.viewed')
    .where('actor', '=', actor)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.at;
}

// ---------- reading the log ----------

export interface AuditFilter {
  contactId?: string | undefined;
  action?: string | undefined;
  /** Inclusive lower and exclusive upper bound on `at`, ISO instants. */
  from?: string | undefined;
  to?: string | undefined;
}

const auditColumns = ['id', 'at', 'actor', 'action', 'contact_id', 'reason', 'details'] as const;
export type AuditRow = Pick<AuditEntryTable, (typeof auditColumns)[number]>;

function auditQuery(db: Executor, houseId: string, filter: AuditFilter) {
  let query = db.selectFrom('audit_entry').where('house_id', '=', houseId);
  if (filter.contactId !== undefined) query = query.where('contact_id', '=', filter.contactId);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('at', '<', filter.to);
  return query;
}

/** Newest first; ids are UUIDv7, so they order entries of the same instant by insertion. */
export async function listAudit(db: Executor, houseId: string, filter: AuditFilter, page: { limit: number; offset: number }): Promise<{ rows: AuditRow[]; total: number }> {
  const query = auditQuery(db, houseId, filter);
  const rows = await query.select(auditColumns).orderBy('at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  return { rows, total: Number(total) };
}

/**
 * Oldest first, after a checkpoint (at, id): the export walks the whole log in batches
 * by key instead of by offset, so a log of millions costs the same per batch.
 */
export async function auditBatch(db: Executor, houseId: string, filter: AuditFilter, after: { at: string; id: string } | null, limit: number): Promise<AuditRow[]> {
  let query = auditQuery(db, houseId, filter);
  if (after !== null) query = query.where((eb) => eb.or([eb('at', '>', after.at), eb.and([eb('at', '=', after.at), eb('id', '>', after.id)])]));
  return query.select(auditColumns).orderBy('at').orderBy('id').limit(limit).execute();
}
