import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import { isBlank } from '../../core/csv.ts';
import type { Database, Executor } from '../../core/db/database.ts';
import { toJson } from '../../core/db/json.ts';
import { DomainError, notFound } from '../../core/errors.ts';
import type { Events } from '../../core/jobs/events.ts';
import { newId } from '../../core/ids.ts';
import { checkImportSize, readOrRefuse } from '../../core/import/files.ts';
import { failureOf } from '../../core/import/report.ts';
import { type ImportRunBase, runOf } from '../../core/import/runs.ts';
import { targetUnit } from '../../core/import/scope.ts';
import { fetchSource } from './fetch.ts';
import type { CsvColumns, ImportBatch, ImportReport, Language, ParseOptions } from './model.ts';
import { readBatch } from './detect.ts';
import { planImport, type ImportPlan } from './plan.ts';
import { catalogueImported } from './events.ts';
import * as store from './store.ts';

/*
 * Import use cases: read a file or URL, parse it, match it against the catalogue and
 * write it in one transaction, and record every run. Fetching and parsing happen
 * before the transaction opens: no outside call is ever made while it is open.
 */

export const importFormats = ['auto', 'ics', 'jsonld', 'csv'] as const;
export type RequestedFormat = (typeof importFormats)[number];

export type ImportSource =
  | { kind: 'file'; name: string; bytes: Uint8Array; contentType?: string }
  | { kind: 'url'; url: string };

export type ImportPhase = 'fetch' | 'parse' | 'write';

export interface ImportProgress {
  phase: ImportPhase;
  done: number;
  total: number;
}

