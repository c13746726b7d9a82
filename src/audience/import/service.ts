import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import { isBlank } from '../../core/csv.ts';
import { chunks } from '../../core/db/batch.ts';
import type { Database, Executor } from '../../core/db/database.ts';
import { toJson } from '../../core/db/json.ts';
import { DomainError, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { checkImportSize, readOrRefuse } from '../../core/import/files.ts';
import { failureOf } from '../../core/import/report.ts';
import { type ImportRunBase, runOf } from '../../core/import/runs.ts';
import { targetUnit } from '../../core/import/scope.ts';
import { appendAudit } from '../audit/store.ts';
import { DEFAULT_EXPIRY_MONTHS, type Purpose, purposes } from '../model.ts';
import { type ContactColumns, type ContactImportProgress, type ContactImportReport, type ImportSource, importSources } from './model.ts';
import { readContactFile } from './parse.ts';
import { BOOKING_SOURCE, type ContactImportPlan, planContactImport } from './plan.ts';
import * as store from './store.ts';

/*
 * Contact import use cases: read a CSV file of a ticketing or newsletter tool, decide per
 * row on which lawful basis anything may be kept, and write it all in ONE transaction
 * (or nothing, when anything fails); every run is recorded. Parsing happens before the
 * transaction opens, and a dry run plans exactly as the real run and writes nothing.
 */

/** What consents from an import say the person saw: Foyer does not know the other tool's wording. */
export const IMPORTED_TEXT_VERSION = 'import';

/** Audit entries per statement: eight values each, far below the engines' limits on bound values. */
const AUDIT_CHUNK = 1000;

export interface ContactImportRequest {
  file: { name: string; bytes: Uint8Array };
  dryRun?: boolean;
  /** The unit the contacts are imported for. Unit staff always import into their own unit. */
  unitId?: string | null;
  /** Recorded on new contacts and consents: 'import' (default) or 'box_office'. */
  source?: string;
  columns?: ContactColumns;
  /** Who runs it, for the run and the audit log: staff:<id>, api_key:<id>, system:cli. */
  actor: string;
  onProgress?: (progress: ContactImportProgress) => void;
}

export interface ContactImportRun extends ImportRunBase<ContactImportReport> {
  unitId: string | null;
}

export interface ContactImportServiceDeps {
  database: Database;
  clock: Clock;
  limits: { importMaxBytes: number };
}

function isImportSource(value: string): value is ImportSource {
  return (importSources as readonly string[]).includes(value);
}

export function createContactImportService(deps: ContactImportServiceDeps) {
  const { database, clock, limits } = deps;
  const { db } = database;

  const unitFor = (scope: Scope, requested: string | null | undefined) =>
    targetUnit(scope, requested, (houseId, idOrSlug) => store.findUnit(db, houseId, idOrSlug), 'unit staff can import contacts only into their own unit');

  function checkFile(file: { name: string; bytes: Uint8Array }): void {
    checkImportSize(file, limits.importMaxBytes);
    if (file.bytes.length === 0 || isBlank(file.bytes)) throw new DomainError('unreadable_input', `file: ${file.name} is empty`, [{ field: 'file', message: 'empty' }]);
  }

  async function expiryMonths(executor: Executor, houseId: string): Promise<Record<Purpose, number>> {
    const set = await store.expiryMonthsOfHouse(executor, houseId);
    return Object.fromEntries(purposes.map((purpose) => [purpose, set.get(purpose) ?? DEFAULT_EXPIRY_MONTHS[purpose]])) as Record<Purpose, number>;
  }

  async function writePlan(executor: Executor, houseId: string, plan: ContactImportPlan, now: string, onProgress?: (p: ContactImportProgress) => void) {
    const total =
      plan.contactInserts.length + plan.contactFills.length + plan.consentWrites.length + plan.unitLinks.length + plan.bookingInserts.length + plan.audit.length;
    let done = 0;
    const advance = (rows: number) => {
      done += rows;
      onProgress?.({ phase: 'write', done, total });
    };
    // Contacts before what points at them.
    await store.insertContacts(executor, houseId, plan.contactInserts, now);
    advance(plan.contactInserts.length);
    await store.fillContacts(executor, houseId, plan.contactFills, now);
    advance(plan.contactFills.length);
    await store.writeConsents(executor, houseId, plan.consentWrites, IMPORTED_TEXT_VERSION, now);
    advance(plan.consentWrites.length);
    await store.insertUnitLinks(executor, houseId, plan.unitLinks, now);
    advance(plan.unitLinks.length);
    await store.insertBookings(executor, houseId, plan.bookingInserts, BOOKING_SOURCE, now);
    advance(plan.bookingInserts.length);
    for (const chunk of chunks(plan.audit, AUDIT_CHUNK)) {
      await appendAudit(executor, chunk);
      advance(chunk.length);
    }
  }

  /**
   * One import from start to end: read, plan, write in one transaction, and record the
   * run (also when it fails, with the error). Returns the run's id with the report.
   */
  async function runImport(scope: Scope, request: ContactImportRequest): Promise<{ runId: string; report: ContactImportReport }> {
    const source = request.source ?? 'import';
    if (!isImportSource(source)) {
      throw new DomainError('validation', `source: "${source}" is not a source of contacts (use ${importSources.join(' or ')})`, [{ field: 'source', message: 'unknown source' }]);
    }
    const unitId = await unitFor(scope, request.unitId);
    const house = await store.findHouse(db, scope.houseId);
    if (house === undefined) throw notFound('house', scope.houseId);
    const runId = newId();
    const startedAt = clock.now().toISOString();
    const dryRun = request.dryRun ?? false;
    const record = async (status: 'ok' | 'failed', report: unknown) => {
      await store.insertImportRun(db, {
        id: runId,
        houseId: scope.houseId,
        unitId,
        source: request.file.name,
        dryRun,
        status,
        report: toJson(report),
        actor: request.actor,
        startedAt,
        finishedAt: clock.now().toISOString(),
      });
    };
    try {
      checkFile(request.file);
      const now = clock.now();
      const parsed = readOrRefuse(request.file.name, () =>
        readContactFile(request.file.bytes, {
          timeZone: house.time_zone,
          now,
          ...(request.columns === undefined ? {} : { columns: request.columns }),
          onProgress: (done, total) => request.onProgress?.({ phase: 'parse', done, total }),
        }),
      );
      const lookup = {
        emails: [...new Set(parsed.rows.map((row) => row.emailNormalised))],
        refs: [...new Set(parsed.rows.flatMap((row) => (row.order === undefined ? [] : [row.order.ref])))],
        unitId,
        bookingSource: BOOKING_SOURCE,
      };
      const planWith = async (executor: Executor) =>
        planContactImport(parsed, await store.loadExistingState(executor, scope.houseId, lookup), {
          houseId: scope.houseId,
          runId,
          actor: request.actor,
          now,
          timeZone: house.time_zone,
          unitId,
          source,
          dryRun,
          expiryMonths: await expiryMonths(executor, scope.houseId),
          newId,
        });
      let report: ContactImportReport;
      if (dryRun) {
        report = (await planWith(db)).report;
      } else {
        report = await db.transaction().execute(async (trx) => {
          await store.lockHouseContactImports(trx, database.engine, scope.houseId);
          const plan = await planWith(trx);
          await writePlan(trx, scope.houseId, plan, now.toISOString(), request.onProgress);
          return plan.report;
        });
      }
      await record('ok', report);
      return { runId, report };
    } catch (error) {
      await record('failed', { error: failureOf(error) });
      throw error;
    }
  }

  async function listRuns(scope: Scope, page: { limit: number; offset: number }) {
    const { items, total } = await store.listImportRuns(db, scope.houseId, scope.unitId, page);
    return { items: items.map(toRun), total, limit: page.limit, offset: page.offset };
  }

  async function getRun(scope: Scope, id: string): Promise<ContactImportRun> {
    const row = await store.findImportRun(db, scope.houseId, scope.unitId, id);
    if (row === undefined) throw notFound('contact import run', id);
    return toRun(row);
  }

  return { runImport, listRuns, getRun };
}

export type ContactImportService = ReturnType<typeof createContactImportService>;

function toRun(row: NonNullable<Awaited<ReturnType<typeof store.findImportRun>>>): ContactImportRun {
  return { ...runOf<ContactImportReport>(row), unitId: row.unit_id };
}
