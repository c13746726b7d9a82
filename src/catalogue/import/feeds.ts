import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { fromJson, toJson } from '../../core/db/json.ts';
import { DomainError, isDomainError, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { failureOf } from '../../core/import/report.ts';
import type { Jobs } from '../../core/jobs/jobs.ts';
import { defineJob } from '../../core/jobs/model.ts';
import { parseFeedUrl } from './fetch.ts';
import type { CsvColumns, ImportReport } from './model.ts';
import { isImportFormat, type ImportService, type RequestedFormat } from './service.ts';
import * as store from './store.ts';

/*
 * Feed sources: a URL the house publishes its programme at (a ticketing system's
 * iCalendar feed, the website's schema.org events), re-imported on a schedule. Each
 * enabled feed has one recurring job; the job only carries the feed's id, so editing a
 * feed never leaves a stale copy of it in the queue.
 */

/** The job that re-imports one feed. */
export const feedImportJob = defineJob('catalogue.feed-import', z.object({ feedId: z.string(), houseId: z.string() }));

/** Every six hours, at minute 0, in the house's time zone. */
export const DEFAULT_FEED_CRON = '0 */6 * * *';

/** What the feeds need from the jobs layer; app.ts adapts foyer.jobs to it. */
export interface FeedScheduler {
  /** Creates or replaces the recurring re-import of one feed. */
  schedule(feed: { id: string; houseId: string; cron: string; timeZone: string }): Promise<void>;
  unschedule(feedId: string): Promise<void>;
}

export interface FeedInput {
  name?: string;
  url: string;
  format?: string;
  cron?: string;
  unitId?: string | null;
  enabled?: boolean;
  columns?: CsvColumns | null;
}

export type FeedPatch = Partial<FeedInput>;

export interface Feed {
  id: string;
  name: string;
  url: string;
  format: RequestedFormat;
  cron: string;
  unitId: string | null;
  enabled: boolean;
  columns: CsvColumns | null;
  lastRunAt: string | null;
  lastStatus: 'ok' | 'failed' | null;
  lastReport: ImportReport | null;
  lastError: { code: string; message: string } | null;
  createdAt: string;
  updatedAt: string;
}

interface FeedOptions {
  columns?: CsvColumns;
}

type FeedRecord = NonNullable<Awaited<ReturnType<typeof store.findFeed>>>;

function toFeed(row: FeedRecord): Feed {
  const options = fromJson<FeedOptions>(row.options, {});
  const last = fromJson<(ImportReport & { error?: undefined }) | { error: { code: string; message: string } } | null>(row.last_report, null);
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    format: isImportFormat(row.format) ? row.format : 'auto',
    cron: row.cron,
    unitId: row.unit_id,
    enabled: row.enabled === 1,
    columns: options.columns ?? null,
    lastRunAt: row.last_run_at,
    lastStatus: row.last_status === 'ok' || row.last_status === 'failed' ? row.last_status : null,
    lastReport: last !== null && last.error === undefined ? (last as ImportReport) : null,
    lastError: last?.error ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A five-field cron expression that cron-parser accepts in the house's zone. */
export function checkCron(cron: string, timeZone: string): string {
  const trimmed = cron.trim().replace(/\s+/g, ' ');
  const fields = trimmed.split(' ').length;
  try {
    if (fields !== 5) throw new Error('five fields expected: minute hour day-of-month month day-of-week');
    CronExpressionParser.parse(trimmed, { tz: timeZone });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DomainError('validation', `cron: "${cron}" is not a schedule (${reason})`, [{ field: 'cron', message: reason }]);
  }
  return trimmed;
}

function checkFormat(format: string): RequestedFormat {
  if (!isImportFormat(format)) {
    throw new DomainError('validation', `format: "${format}" is unknown: use auto, ics, jsonld or csv`, [{ field: 'format', message: 'unknown format' }]);
  }
  return format;
}

export interface FeedServiceDeps {
  database: Database;
  clock: Clock;
  imports: ImportService;
  /** Without one (tests, the CLI), feeds are stored but not scheduled. */
  scheduler?: FeedScheduler;
}

export function createFeedService(deps: FeedServiceDeps) {
  const { database, clock, imports } = deps;
  const { db } = database;
  const { scheduler } = deps;

  async function houseZone(houseId: string): Promise<string> {
    const house = await store.findHouse(db, houseId);
    if (house === undefined) throw notFound('house', houseId);
    return house.time_zone;
  }

  async function unitFor(scope: Scope, requested: string | null | undefined, current: string | null): Promise<string | null> {
    if (scope.unitId !== null) {
      if (requested !== undefined && requested !== null && requested !== scope.unitId) {
        throw new DomainError('forbidden', 'unit staff can add feeds only to their own unit', [{ field: 'unitId', message: 'not your unit' }]);
      }
      return scope.unitId;
    }
    if (requested === undefined) return current;
    if (requested === null) return null;
    const unit = await store.findUnit(db, scope.houseId, requested);
    if (unit === undefined) throw new DomainError('validation', `unitId: unit ${requested} does not exist in this house`, [{ field: 'unitId', message: 'unknown unit' }]);
    return unit.id;
  }

  async function load(scope: Scope, id: string): Promise<FeedRecord> {
    const row = await store.findFeed(db, scope.houseId, scope.unitId, id);
    if (row === undefined) throw notFound('feed', id);
    return row;
  }

  async function reschedule(feed: Feed, houseId: string) {
    if (scheduler === undefined) return;
    if (feed.enabled) await scheduler.schedule({ id: feed.id, houseId, cron: feed.cron, timeZone: await houseZone(houseId) });
    else await scheduler.unschedule(feed.id);
  }

  async function list(scope: Scope, page: { limit: number; offset: number }) {
    const { items, total } = await store.listFeeds(db, scope.houseId, scope.unitId, page);
    return { items: items.map(toFeed), total, limit: page.limit, offset: page.offset };
  }

  async function get(scope: Scope, id: string): Promise<Feed> {
    return toFeed(await load(scope, id));
  }

  async function create(scope: Scope, input: FeedInput): Promise<Feed> {
    const url = parseFeedUrl(input.url).href;
    const zone = await houseZone(scope.houseId);
    const id = newId();
    await store.insertFeed(db, {
      id,
      houseId: scope.houseId,
      unitId: await unitFor(scope, input.unitId, null),
      name: input.name?.trim() || new URL(url).host,
      url,
      format: checkFormat(input.format ?? 'auto'),
      options: toJson(input.columns ? { columns: input.columns } : {}),
      cron: checkCron(input.cron ?? DEFAULT_FEED_CRON, zone),
      enabled: input.enabled ?? true,
      createdAt: clock.now().toISOString(),
    });
    const feed = await get(scope, id);
    await reschedule(feed, scope.houseId);
    return feed;
  }

  async function update(scope: Scope, id: string, patch: FeedPatch): Promise<Feed> {
    const current = toFeed(await load(scope, id));
    const zone = await houseZone(scope.houseId);
    const columns = patch.columns === undefined ? current.columns : patch.columns;
    await store.updateFeed(db, scope.houseId, id, {
      name: patch.name?.trim() || current.name,
      url: patch.url === undefined ? current.url : parseFeedUrl(patch.url).href,
      format: patch.format === undefined ? current.format : checkFormat(patch.format),
      options: toJson(columns === null ? {} : { columns }),
      cron: patch.cron === undefined ? current.cron : checkCron(patch.cron, zone),
      enabled: patch.enabled ?? current.enabled,
      unitId: await unitFor(scope, patch.unitId, current.unitId),
      updatedAt: clock.now().toISOString(),
    });
    const feed = await get(scope, id);
    if (feed.enabled !== current.enabled || feed.cron !== current.cron) await reschedule(feed, scope.houseId);
    return feed;
  }

  /** Rows the feed imported stay: a feed that is removed takes no performance with it. */
  async function remove(scope: Scope, id: string): Promise<void> {
    await load(scope, id);
    await store.deleteFeed(db, scope.houseId, id);
    await scheduler?.unschedule(id);
  }

  /**
   * Imports the feed now and keeps the outcome on the feed (last run, status, report).
   * The import acts within the feed's unit, so a unit's feed cannot touch other units'
   * productions.
   */
  async function importFeed(houseId: string, row: FeedRecord, actor: string) {
    const feed = toFeed(row);
    const at = clock.now().toISOString();
    try {
      const result = await imports.runImport(
        { houseId, unitId: feed.unitId },
        {
          source: { kind: 'url', url: feed.url },
          format: feed.format,
          unitId: feed.unitId,
          columns: feed.columns ?? undefined,
          actor,
          feedSourceId: feed.id,
        },
      );
      await store.recordFeedRun(db, houseId, feed.id, { at, status: 'ok', report: toJson(result.report) });
      return result;
    } catch (error) {
      await store.recordFeedRun(db, houseId, feed.id, { at, status: 'failed', report: toJson({ error: failureOf(error) }) });
      throw error;
    }
  }

  async function run(scope: Scope, id: string, actor: string) {
    return importFeed(scope.houseId, await load(scope, id), actor);
  }

  /**
   * The job handler for FEED_IMPORT_JOB. A failing feed is recorded on the feed and in
   * the import runs and then left for its next turn: retrying a feed that is down
   * within minutes only adds load on a server that is already in trouble.
   */
  async function runScheduled(payload: { feedId: string; houseId: string }): Promise<void> {
    const row = await store.findFeed(db, payload.houseId, null, payload.feedId);
    if (row === undefined || row.enabled !== 1) {
      // Deleted or disabled since the job was queued.
      await scheduler?.unschedule(payload.feedId);
      return;
    }
    try {
      await importFeed(payload.houseId, row, 'scheduler');
    } catch (error) {
      if (!isDomainError(error)) throw error;
    }
  }

  /** (Re)creates the schedule of every enabled feed, e.g. when a worker starts. */
  async function scheduleAll(): Promise<number> {
    if (scheduler === undefined) return 0;
    const feeds = await store.listEnabledFeeds(db);
    for (const feed of feeds) await scheduler.schedule({ id: feed.id, houseId: feed.house_id, cron: feed.cron, timeZone: feed.time_zone });
    return feeds.length;
  }

  return { list, get, create, update, remove, run, runScheduled, scheduleAll };
}

/** One recurring job per feed, keyed by the feed, so that a new schedule replaces the old one. */
export function feedScheduleKey(feedId: string): string {
  return `${feedImportJob.name}/${feedId}`;
}

/** The feeds' schedules on the jobs layer. */
export function jobsFeedScheduler(jobs: Jobs): FeedScheduler {
  return {
    async schedule(feed) {
      // No retries: a feed that is down is tried again at its next turn (see runScheduled).
      await jobs.schedule(feedImportJob, feed.cron, { feedId: feed.id, houseId: feed.houseId }, { timeZone: feed.timeZone, key: feedScheduleKey(feed.id), retryLimit: 0 });
    },
    async unschedule(feedId) {
      await jobs.unschedule(feedScheduleKey(feedId));
    },
  };
}

/** Registers the worker that re-imports a feed when its schedule comes due. */
export function registerFeedWorker(jobs: Jobs, feeds: FeedService): void {
  jobs.work(feedImportJob, (payload) => feeds.runScheduled(payload));
}

export type FeedService = ReturnType<typeof createFeedService>;
