import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import { constraintViolation } from '../../core/db/constraints.ts';
import type { Database, Executor } from '../../core/db/database.ts';
import { fromJson, toJson } from '../../core/db/json.ts';
import { DomainError, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { parseInput } from '../../core/input.ts';
import { appendAudit } from '../audit/store.ts';
import { marketingPurposes, type Purpose } from '../model.ts';
import { type EvaluationContext, type EvaluationForm, hasValidConsent, type ResolvedSegment, segmentCondition } from './compile.ts';
import { readMemberFile } from './member-file.ts';
import type { SegmentRule } from './model.ts';
import { checkIds, parseRules, resolveSegments, segmentFromRow } from './references.ts';
import {
  type MemberImport,
  type Segment,
  type SegmentCount,
  type SegmentCreateInput,
  segmentCreateInput,
  type SegmentMember,
  type SegmentPatchInput,
  segmentPatchInput,
} from './schemas.ts';
import * as store from './store.ts';

/*
 * Segments: count a rule tree while it is edited, save it, list a segment's members, fill
 * a static list from CSV, and hand campaigns the contact ids of a segment in batches.
 * Every evaluation is one SQL query built by compile.ts; the service checks the tree and
 * the ids in it, resolves the saved segments it uses, and decides the scope: unit staff
 * and unit segments see only the unit's contacts and interactions.
 */

const SAMPLE_SIZE = 20;
const REPORT_LIMIT = 1000;

export interface PageInput {
  limit?: number | undefined;
  offset?: number | undefined;
}

function pageOf(input: PageInput = {}): store.Page {
  return { limit: Math.min(Math.max(Math.trunc(input.limit ?? 50), 1), 500), offset: Math.max(Math.trunc(input.offset ?? 0), 0) };
}

function segmentDto(row: store.SegmentRow): Segment {
  return {
    id: row.id,
    unitId: row.unit_id,
    name: row.name,
    description: row.description,
    kind: row.kind === 'static' ? 'static' : 'rules',
    rules: row.kind === 'rules' ? fromJson<SegmentRule | null>(row.rules, null) : null,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function nameTaken(name: string): DomainError {
  return new DomainError('conflict', `name: another segment of this house is called "${name}"`, [{ field: 'name', message: 'taken' }]);
}

export function createSegmentService({ database, clock }: { database: Database; clock: Clock }) {
  const { db, engine } = database;
  // Measured (compile.ts): per-contact lookups on SQLite; sets (hash semi-joins) for a PostgreSQL count.
  // Batches walk contacts in id order and stop when full, on either engine.
  const COUNT_FORM: EvaluationForm = engine === 'sqlite' ? 'exists' : 'in';
  const BATCH_FORM: EvaluationForm = 'exists';

  /** A tree as it is evaluated within `unitId`: checked, its ids and saved segments resolved. */
  async function prepare(houseId: string, own: { id: string | null; unitId: string | null }, input: unknown) {
    const rules = parseRules(input);
    await checkIds(db, houseId, own.unitId, rules);
    const segments = await resolveSegments(db, houseId, own, rules);
    return { rules, segments };
  }

  function context(houseId: string, segments: ReadonlyMap<string, ResolvedSegment>, purpose: Purpose | null, form: EvaluationForm): EvaluationContext {
    return { engine, houseId, now: clock.now(), purpose, form, segments };
  }

  /** One query: how many match, and how many of them each purpose may reach. */
  async function counts(segment: ResolvedSegment, segments: ReadonlyMap<string, ResolvedSegment>, houseId: string, purpose: Purpose | null) {
    const base = context(houseId, segments, null, COUNT_FORM);
    const wanted: Purpose[] = [...marketingPurposes];
    if (purpose !== null && !wanted.includes(purpose)) wanted.push(purpose);
    const also = Object.fromEntries(wanted.map((p) => [p, hasValidConsent(houseId, [p], base.now, COUNT_FORM)]));
    const result = await store.countMatches(db, segmentCondition(segment, base), also);
    const reachable = Object.fromEntries(marketingPurposes.map((p) => [p, result.also[p] ?? 0])) as SegmentCount['reachable'];
    return { count: purpose === null ? result.total : (result.also[purpose] ?? 0), total: result.total, purpose, reachable };
  }

  async function sampleOf(segment: ResolvedSegment, segments: ReadonlyMap<string, ResolvedSegment>, houseId: string, purpose: Purpose | null, actor: string) {
    const rows = await store.matchingContacts(db, segmentCondition(segment, context(houseId, segments, purpose, COUNT_FORM)), { limit: SAMPLE_SIZE, offset: 0 });
    await appendAudit(db, {
      houseId,
      at: clock.now().toISOString(),
      actor,
      action: 'segment.sampled',
      contactId: null,
      details: { segmentId: segment.id.startsWith('draft:') ? null : segment.id, view: 'sample', contacts: rows.length, contactIds: rows.map((r) => r.id) },
    });
    return rows.map((row) => ({ id: row.id, name: row.name, email: row.email }));
  }

  async function findVisible(scope: Scope, id: string): Promise<store.SegmentRow> {
    const row = await store.findSegment(db, scope, id);
    if (row === undefined) throw notFound('segment', id);
    return row;
  }

  /** The live count of a tree being edited (unit staff: within their unit). */
  async function count(scope: Scope, input: { rules: unknown; purpose?: Purpose | undefined; sample?: boolean | undefined }, actor: string): Promise<SegmentCount> {
    const own = { id: null, unitId: scope.unitId };
    const { rules, segments } = await prepare(scope.houseId, own, input.rules);
    const draft: ResolvedSegment = { id: `draft:${newId()}`, unitId: scope.unitId, kind: 'rules', rules };
    const purpose = input.purpose ?? null;
    const result: SegmentCount = await counts(draft, segments, scope.houseId, purpose);
    if (input.sample === true) result.sample = await sampleOf(draft, segments, scope.houseId, purpose, actor);
    return result;
  }

  async function countSegment(scope: Scope, id: string, purpose: Purpose | null): Promise<SegmentCount> {
    const segment = segmentFromRow(await findVisible(scope, id));
    const segments = segment.rules === null ? new Map() : await resolveSegments(db, scope.houseId, { id, unitId: segment.unitId }, segment.rules);
    return counts(segment, segments, scope.houseId, purpose);
  }

  async function listSegments(scope: Scope, page?: PageInput) {
    const { limit, offset } = pageOf(page);
    const { rows, total } = await store.listSegments(db, scope, { limit, offset });
    return { items: rows.map(segmentDto), total, limit, offset };
  }

  async function getSegment(scope: Scope, id: string): Promise<Segment> {
    return segmentDto(await findVisible(scope, id));
  }

  async function createSegment(scope: Scope, input: SegmentCreateInput, actor: string): Promise<Segment> {
    const parsed = parseInput(segmentCreateInput, input);
    // Unit staff create inside their own unit, whatever the body says.
    const unitId = scope.unitId ?? parsed.unitId ?? null;
    if (scope.unitId === null && unitId !== null && (await store.existingUnits(db, scope, [unitId])).size === 0) throw invalid('unitId', 'no unit with this id in this house');
    if (parsed.kind === 'static' && parsed.rules !== undefined && parsed.rules !== null) throw invalid('rules', 'a static list has members, not rules');
    if (parsed.kind === 'rules' && (parsed.rules === undefined || parsed.rules === null)) throw invalid('rules', 'a rules segment needs a rule tree');
    const id = newId();
    const rules = parsed.kind === 'rules' ? (await prepare(scope.houseId, { id, unitId }, parsed.rules)).rules : null;
    const at = clock.now().toISOString();
    await db
      .transaction()
      .execute(async (trx) => {
        if ((await store.segmentNamed(trx, scope.houseId, parsed.name)) !== undefined) throw nameTaken(parsed.name);
        await store.insertSegment(trx, {
          id,
          house_id: scope.houseId,
          unit_id: unitId,
          name: parsed.name,
          description: parsed.description ?? null,
          kind: parsed.kind,
          rules: rules === null ? null : toJson(rules),
          created_by: actor,
          created_at: at,
          updated_at: at,
        });
      })
      .catch(uniqueName(parsed.name));
    return getSegment(scope, id);
  }

  /**
   * The segment of this name, created with these rules when there is none yet: for
   * capabilities that keep their own audiences (the autopilot's "interested in opera").
   * An existing segment is left as staff may have refined it.
   */
  async function ensureSegment(scope: Scope, input: { name: string; description: string; rules: SegmentRule }, actor: string): Promise<Segment> {
    const existing = await store.segmentNamed(db, scope.houseId, input.name);
    if (existing !== undefined) return getSegment(scope, existing.id);
    try {
      return await createSegment(scope, { name: input.name, description: input.description, kind: 'rules', rules: input.rules }, actor);
    } catch (error) {
      // Created by a concurrent call in between: that one is as good.
      const raced = await store.segmentNamed(db, scope.houseId, input.name);
      if (raced === undefined) throw error;
      return getSegment(scope, raced.id);
    }
  }

  async function updateSegment(scope: Scope, id: string, input: SegmentPatchInput): Promise<Segment> {
    const parsed = parseInput(segmentPatchInput, input);
    const current = segmentFromRow(await findVisible(scope, id));
    let rules: SegmentRule | undefined;
    if (parsed.rules !== undefined) {
      if (current.kind === 'static') throw invalid('rules', 'a static list has members, not rules');
      rules = (await prepare(scope.houseId, { id, unitId: current.unitId }, parsed.rules)).rules;
    }
    await db
      .transaction()
      .execute(async (trx) => {
        if (parsed.name !== undefined) {
          const named = await store.segmentNamed(trx, scope.houseId, parsed.name);
          if (named !== undefined && named.id !== id) throw nameTaken(parsed.name);
        }
        await store.updateSegment(trx, scope, id, {
          ...(parsed.name === undefined ? {} : { name: parsed.name }),
          ...(parsed.description === undefined ? {} : { description: parsed.description }),
          ...(rules === undefined ? {} : { rules: toJson(rules) }),
          updated_at: clock.now().toISOString(),
        });
      })
      .catch(uniqueName(parsed.name));
    return getSegment(scope, id);
  }

  async function deleteSegment(scope: Scope, id: string): Promise<void> {
    await db.transaction().execute(async (trx) => {
      if ((await store.findSegment(trx, scope, id)) === undefined) throw notFound('segment', id);
      const users = await store.segmentsReferring(trx, scope.houseId, id);
      if (users.length > 0) {
        // Unit staff learn that it is used, not the names of segments they may not see.
        const by = scope.unitId === null ? users.map((u) => `"${u.name}"`).join(', ') : `${users.length} other segment(s)`;
        throw new DomainError('conflict', `segment ${id} is used by ${by}: change those first`, [
          { field: 'id', message: 'in use' },
        ]);
      }
      await store.deleteSegment(trx, scope, id);
    });
  }

  /** A page of the segment's contacts, for staff with audience:read: one audit entry per page. */
  async function listMembers(scope: Scope, id: string, query: PageInput & { purpose?: Purpose | undefined }, actor: string) {
    const segment = segmentFromRow(await findVisible(scope, id));
    const segments = segment.rules === null ? new Map() : await resolveSegments(db, scope.houseId, { id, unitId: segment.unitId }, segment.rules);
    const page = pageOf(query);
    const where = segmentCondition(segment, context(scope.houseId, segments, query.purpose ?? null, COUNT_FORM));
    const rows = await store.matchingContacts(db, where, page);
    const { total } = await store.countMatches(db, where, {});
    const since = segment.kind === 'static' ? await store.memberSince(db, scope.houseId, id, rows.map((r) => r.id)) : new Map<string, string>();
    await appendAudit(db, {
      houseId: scope.houseId,
      at: clock.now().toISOString(),
      actor,
      action: 'segment.sampled',
      contactId: null,
      details: { segmentId: id, view: 'members', offset: page.offset, contacts: rows.length, contactIds: rows.map((r) => r.id) },
    });
    const items: SegmentMember[] = rows.map((row) => ({ ...row, addedAt: since.get(row.id) ?? null }));
    return { items, total, ...page };
  }

  async function staticList(scope: Scope, id: string): Promise<ResolvedSegment> {
    const segment = segmentFromRow(await findVisible(scope, id));
    if (segment.kind !== 'static') throw new DomainError('conflict', `segment ${id} is evaluated from its rules: only a static list has members to add or remove`);
    return segment;
  }

  /** Puts the contacts a CSV file names on a static list. Unknown addresses are reported, never created. */
  async function importMembers(scope: Scope, id: string, file: { bytes: Uint8Array }): Promise<MemberImport> {
    const segment = await staticList(scope, id);
    const { addresses, invalid: invalidRows } = readMemberFile(file.bytes);
    // A unit's list takes only the unit's contacts; others are as unknown as strangers.
    const listScope: Scope = { houseId: scope.houseId, unitId: segment.unitId ?? scope.unitId };
    const at = clock.now().toISOString();
    return db.transaction().execute(async (trx) => {
      const found = await store.contactsByEmail(trx, listScope, addresses.map((a) => a.email));
      const contactIds = [...new Set(addresses.flatMap((a) => found.get(a.email) ?? []))];
      const added = await store.addMembers(trx, scope.houseId, id, contactIds, at);
      const unknown = addresses.filter((a) => !found.has(a.email));
      return {
        rows: addresses.length,
        added,
        alreadyMembers: contactIds.length - added,
        unknown: unknown.slice(0, REPORT_LIMIT),
        invalid: invalidRows.slice(0, REPORT_LIMIT),
        truncated: unknown.length > REPORT_LIMIT || invalidRows.length > REPORT_LIMIT,
      };
    });
  }

  /** Takes contacts off a static list: the given ones, or all when contactIds is null. */
  async function removeMembers(scope: Scope, id: string, contactIds: readonly string[] | null): Promise<{ removed: number }> {
    await staticList(scope, id);
    const removed = await db.transaction().execute((trx) => store.removeMembers(trx, scope.houseId, id, contactIds));
    return { removed };
  }

  /**
   * For campaigns and other capabilities: the next batch of the segment's contacts with
   * valid consent for `purpose`, in id order after the checkpoint `afterId`. Consent is
   * checked in the query, at the moment the batch is fetched, so a revocation between two
   * batches is honoured. An empty answer means the segment is done.
   */
  async function contactIds(houseId: string, segmentId: string, options: { purpose: Purpose | null; afterId?: string | null; limit: number }): Promise<string[]> {
    const segment = segmentFromRow(await findVisible({ houseId, unitId: null }, segmentId));
    const segments = segment.rules === null ? new Map() : await resolveSegments(db, houseId, { id: segmentId, unitId: segment.unitId }, segment.rules);
    const limit = Math.min(Math.max(Math.trunc(options.limit), 1), 10_000);
    const where = segmentCondition(segment, context(houseId, segments, options.purpose, BATCH_FORM));
    return store.matchingIdsAfter(db, where, options.afterId ?? null, limit);
  }

  /**
   * For journeys: which of the given contacts are in the segment now, for a whole batch in
   * one query (no purpose: the sender checks consent when it sends). A segment deleted
   * meanwhile holds nobody. `executor` answers inside the caller's transaction.
   */
  async function membersAmong(houseId: string, segmentId: string, ids: readonly string[], options: { executor?: Executor } = {}): Promise<Set<string>> {
    const executor = options.executor ?? db;
    if (ids.length === 0) return new Set();
    const row = await store.findSegment(executor, { houseId, unitId: null }, segmentId);
    if (row === undefined) return new Set();
    const segment = segmentFromRow(row);
    const segments = segment.rules === null ? new Map() : await resolveSegments(executor, houseId, { id: segmentId, unitId: segment.unitId }, segment.rules);
    const where = segmentCondition(segment, context(houseId, segments, null, BATCH_FORM));
    const rows = await executor.selectFrom('contact as c').select('c.id').where(where).where('c.id', 'in', [...ids]).execute();
    return new Set(rows.map((member) => member.id));
  }

  return { count, countSegment, listSegments, getSegment, createSegment, ensureSegment, updateSegment, deleteSegment, listMembers, importMembers, removeMembers, contactIds, membersAmong };
}

/** Two requests can both find a name free; the unique constraint stops the second with the same 409. */
function uniqueName(name: string | undefined) {
  return (error: unknown): never => {
    if (name !== undefined && constraintViolation(error) === 'unique') throw nameTaken(name);
    throw error;
  };
}

export type SegmentService = ReturnType<typeof createSegmentService>;
