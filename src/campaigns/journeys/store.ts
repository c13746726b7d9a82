import { type Insertable, sql } from 'kysely';
import type { Scope } from '../../core/auth/model.ts';
import type { DatabaseEngine } from '../../config.ts';
import { chunks } from '../../core/db/batch.ts';
import type { Executor } from '../../core/db/database.ts';
import type { CampaignMessageTable, JourneyEnrollmentTable, JourneyTable } from '../tables.ts';

/*
 * Journeys, enrollments and the journey rows of the delivery log. Queries a request can
 * reach filter by house (and unit for unit staff); the engine's queries run per journey,
 * whose house it carries into every write.
 */

const journeyColumns = [
  'id',
  'house_id',
  'unit_id',
  'name',
  'status',
  'mode',
  'trigger',
  'graph',
  'trigger_state',
  'autopilot_rule',
  'created_by',
  'created_at',
  'updated_at',
  'activated_at',
  'step_counts',
] as const;
export type JourneyRow = Pick<JourneyTable, (typeof journeyColumns)[number]>;

export async function insertJourney(db: Executor, row: Insertable<JourneyTable>): Promise<void> {
  await db.insertInto('journey').values(row).execute();
}

export async function findJourney(db: Executor, scope: Scope, id: string): Promise<JourneyRow | undefined> {
  let query = db.selectFrom('journey').select(journeyColumns).where('house_id', '=', scope.houseId).where('id', '=', id);
  if (scope.unitId !== null) query = query.where('unit_id', '=', scope.unitId);
  return query.executeTakeFirst();
}

