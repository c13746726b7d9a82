import { DateTime } from 'luxon';
import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database, Executor } from '../../core/db/database.ts';
import { fromJson } from '../../core/db/json.ts';
import { DomainError, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { mergeFields, performanceProblems, searchWords } from '../model.ts';
import { parseInput } from '../../core/input.ts';
import {
  type Performance,
  type PerformanceCreateInput,
  type PerformanceFields,
  type PerformanceListQuery,
  type PerformancePatchInput,
  performanceCreateInput,
  performanceListQuery,
  performancePatchInput,
} from '../schemas/performances.ts';
import { findHouse } from '../store/houses.ts';
import * as store from '../store/performances.ts';
import { findHall } from '../store/places.ts';
import { movePerformancePriceCategories } from '../store/price-categories.ts';
import { findProduction } from '../store/productions.ts';
import { type ListResult, now, type PageInput, pageOf, unknownReference } from './access.ts';

export function performanceFromRow(row: store.PerformanceRow): Performance {
  return {
    id: row.id,
    productionId: row.production_id,
    hallId: row.hall_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    status: row.status as Performance['status'],
    capacity: row.capacity,
    effectiveCapacity: row.capacity ?? row.hall_capacity,
    rescheduledFrom: row.rescheduled_from,
    note: { de: row.note_de, en: row.note_en },
    bookingUrl: row.booking_url,
    sourceRef: row.source_ref,
    production: {
      id: row.production_id,
      slug: row.production_slug,
      kind: row.production_kind === 'exhibition' ? 'exhibition' : 'staged',
      title: { de: row.title_de, en: row.title_en },
      genres: fromJson<string[]>(row.genres, []),
      audience: row.audience as Performance['production']['audience'],
      unitId: row.unit_id,
    },
    hall:
      row.hall_id === null || row.hall_name === null
        ? null
        : { id: row.hall_id, name: row.hall_name, capacity: row.hall_capacity ?? 0, venueId: row.venue_id ?? '', venueName: row.venue_name ?? '' },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const blankPerformance: Omit<PerformanceFields, 'productionId' | 'startsAt'> = {
  hallId: null,
  endsAt: null,
  status: 'scheduled',
  capacity: null,
  rescheduledFrom: null,
  note: { de: null, en: null },
  bookingUrl: null,
};

function check(performance: PerformanceFields): void {
  const problems = performanceProblems(performance);
  if (problems.length > 0) throw new DomainError('validation', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
}

function columns(p: PerformanceFields) {
  return {
    production_id: p.productionId,
    hall_id: p.hallId,
    starts_at: p.startsAt,
    ends_at: p.endsAt,
    status: p.status,
    capacity: p.capacity,
    rescheduled_from: p.rescheduledFrom,
    note_de: p.note.de,
    note_en: p.note.en,
    booking_url: p.bookingUrl,
  };
}

/** Unit staff may only attach performances to productions of their unit; halls must be the house's. */
async function checkReferences(trx: Executor, scope: Scope, next: PerformanceFields, before?: PerformanceFields): Promise<void> {
  if (next.productionId !== before?.productionId && (await findProduction(trx, scope, next.productionId)) === undefined) {
    throw unknownReference('productionId', 'production');
  }
  if (next.hallId !== null && next.hallId !== before?.hallId && (await findHall(trx, scope.houseId, next.hallId)) === undefined) {
    throw unknownReference('hallId', 'hall');
  }
}

/** A date bound is a day in the house's zone: 'from' its first moment, 'to' the first moment after it. */
function bound(value: string | undefined, zone: string, edge: 'from' | 'to'): string | undefined {
  if (value === undefined) return undefined;
  if (value.length > 10) return new Date(value).toISOString();
  const day = DateTime.fromISO(value, { zone }).startOf('day');
  return (edge === 'to' ? day.plus({ days: 1 }) : day).toUTC().toISO() ?? undefined;
}

export function createPerformanceService({ database, clock }: { database: Database; clock: Clock }) {
  const { db } = database;

  async function getPerformance(scope: Scope, id: string): Promise<Performance> {
    const row = await store.findPerformance(db, scope, id);
    if (row === undefined) throw notFound('performance', id);
    return performanceFromRow(row);
  }

  /** Performances by start, with their production's titles and genres and the hall's name. */
  async function listPerformances(scope: Scope, query: PerformanceListQuery = {}, pageInput?: PageInput): Promise<ListResult<Performance>> {
    const filter = parseInput(performanceListQuery, query);
    const page = pageOf(pageInput);
    let zone = 'UTC';
    if ((filter.from !== undefined && filter.from.length <= 10) || (filter.to !== undefined && filter.to.length <= 10)) {
      zone = (await findHouse(db, scope.houseId))?.time_zone ?? 'UTC';
    }
    const { rows, total } = await store.listPerformances(
      db,
      scope,
      {
        ...filter,
        from: bound(filter.from, zone, 'from'),
        to: bound(filter.to, zone, 'to'),
        words: filter.q === undefined ? [] : searchWords(filter.q),
      },
      page,
    );
    return { items: rows.map(performanceFromRow), total, ...page };
  }

  async function createPerformance(scope: Scope, input: PerformanceCreateInput): Promise<Performance> {
    const parsed = parseInput(performanceCreateInput, input);
    const performance: PerformanceFields = mergeFields({ ...blankPerformance, productionId: parsed.productionId, startsAt: parsed.startsAt }, parsed, ['note']);
    check(performance);
    const id = newId();
    const at = now(clock);
    await db.transaction().execute(async (trx) => {
      await checkReferences(trx, scope, performance);
      await store.insertPerformance(trx, {
        id,
        house_id: scope.houseId,
        ...columns(performance),
        source_ref: null,
        source_hash: null,
        created_at: at,
        updated_at: at,
      });
    });
    return getPerformance(scope, id);
  }

  async function updatePerformance(scope: Scope, id: string, input: PerformancePatchInput): Promise<Performance> {
    const patch = parseInput(performancePatchInput, input);
    await db.transaction().execute(async (trx) => {
      const row = await store.findPerformance(trx, scope, id);
      if (row === undefined) throw notFound('performance', id);
      const current = performanceFromRow(row);
      const next = mergeFields<PerformanceFields>(current, patch, ['note']);
      check(next);
      await checkReferences(trx, scope, next, current);
      const at = now(clock);
      await store.updatePerformance(trx, scope, id, { ...columns(next), updated_at: at });
      if (next.productionId !== current.productionId) {
        await movePerformancePriceCategories(trx, scope.houseId, { performanceId: id, productionId: next.productionId, at });
      }
    });
    return getPerformance(scope, id);
  }

  async function deletePerformance(scope: Scope, id: string): Promise<void> {
    const deleted = await db.transaction().execute((trx) => store.deletePerformance(trx, scope, id));
    if (!deleted) throw notFound('performance', id);
  }

  return { listPerformances, getPerformance, createPerformance, updatePerformance, deletePerformance };
}