export interface ImportRequest {
  source: ImportSource;
  /** 'auto' (the default) detects the format from content type, file name and content. */
  format?: string;
  dryRun?: boolean;
  /** The unit new productions belong to. Unit staff always import into their own unit. */
  unitId?: string | null;
  /** CSV only: which column holds what. */
  columns?: CsvColumns;
  /** Who started the run: 'staff:<id>', 'api_key:<id>', 'cli' or 'scheduler'. */
  actor: string | null;
  /** Set when a feed source runs: its id keys the source_refs, so that two feeds never collide. */
  feedSourceId?: string | null;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ApplyOptions {
  /** Keys the rows of one source: 'feed:<id>', 'url:<url>', 'file' (house) or 'file:<unit id>'. */
  sourceKey: string;
  unitId?: string | null;
  dryRun?: boolean;
  /** Warn about future performances that the source no longer lists. */
  reportMissing?: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportRun extends ImportRunBase<ImportReport> {
  feedSourceId: string | null;
  format: string;
}

export interface ImportLimits {
  fetchTimeoutMs: number;
  importMaxBytes: number;
}

export interface ImportServiceDeps {
  database: Database;
  clock: Clock;
  limits: ImportLimits;
  /** Tests replace the parsers to hand in a batch of their own. */
  readBatch?: typeof readBatch;
  /** Where a finished import is announced (catalogueImported). */
  events?: Events | undefined;
}

/**
 * Each source writes its rows under its own key, so that the UID "42" of one feed and
 * the UID "42" of another are two performances. Uploaded files share one key per unit:
 * re-uploading an edited export must update the rows the first upload made, but a CSV
 * id such as "12" is only unique within the box office that wrote it, so the files of
 * one unit never meet the rows of another. Files imported into no unit keep the plain
 * 'file' key they have always had.
 */
function sourceKeyOf(source: ImportSource, feedSourceId: string | null | undefined, unitId: string | null): string {
  if (feedSourceId !== null && feedSourceId !== undefined) return `feed:${feedSourceId}`;
  if (source.kind === 'url') return `url:${source.url.replace(/#.*$/, '')}`;
  return unitId === null ? 'file' : `file:${unitId}`;
}

function sourceName(source: ImportSource): string {
  return source.kind === 'url' ? source.url : source.name;
}

export function isImportFormat(value: string): value is RequestedFormat {
  return (importFormats as readonly string[]).includes(value);
}

export function createImportService(deps: ImportServiceDeps) {
  const { database, clock, limits } = deps;
  const { db } = database;
  const parse = deps.readBatch ?? readBatch;

  async function houseOf(scope: Scope) {
    const house = await store.findHouse(db, scope.houseId);
    if (house === undefined) throw notFound('house', scope.houseId);
    return house;
  }

  const unitFor = (scope: Scope, requested: string | null | undefined) =>
    targetUnit(scope, requested, (houseId, idOrSlug) => store.findUnit(db, houseId, idOrSlug), 'unit staff can import only into their own unit');

  async function writePlan(executor: Executor, houseId: string, plan: ImportPlan, onProgress?: (p: ImportProgress) => void) {
    const now = clock.now().toISOString();
    const total =
      plan.venues.insert.length +
      plan.venues.update.length +
      plan.halls.insert.length +
      plan.productions.insert.length +
      plan.productions.update.length +
      plan.performances.insert.length +
      plan.performances.update.length +
      plan.priceCategories.insert.length +
      plan.priceCategories.update.length +
      plan.priceCategories.delete.length;
    let done = 0;
    const advance = (rows: number) => {
      done += rows;
      onProgress?.({ phase: 'write', done, total });
    };
    // Parents before children: venues, halls, productions, performances, then prices
    // (which may point at a performance); categories the source dropped go last.
    await store.insertVenues(executor, houseId, plan.venues.insert, now, advance);
    for (const update of plan.venues.update) await store.updateVenue(executor, houseId, update, now);
    advance(plan.venues.update.length);
    await store.insertHalls(executor, houseId, plan.halls.insert, now, advance);
    await store.insertProductions(executor, houseId, plan.productions.insert, now, advance);
    for (const update of plan.productions.update) await store.updateProduction(executor, houseId, update, now);
    advance(plan.productions.update.length);
    await store.insertPerformances(executor, houseId, plan.performances.insert, now, advance);
    for (const update of plan.performances.update) await store.updatePerformance(executor, houseId, update, now);
    advance(plan.performances.update.length);
    await store.insertPriceCategories(executor, houseId, plan.priceCategories.insert, now, advance);
    for (const update of plan.priceCategories.update) await store.updatePriceCategory(executor, houseId, update, now);
    advance(plan.priceCategories.update.length);
    await store.deletePriceCategories(executor, houseId, plan.priceCategories.delete, advance);
  }

  /**
   * Matches a parsed batch against the house and writes it in ONE transaction: any
   * error rolls everything back. A dry run computes the same plan and writes nothing,
   * so its report is the report the real run gives.
   */
  async function applyBatch(scope: Scope, batch: ImportBatch, options: ApplyOptions): Promise<ImportReport> {
    const unitId = await unitFor(scope, options.unitId);
    const planOptions = {
      sourcePrefix: `${options.sourceKey}|`,
      unitId,
      actorUnitId: scope.unitId,
      reportMissing: options.reportMissing ?? false,
      dryRun: options.dryRun ?? false,
      now: clock.now(),
      newId,
    };
    if (planOptions.dryRun) {
      const existing = await store.loadExistingState(db, scope.houseId, planOptions.sourcePrefix);
      return planImport(batch, existing, planOptions).report;
    }
    return db.transaction().execute(async (trx) => {
      await store.lockHouseImports(trx, database.engine, scope.houseId);
      const existing = await store.loadExistingState(trx, scope.houseId, planOptions.sourcePrefix);
      const plan = planImport(batch, existing, planOptions);
      await writePlan(trx, scope.houseId, plan, options.onProgress);
      return plan.report;
    });
  }

  async function readSource(source: ImportSource, onProgress?: (p: ImportProgress) => void) {
    if (source.kind === 'file') return { bytes: source.bytes, contentType: source.contentType, name: source.name };
    onProgress?.({ phase: 'fetch', done: 0, total: 1 });
    const fetched = await fetchSource(source.url, { timeoutMs: limits.fetchTimeoutMs, maxBytes: limits.importMaxBytes });
    onProgress?.({ phase: 'fetch', done: 1, total: 1 });
    return { bytes: fetched.bytes, contentType: fetched.contentType, name: fetched.url };
  }

  /**
   * One import from start to end: read, parse, apply, and record the run (also when it
   * fails, with the error). Returns the run's id with the report.
   */
  async function runImport(scope: Scope, request: ImportRequest): Promise<{ runId: string; report: ImportReport }> {
    const format = request.format ?? 'auto';
    if (!isImportFormat(format)) {
      throw new DomainError('unreadable_input', `unknown format "${format}": use auto, ics, jsonld or csv`, [
        { field: 'format', message: 'unknown format' },
      ]);
    }
    const unitId = await unitFor(scope, request.unitId);
    const house = await houseOf(scope);
    const runId = newId();
    const startedAt = clock.now().toISOString();
    const dryRun = request.dryRun ?? false;
    let detected: string = format;
    const record = async (status: 'ok' | 'failed', report: unknown) => {
      await store.insertImportRun(db, {
        id: runId,
        houseId: scope.houseId,
        feedSourceId: request.feedSourceId ?? null,
        source: sourceName(request.source),
        format: detected,
        dryRun,
        status,
        report: toJson(report),
        actor: request.actor,
        startedAt,
        finishedAt: clock.now().toISOString(),
      });
    };
    let imported: { runId: string; report: ImportReport };
    try {
      const input = await readSource(request.source, request.onProgress);
      checkImportSize(input, limits.importMaxBytes);
      if (input.bytes.length === 0 || isBlank(input.bytes)) {
        throw new DomainError('validation', `file: ${input.name} is empty`, [{ field: 'file', message: 'empty' }]);
      }
      const parseOptions: ParseOptions = {
        timeZone: house.time_zone,
        language: (house.default_language === 'en' ? 'en' : 'de') satisfies Language,
        now: clock.now(),
        currency: house.currency,
        onProgress: (done, total) => request.onProgress?.({ phase: 'parse', done, total }),
      };
      const batch = readOrRefuse(input.name, () =>
        parse({ bytes: input.bytes, format, name: input.name, contentType: input.contentType, columns: request.columns }, parseOptions),
      );
      detected = batch.format;
      const report = await applyBatch(scope, batch, {
        sourceKey: sourceKeyOf(request.source, request.feedSourceId, unitId),
        unitId,
        dryRun,
        // A feed or URL is the whole programme of its source; an uploaded file may be one part of it.
        reportMissing: request.source.kind === 'url',
        onProgress: request.onProgress,
      });
      await record('ok', report);
      imported = { runId, report };
    } catch (error) {
      await record('failed', { error: failureOf(error) });
      throw error;
    }
    // Outside the try: the run is recorded as it went, whatever happens to the announcement.
    if (!dryRun) await deps.events?.publish(catalogueImported, { houseId: scope.houseId, runId });
    return imported;
  }

  /**
   * A run names its source (a feed URL may carry a token) and reports on productions:
   * unit staff and unit keys see the runs of their unit's feeds and the runs they
   * started themselves, never another unit's. `actor` is who asks ('staff:<id>', …).
   */
  function viewerOf(scope: Scope, actor: string): store.RunViewer {
    return { unitId: scope.unitId, actor };
  }

  async function listRuns(scope: Scope, actor: string, filter: { feedSourceId?: string; limit: number; offset: number }) {
    const { items, total } = await store.listImportRuns(db, scope.houseId, viewerOf(scope, actor), filter);
    return { items: items.map(toRun), total, limit: filter.limit, offset: filter.offset };
  }

  async function getRun(scope: Scope, actor: string, id: string): Promise<ImportRun> {
    const row = await store.findImportRun(db, scope.houseId, viewerOf(scope, actor), id);
    if (row === undefined) throw notFound('import run', id);
    return toRun(row);
  }

  return { runImport, applyBatch, listRuns, getRun };
}

export type ImportService = ReturnType<typeof createImportService>;

function toRun(row: Awaited<ReturnType<typeof store.listImportRuns>>['items'][number]): ImportRun {
  return { ...runOf<ImportReport>(row), feedSourceId: row.feed_source_id, format: row.format };
}

