import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { fromJson } from '../../core/db/json.ts';
import { DomainError } from '../../core/errors.ts';
import { parseInput } from '../../core/input.ts';
import { type ListResult, type PageInput, pageOf } from '../contacts/service.ts';
import { type AuditEntry, type AuditQuery, auditQuery } from './schemas.ts';
import { appendAudit, type AuditRow, auditBatch, listAudit } from './store.ts';

/*
 * Reading and exporting the audit log. The log is the house's evidence of who did what
 * with personal data; it is house-wide, so a unit-scoped key is refused even if it
 * carries audit:read. An export is itself an entry in the log.
 */

const EXPORT_BATCH = 1000;

export function auditFromRow(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    contactId: row.contact_id,
    reason: row.reason,
    details: fromJson<Record<string, unknown>>(row.details, {}),
  };
}

function houseWide(scope: Scope): void {
  if (scope.unitId !== null) throw new DomainError('forbidden', 'the audit log is read by house-wide staff, not from within a unit');
}

/** RFC 4180: quote every field, double the quotes; a leading = + - @ is defused against spreadsheet formulas. */
function csvField(value: string | null): string {
  const text = value ?? '';
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function createAuditService({ database, clock }: { database: Database; clock: Clock }) {
  const { db } = database;

  async function list(scope: Scope, query: AuditQuery = {}, pageInput?: PageInput): Promise<ListResult<AuditEntry>> {
    houseWide(scope);
    const filter = parseInput(auditQuery, query);
    const page = pageOf(pageInput);
    const { rows, total } = await listAudit(db, scope.houseId, filter, page);
    return { items: rows.map(auditFromRow), total, ...page };
  }

  /** The whole (filtered) log, oldest first, as CSV or JSON; the export is logged. */
  async function exportLog(scope: Scope, actor: string, format: 'csv' | 'json', query: AuditQuery = {}): Promise<{ contentType: string; filename: string; body: string }> {
    houseWide(scope);
    const filter = parseInput(auditQuery, query);
    const entries: AuditEntry[] = [];
    let after: { at: string; id: string } | null = null;
    for (;;) {
      const batch = await auditBatch(db, scope.houseId, filter, after, EXPORT_BATCH);
      entries.push(...batch.map(auditFromRow));
      const last = batch.at(-1);
      if (last === undefined || batch.length < EXPORT_BATCH) break;
      after = { at: last.at, id: last.id };
    }
    const at = clock.now().toISOString();
    await appendAudit(db, { houseId: scope.houseId, at, actor, action: 'audit.exported', contactId: null, details: { format, entries: entries.length, filter } });
    const stamp = at.slice(0, 10);
    if (format === 'json') {
      return { contentType: 'application/json; charset=utf-8', filename: `audit-${stamp}.json`, body: JSON.stringify(entries, null, 2) };
    }
    const header = ['id', 'at', 'actor', 'action', 'contact_id', 'reason', 'details'].join(',');
    const lines = entries.map((e) => [e.id, e.at, e.actor, e.action, e.contactId, e.reason, JSON.stringify(e.details)].map(csvField).join(','));
    return { contentType: 'text/csv; charset=utf-8', filename: `audit-${stamp}.csv`, body: `${[header, ...lines].join('\r\n')}\r\n` };
  }

  return { list, export: exportLog };
}

export type AuditService = ReturnType<typeof createAuditService>;