export async function listJourneys(db: Executor, scope: Scope): Promise<JourneyRow[]> {
  let query = db.selectFrom('journey').select(journeyColumns).where('house_id', '=', scope.houseId);
  if (scope.unitId !== null) query = query.where('unit_id', '=', scope.unitId);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export async function findByAutopilotRule(db: Executor, houseId: string, rule: string): Promise<JourneyRow | undefined> {
  return db
    .selectFrom('journey')
    .select(journeyColumns)
    .where('house_id', '=', houseId)
    .where('autopilot_rule', '=', rule)
    .where('status', '!=', 'archived')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/** Changes a journey only while it is in one of `from`: false when another request moved it first. */
export async function updateJourney(
  db: Executor,
  houseId: string,
  id: string,
  from: readonly string[],
  changes: Partial<Pick<JourneyTable, 'name' | 'mode' | 'trigger' | 'graph' | 'status' | 'trigger_state' | 'activated_at' | 'updated_at'>>,
): Promise<boolean> {
  const result = await db.updateTable('journey').set(changes).where('house_id', '=', houseId).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteDraft(db: Executor, houseId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('journey').where('house_id', '=', houseId).where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Every active journey (all houses): what the engine and the trigger scans walk. */
export async function activeJourneys(db: Executor): Promise<JourneyRow[]> {
  return db.selectFrom('journey').select(journeyColumns).where('status', '=', 'active').orderBy('id').execute();
}

export async function activeJourneysOfHouse(db: Executor, houseId: string): Promise<JourneyRow[]> {
  return db.selectFrom('journey').select(journeyColumns).where('house_id', '=', houseId).where('status', '=', 'active').orderBy('id').execute();
}

export async function saveTriggerState(db: Executor, houseId: string, id: string, state: string): Promise<void> {
  await db.updateTable('journey').set({ trigger_state: state }).where('house_id', '=', houseId).where('id', '=', id).execute();
}

/**
 * Adds the batch's "went through" counts to the journey's. The row is locked first on
 * PostgreSQL, so two workers' batches add up instead of overwriting each other; the lock
 * is taken last in the batch and held only until its commit.
 */
export async function addStepCounts(db: Executor, engine: DatabaseEngine, houseId: string, id: string, counts: ReadonlyMap<string, number>): Promise<void> {
  if (counts.size === 0) return;
  const query = db.selectFrom('journey').select('step_counts').where('house_id', '=', houseId).where('id', '=', id);
  const row = await (engine === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
  if (row === undefined) return;
  const total = JSON.parse(row.step_counts ?? '{}') as Record<string, number>;
  for (const [nodeId, n] of counts) total[nodeId] = (total[nodeId] ?? 0) + n;
  await db.updateTable('journey').set({ step_counts: JSON.stringify(total) }).where('house_id', '=', houseId).where('id', '=', id).execute();
}

// ---------- enrollments ----------

export async function enrollmentCounts(db: Executor, houseId: string, journeyIds: readonly string[]): Promise<{ journey_id: string; state: string; n: number }[]> {
  if (journeyIds.length === 0) return [];
  const rows = await db
    .selectFrom('journey_enrollment')
    .select(['journey_id', 'state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('house_id', '=', houseId)
    .where('journey_id', 'in', journeyIds)
    // The seen-at-activation markers of a segment entry are not people who went through.
    .where((eb) => eb.not(eb.and([eb('state', '=', 'exited'), eb('node_id', '=', '')])))
    .groupBy(['journey_id', 'state'])
    .execute();
  return rows.map((row) => ({ ...row, n: Number(row.n) }));
}

/** New enrollments; a person already in for this trigger key is left as they are. Returns how many were new. */
export async function insertEnrollments(db: Executor, rows: readonly Insertable<JourneyEnrollmentTable>[]): Promise<number> {
  let added = 0;
  // 11 columns: 1,000 rows stay below SQLite's 32,766 bound values.
  for (const chunk of chunks(rows, 1000)) {
    const result = await db
      .insertInto('journey_enrollment')
      .values(chunk)
      .onConflict((oc) => oc.columns(['journey_id', 'contact_id', 'trigger_key']).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

export interface DueRow {
  id: string;
  contact_id: string;
  trigger_key: string;
  node_id: string;
  wake_at: string;
  context: string;
  /** Null when the contact no longer exists (erased). */
  present: string | null;
  language: string | null;
  postal_code: string | null;
}

/**
 * The next batch of a journey's people whose step is due, after the checkpoint (wake_at,
 * id), in that order through journey_enrollment_step. On PostgreSQL the rows are locked
 * and rows another worker holds are skipped, so two workers never take the same person;
 * SQLite's write transaction already lets one batch run at a time.
 */
export async function claimDue(
  db: Executor,
  engine: DatabaseEngine,
  journeyId: string,
  now: string,
  after: { wakeAt: string; id: string } | null,
  limit: number,
): Promise<DueRow[]> {
  let query = db
    .selectFrom('journey_enrollment as e')
    .leftJoin('contact as c', 'c.id', 'e.contact_id')
    .select(['e.id', 'e.contact_id', 'e.trigger_key', 'e.node_id', 'e.wake_at', 'e.context', 'c.id as present', 'c.language', 'c.postal_code'])
    .where('e.journey_id', '=', journeyId)
    .where('e.state', '=', 'waiting')
    .where('e.wake_at', '<=', now);
  if (after !== null) {
    const { wakeAt, id } = after;
    query = query.where('e.wake_at', '>=', wakeAt).where((eb) => eb.or([eb('e.wake_at', '>', wakeAt), eb('e.id', '>', id)]));
  }
  query = query.orderBy('e.wake_at').orderBy('e.id').limit(limit);
  return engine === 'postgres' ? query.forUpdate('e').skipLocked().execute() : query.execute();
}

export interface EnrollmentChange {
  id: string;
  node_id: string;
  state: string;
  wake_at: string;
  context: string;
}

/** The batch's new positions in one statement per 1,000 people (a VALUES list joined by id). */
export async function applyChanges(db: Executor, journeyId: string, changes: readonly EnrollmentChange[], now: string): Promise<void> {
  for (const chunk of chunks(changes, 1000)) {
    const values = sql.join(chunk.map((c) => sql`(${c.id}, ${c.node_id}, ${c.state}, ${c.wake_at}, ${c.context})`));
    await sql`
      with v(id, node_id, state, wake_at, context) as (values ${values})
      update journey_enrollment
         set node_id = v.node_id, state = v.state, wake_at = v.wake_at, context = v.context, updated_at = ${now}
        from v
       where journey_enrollment.id = v.id and journey_enrollment.journey_id = ${journeyId}`.execute(db);
  }
}

/** Archiving: everyone still waiting leaves. */
export async function exitWaiting(db: Executor, houseId: string, journeyId: string, now: string): Promise<void> {
  await db
    .updateTable('journey_enrollment')
    .set({ state: 'exited', updated_at: now })
    .where('house_id', '=', houseId)
    .where('journey_id', '=', journeyId)
    .where('state', '=', 'waiting')
    .execute();
}

export async function listEnrollments(db: Executor, houseId: string, journeyId: string, filter: { state?: string | undefined }, page: { limit: number; offset: number }) {
  let query = db
    .selectFrom('journey_enrollment')
    .where('house_id', '=', houseId)
    .where('journey_id', '=', journeyId)
    .where((eb) => eb.not(eb.and([eb('state', '=', 'exited'), eb('node_id', '=', '')])));
  if (filter.state !== undefined) query = query.where('state', '=', filter.state);
  const rows = await query
    .select(['id', 'contact_id', 'trigger_key', 'node_id', 'state', 'wake_at', 'context', 'entered_at', 'updated_at'])
    .orderBy('entered_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  return { rows, total: Number(total) };
}

/** Waiting people per step, for the overlay. */
export async function waitingPerNode(db: Executor, houseId: string, journeyId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('journey_enrollment')
    .select(['node_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('house_id', '=', houseId)
    .where('journey_id', '=', journeyId)
    .where('state', '=', 'waiting')
    .groupBy('node_id')
    .execute();
  return new Map(rows.map((row) => [row.node_id, Number(row.n)]));
}

/**
 * A cancelled booking: the person leaves the journeys that waited on it (a reminder for
 * an evening they no longer go to), by the trigger keys of the order and its performances.
 */
export async function exitWaitingFor(db: Executor, houseId: string, contactId: string, triggerKeys: readonly string[], now: string): Promise<number> {
  if (triggerKeys.length === 0) return 0;
  const result = await db
    .updateTable('journey_enrollment')
    .set({ state: 'exited', updated_at: now })
    .where('house_id', '=', houseId)
    .where('contact_id', '=', contactId)
    .where('trigger_key', 'in', triggerKeys)
    .where('state', '=', 'waiting')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** An erased person leaves every journey: their progress goes with them; the log keeps its counts. */
export async function deleteEnrollmentsOf(db: Executor, houseId: string, contactId: string): Promise<void> {
  await db.deleteFrom('journey_enrollment').where('house_id', '=', houseId).where('contact_id', '=', contactId).execute();
}

// ---------- the delivery log ----------

/** One row per person and send step; a row that exists already (a rerun) stays as it is. */
export async function insertMessages(db: Executor, rows: readonly Insertable<CampaignMessageTable>[]): Promise<void> {
  // 14 columns: 1,000 rows stay below SQLite's 32,766 bound values.
  for (const chunk of chunks(rows, 1000)) {
    await db
      .insertInto('campaign_message')
      .values(chunk)
      .onConflict((oc) => oc.columns(['house_id', 'source_key']).doNothing())
      .execute();
  }
}

/** Opened and clicked marks of the given messages, found by their source keys (the unique index). */
export async function engagementOf(db: Executor, houseId: string, sourceKeys: readonly string[]): Promise<Map<string, { opened: boolean; clicked: boolean }>> {
  const found = new Map<string, { opened: boolean; clicked: boolean }>();
  for (const chunk of chunks(sourceKeys, 1000)) {
    const rows = await db
      .selectFrom('campaign_message')
      .select(['source_key', 'opened_at', 'clicked_at'])
      .where('house_id', '=', houseId)
      .where('source_key', 'in', chunk)
      .execute();
    // A click implies an open: mail clients that block images still follow links.
    for (const row of rows) found.set(row.source_key, { opened: row.opened_at !== null || row.clicked_at !== null, clicked: row.clicked_at !== null });
  }
  return found;
}

export async function messageStats(db: Executor, houseId: string, journeyId: string): Promise<Map<string, { sent: number; opened: number; clicked: number }>> {
  const rows = await db
    .selectFrom('campaign_message')
    .select([
      'node_id',
      sql<number>`count(sent_at)`.as('sent'),
      sql<number>`count(case when opened_at is not null or clicked_at is not null then 1 end)`.as('opened'),
      sql<number>`count(clicked_at)`.as('clicked'),
    ])
    .where('house_id', '=', houseId)
    .where('journey_id', '=', journeyId)
    .groupBy('node_id')
    .execute();
  return new Map(rows.map((row) => [row.node_id ?? '', { sent: Number(row.sent), opened: Number(row.opened), clicked: Number(row.clicked) }]));
}

// ---------- what a journey refers to ----------

/** Which of the ids are journey mails within the scope (a unit's journey sends only the unit's mails). */
export async function journeyCampaigns(db: Executor, scope: Scope, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  let query = db.selectFrom('campaign').select('id').where('house_id', '=', scope.houseId).where('kind', '=', 'journey').where('id', 'in', ids);
  if (scope.unitId !== null) query = query.where('unit_id', '=', scope.unitId);
  const rows = await query.execute();
  return new Set(rows.map((row) => row.id));
}

export async function channelAccounts(db: Executor, houseId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('channel_account').select(['id', 'kind']).where('house_id', '=', houseId).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, row.kind]));
}

/**
 * Whether a journey's post step already made its post for this trigger key. The channels
 * service records who made a post in created_by; the journey's job names itself there,
 * which makes a retried job find the post it made before.
 */
export async function postMadeBy(db: Executor, houseId: string, createdBy: string): Promise<boolean> {
  const row = await db.selectFrom('scheduled_post').select('id').where('house_id', '=', houseId).where('created_by', '=', createdBy).executeTakeFirst();
  return row !== undefined;
}

// ---------- facts for conditions ----------

/** Which of the contacts carry the tag. */
export async function taggedAmong(db: Executor, houseId: string, tag: string, contactIds: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of chunks(contactIds, 1000)) {
    const rows = await db.selectFrom('contact_tag').select('contact_id').where('house_id', '=', houseId).where('tag', '=', tag).where('contact_id', 'in', chunk).execute();
    for (const row of rows) found.add(row.contact_id);
  }
  return found;
}

/** Which of the contacts booked or attended (optionally one production, and for a unit's journey only with the unit) since `since`. */
export async function behavedAmong(
  db: Executor,
  houseId: string,
  unitId: string | null,
  kind: 'booking' | 'attendance',
  productionId: string | undefined,
  since: string,
  contactIds: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of chunks(contactIds, 1000)) {
    let query = db
      .selectFrom('interaction')
      .select('contact_id')
      .distinct()
      .where('house_id', '=', houseId)
      .where('kind', '=', kind)
      .where('occurred_at', '>=', since)
      .where('contact_id', 'in', chunk);
    if (productionId !== undefined) query = query.where('production_id', '=', productionId);
    if (unitId !== null) query = query.where('unit_id', '=', unitId);
    for (const row of await query.execute()) if (row.contact_id !== null) found.add(row.contact_id);
  }
  return found;
}
