import type { Executor } from '../../core/db/database.ts';
import { toJson } from '../../core/db/json.ts';
import { newId } from '../../core/ids.ts';
import type { AuditAction } from '../model.ts';

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
