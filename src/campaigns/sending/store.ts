import { type Insertable, sql, type Updateable } from 'kysely';
import type { Scope } from '../../core/auth/model.ts';
import type { DatabaseEngine } from '../../config.ts';
import { chunks } from '../../core/db/batch.ts';
import type { Executor } from '../../core/db/database.ts';
import type { CampaignMessageTable, CampaignSettingsTable, CampaignTable } from '../tables.ts';
import { emptyCounts, type MessageCounts, type MessageState, messageStates } from './model.ts';

/*
 * The queries of campaigns and their delivery log. Every query a request can reach names
 * its house (and the unit of a unit-scoped key). The sender's own queries (the scanner's
 * due newsletters, the claim) span houses on purpose: one worker serves every house.
 */

export type CampaignRow = Omit<CampaignTable, 'house_id'> & { house_id: string };

const campaignColumns = [
  'id',
  'house_id',
  'unit_id',
  'name',
  'kind',
  'template_key',
  'content',
  'production_id',
  'performance_id',
  'segment_id',
  'status',
  'scheduled_at',
  'started_at',
  'finished_at',
  'checkpoint',
  'walked_at',
  'recipients',
  'pause_reason',
  'autopilot_rule',
  'approved_by',
  'approved_at',
  'created_by',
  'created_at',
  'updated_at',
] as const;

export async function insertCampaign(db: Executor, row: Insertable<CampaignTable>): Promise<void> {
  await db.insertInto('campaign').values(row).execute();
}

export async function findCampaign(db: Executor, scope: Scope, id: string): Promise<CampaignRow | undefined> {
  let query = db.selectFrom('campaign').select(campaignColumns).where('house_id', '=', scope.houseId).where('id', '=', id);
  if (scope.unitId !== null) query = query.where('unit_id', '=', scope.unitId);
  return query.executeTakeFirst();
}

/** The sender's read: a campaign by id, whatever its house (the claimed row names it). */
export async function campaignsByIds(db: Executor, ids: readonly string[]): Promise<CampaignRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('campaign').select(campaignColumns).where('id', 'in', ids).execute();
}

export async function listCampaigns(
  db: Executor,
  scope: Scope,
  filter: { kind?: string | undefined; status?: string | undefined },
  page: { limit: number; offset: number },
): Promise<{ rows: CampaignRow[]; total: number }> {
  let query = db.selectFrom('campaign').where('house_id', '=', scope.houseId);
  if (scope.unitId !== null) query = query.where('unit_id', '=', scope.unitId);
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  const rows = await query.select(campaignColumns).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  const count = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

/** The newest campaigns an autopilot rule wrote. */
export async function campaignIdsByAutopilotRule(db: Executor, houseId: string, rule: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('campaign').select('id').where('house_id', '=', houseId).where('autopilot_rule', '=', rule).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((row) => row.id);
}

export async function updateCampaign(db: Executor, houseId: string, id: string, changes: Updateable<CampaignTable>): Promise<void> {
  await db.updateTable('campaign').set(changes).where('house_id', '=', houseId).where('id', '=', id).execute();
}

/**
 * A status change that only happens from the status the caller saw: two staff pressing
 * pause and cancel at once, or the scanner finishing while staff pause, cannot both win.
 */
export async function changeStatus(db: Executor, houseId: string, id: string, from: readonly string[], changes: Updateable<CampaignTable>): Promise<boolean> {
  const result = await db.updateTable('campaign').set(changes).where('house_id', '=', houseId).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteCampaign(db: Executor, houseId: string, id: string): Promise<void> {
  await db.deleteFrom('campaign').where('house_id', '=', houseId).where('id', '=', id).execute();
}

/** Messages per state for each campaign: what lists, progress and the log's tabs show. */
export async function countsOf(db: Executor, houseId: string, campaignIds: readonly string[]): Promise<Map<string, MessageCounts>> {
  const result = new Map<string, MessageCounts>(campaignIds.map((id) => [id, emptyCounts()]));
  if (campaignIds.length === 0) return result;
  const rows = await db
    .selectFrom('campaign_message')
    .select(['campaign_id', 'state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('house_id', '=', houseId)
    .where('campaign_id', 'in', campaignIds)
    .groupBy(['campaign_id', 'state'])
    .execute();
  for (const row of rows) {
    const counts = result.get(row.campaign_id);
    if (counts !== undefined && (messageStates as readonly string[]).includes(row.state)) counts[row.state as MessageState] = Number(row.n);
  }
  return result;
}

// ---------- the scanner: newsletters due and their segment walk ----------

/** Newsletters whose time has come, and those whose walk a crash or a pause left unfinished. */
export async function dueNewsletters(db: Executor, now: string, limit: number): Promise<CampaignRow[]> {
  return db
    .selectFrom('campaign')
    .select(campaignColumns)
    .where('kind', '=', 'newsletter')
    .where((eb) => eb.or([eb.and([eb('status', '=', 'scheduled'), eb('scheduled_at', '<=', now)]), eb.and([eb('status', '=', 'sending'), eb('walked_at', 'is', null)])]))
    .orderBy('scheduled_at')
    .limit(limit)
    .execute();
}

/** One batch of the walk: its rows (a repeated walk writes nothing twice) and the checkpoint after them. */
export async function insertMessages(db: Executor, rows: readonly Insertable<CampaignMessageTable>[]): Promise<number> {
  let inserted = 0;
  // 24 columns: 1,000 rows stay below PostgreSQL's 65,535 bound values; SQLite's limit is 32,766.
  for (const chunk of chunks(rows, 1000)) {
    const result = await db
      .insertInto('campaign_message')
      .values(chunk)
      .onConflict((conflict) => conflict.columns(['house_id', 'source_key']).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

/** Sends whose walk is done and whose log holds nothing unsent any more are over. */
export async function finishDrained(db: Executor, now: string): Promise<number> {
  const result = await db
    .updateTable('campaign')
    .set({ status: 'sent', finished_at: now, updated_at: now })
    .where('status', '=', 'sending')
    .where('walked_at', 'is not', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('campaign_message as m')
            .select('m.id')
            .whereRef('m.campaign_id', '=', 'campaign.id')
            .where('m.state', 'in', ['held', 'queued', 'sending']),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ---------- the sender: claim, decide, record ----------

export interface ClaimedRow {
  id: string;
  house_id: string;
  campaign_id: string;
  contact_id: string | null;
  focus: string | null;
  attempts: number;
}

/**
 * Claims up to `limit` due messages for this worker: queued ones whose time has come,
 * and ones left in 'sending' by a worker whose lease ran out (it crashed). Only messages
 * of a campaign that is sending (or an active journey mail) qualify: pausing is a status
 * change this query sees at the next batch. On PostgreSQL, SKIP LOCKED lets any number
 * of workers claim at once without waiting for, or taking, each other's rows; SQLite
 * runs it in an immediate transaction, which holds the file's one write lock.
 */
export async function claimDue(db: Executor, engine: DatabaseEngine, input: { now: string; leaseUntil: string; limit: number }): Promise<ClaimedRow[]> {
  const lock = engine === 'postgres' ? sql`for update of m skip locked` : sql``;
  const result = await sql<ClaimedRow>`
    update campaign_message
       set state = 'sending', lease_until = ${input.leaseUntil}, attempts = attempts + 1, updated_at = ${input.now}
     where id in (
       select m.id
         from campaign_message m
         join campaign c on c.id = m.campaign_id
        where ((m.state = 'queued' and m.not_before <= ${input.now}) or (m.state = 'sending' and m.lease_until < ${input.now}))
          and c.status in ('sending', 'active')
        order by m.not_before
        limit ${input.limit}
        ${lock}
     )
    returning id, house_id, campaign_id, contact_id, focus, attempts`.execute(db);
  return result.rows.map((row) => ({ ...row, attempts: Number(row.attempts) }));
}

/**
 * Records what became of claimed messages; only rows this worker still holds ('sending')
 * change. The Message-ID is derived from the row's id (model.messageIdOf), so one
 * statement writes it for the whole chunk.
 */
export async function recordSent(db: Executor, ids: readonly string[], domain: string, at: string): Promise<void> {
  for (const chunk of chunks(ids, 500)) {
    await db
      .updateTable('campaign_message')
      .set({ state: 'sent', sent_at: at, lease_until: null, reason: null, updated_at: at, smtp_message_id: sql<string>`'<campaign.' || id || '@' || ${domain} || '>'` })
      .where('id', 'in', chunk)
      .where('state', '=', 'sending')
      .execute();
  }
}

export async function recordSkipped(db: Executor, items: readonly { id: string; reason: string }[], at: string): Promise<void> {
  const byReason = new Map<string, string[]>();
  for (const item of items) byReason.set(item.reason, [...(byReason.get(item.reason) ?? []), item.id]);
  for (const [reason, ids] of byReason) {
    for (const chunk of chunks(ids, 500)) {
      await db.updateTable('campaign_message').set({ state: 'skipped', reason, lease_until: null, updated_at: at }).where('id', 'in', chunk).where('state', '=', 'sending').execute();
    }
  }
}

/** Back to the queue, not before `until`: quiet hours, or a retry after the server refused. */
export async function requeue(db: Executor, items: readonly { id: string; until: string; reason: string | null; undoAttempt: boolean }[], at: string): Promise<void> {
  for (const item of items) {
    await db
      .updateTable('campaign_message')
      .set({
        state: 'queued',
        not_before: item.until,
        reason: item.reason,
        lease_until: null,
        updated_at: at,
        // A deferral is no attempt: only the server's refusals count towards failing.
        ...(item.undoAttempt ? { attempts: sql<number>`attempts - 1` } : {}),
      })
      .where('id', '=', item.id)
      .where('state', '=', 'sending')
      .execute();
  }
}

export async function recordFailed(db: Executor, items: readonly { id: string; reason: string }[], at: string): Promise<void> {
  for (const item of items) {
    await db.updateTable('campaign_message').set({ state: 'failed', reason: item.reason, lease_until: null, updated_at: at }).where('id', '=', item.id).where('state', '=', 'sending').execute();
  }
}

/** The contacts of a batch with what sending needs, and whether their consents hold now (checked in the query). */
export async function recipientsOf(db: Executor, houseId: string, contactIds: readonly string[], now: string) {
  if (contactIds.length === 0) return [];
  const valid = (purpose: string) =>
    sql<number>`(select count(*) from consent s where s.house_id = ${houseId} and s.contact_id = contact.id and s.purpose = ${purpose} and s.status = 'granted' and s.expires_at > ${now})`;
  const rows = [];
  for (const chunk of chunks(contactIds, 1000)) {
    rows.push(
      ...(await db
        .selectFrom('contact')
        .select(['id', 'email', 'email_normalised', 'name', 'language', valid('newsletter').as('newsletter'), valid('ticketing').as('ticketing')])
        .where('house_id', '=', houseId)
        .where('id', 'in', chunk)
        .execute()),
    );
  }
  return rows.map((row) => ({ ...row, newsletter: Number(row.newsletter) > 0, ticketing: Number(row.ticketing) > 0 }));
}

/** Marketing messages each person was sent since `since`, across all campaigns of the house: the frequency cap. */
export async function recentMarketing(db: Executor, houseId: string, contactIds: readonly string[], since: string, marketingKeys: readonly string[]): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (contactIds.length === 0 || marketingKeys.length === 0) return result;
  for (const chunk of chunks(contactIds, 1000)) {
    const rows = await db
      .selectFrom('campaign_message as m')
      .innerJoin('campaign as c', 'c.id', 'm.campaign_id')
      .select(['m.contact_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('m.house_id', '=', houseId)
      .where('m.contact_id', 'in', chunk)
      .where('m.state', '=', 'sent')
      .where('m.sent_at', '>', since)
      .where('c.template_key', 'in', marketingKeys)
      .groupBy('m.contact_id')
      .execute();
    for (const row of rows) if (row.contact_id !== null) result.set(row.contact_id, Number(row.n));
  }
  return result;
}

// ---------- the delivery log ----------

export async function cancelUnsent(db: Executor, houseId: string, campaignId: string, now: string): Promise<number> {
  const result = await db
    .updateTable('campaign_message')
    .set({ state: 'cancelled', lease_until: null, updated_at: now })
    .where('house_id', '=', houseId)
    .where('campaign_id', '=', campaignId)
    .where((eb) => eb.or([eb('state', 'in', ['queued', 'held']), eb.and([eb('state', '=', 'sending'), eb('lease_until', '<', now)])]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function messageCount(db: Executor, houseId: string, campaignId: string): Promise<number> {
  const row = await db.selectFrom('campaign_message').select((eb) => eb.fn.countAll<number>().as('n')).where('house_id', '=', houseId).where('campaign_id', '=', campaignId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listMessages(db: Executor, houseId: string, campaignId: string, state: string | undefined, page: { limit: number; offset: number }) {
  let query = db.selectFrom('campaign_message as m').leftJoin('contact as p', (join) => join.onRef('p.id', '=', 'm.contact_id').on('p.house_id', '=', houseId)).where('m.house_id', '=', houseId).where('m.campaign_id', '=', campaignId);
  if (state !== undefined) query = query.where('m.state', '=', state);
  const rows = await query
    .select([
      'm.id',
      'm.contact_id',
      'p.email',
      'm.state',
      'm.reason',
      'm.variant',
      'm.journey_id',
      'm.node_id',
      'm.queued_at',
      'm.sent_at',
      'm.opened_at',
      'm.clicked_at',
      'm.bounced_at',
      'm.unsubscribed_at',
    ])
    .orderBy('m.queued_at')
    .orderBy('m.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const count = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

/** Journey messages waiting for a person's approval, oldest first. */
/** Held messages of the house, or for a unit-scoped actor only those of the unit's mails. */
export async function heldMessages(db: Executor, scope: Scope, limit: number) {
  let query = db
    .selectFrom('campaign_message as m')
    .innerJoin('campaign as c', 'c.id', 'm.campaign_id')
    .leftJoin('journey as j', 'j.id', 'm.journey_id')
    .leftJoin('contact as p', (join) => join.onRef('p.id', '=', 'm.contact_id').on('p.house_id', '=', scope.houseId))
    .select(['m.id', 'm.campaign_id', 'c.name as campaign_name', 'm.journey_id', 'j.name as journey_name', 'm.node_id', 'm.contact_id', 'p.name as contact_name', 'm.queued_at'])
    .where('m.house_id', '=', scope.houseId)
    .where('m.state', '=', 'held');
  if (scope.unitId !== null) query = query.where('c.unit_id', '=', scope.unitId);
  return query.orderBy('m.queued_at').orderBy('m.id').limit(limit).execute();
}

/** Releases held messages to the sender (approve) or skips them (reject); others' (another house's, another unit's) and unheld ids change nothing. */
export async function decideHeld(db: Executor, scope: Scope, ids: readonly string[], decision: 'approve' | 'reject', now: string): Promise<number> {
  const changes = decision === 'approve' ? { state: 'queued', updated_at: now } : { state: 'skipped', reason: 'rejected', updated_at: now };
  let query = db.updateTable('campaign_message').set(changes).where('house_id', '=', scope.houseId).where('id', 'in', ids).where('state', '=', 'held');
  if (scope.unitId !== null) {
    const unitId = scope.unitId;
    query = query.where('campaign_id', 'in', (eb) => eb.selectFrom('campaign').select('id').where('house_id', '=', scope.houseId).where('unit_id', '=', unitId));
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The person is erased: the log keeps counts, not the person; what was not sent will not be. */
export async function forgetContact(db: Executor, houseId: string, contactId: string, now: string): Promise<void> {
  await db
    .updateTable('campaign_message')
    .set({ state: 'cancelled', reason: 'erased', lease_until: null, updated_at: now })
    .where('house_id', '=', houseId)
    .where('contact_id', '=', contactId)
    .where('state', 'in', ['held', 'queued'])
    .execute();
  await db.updateTable('campaign_message').set({ contact_id: null, updated_at: now }).where('house_id', '=', houseId).where('contact_id', '=', contactId).execute();
}

// ---------- opens, clicks, unsubscribes and bounces, from the envelope's links ----------

export type TrackedColumn = 'opened_at' | 'clicked_at' | 'unsubscribed_at' | 'bounced_at';

/** The first time counts: later opens and clicks of the same mail change nothing. */
export async function markTracked(db: Executor, houseId: string, campaignId: string, contactId: string, column: TrackedColumn, at: string): Promise<void> {
  await db
    .updateTable('campaign_message')
    .set({ [column]: at, updated_at: at })
    .where('house_id', '=', houseId)
    .where('campaign_id', '=', campaignId)
    .where('contact_id', '=', contactId)
    .where('state', '=', 'sent')
    .where(column, 'is', null)
    .execute();
}

/** A bounce names the address, not the person: the campaign's sent messages to contacts with that address. */
export async function markBounced(db: Executor, houseId: string, campaignId: string, emailNormalised: string, at: string): Promise<void> {
  await db
    .updateTable('campaign_message')
    .set({ bounced_at: at, updated_at: at })
    .where('house_id', '=', houseId)
    .where('campaign_id', '=', campaignId)
    .where('state', '=', 'sent')
    .where('bounced_at', 'is', null)
    .where('contact_id', 'in', (eb) => eb.selectFrom('contact').select('id').where('house_id', '=', houseId).where('email_normalised', '=', emailNormalised))
    .execute();
}

// ---------- statistics ----------

export async function sentMessages(db: Executor, houseId: string, campaignId: string) {
  return db
    .selectFrom('campaign_message')
    .select(['contact_id', 'variant', 'sent_at', 'opened_at', 'clicked_at', 'bounced_at', 'unsubscribed_at'])
    .where('house_id', '=', houseId)
    .where('campaign_id', '=', campaignId)
    .where('state', '=', 'sent')
    .execute();
}

// ---------- settings ----------

export async function findSettings(db: Executor, houseId: string): Promise<CampaignSettingsTable | undefined> {
  return db.selectFrom('campaign_settings').select(['house_id', 'frequency_cap', 'frequency_days', 'quiet_start', 'quiet_end', 'updated_at']).where('house_id', '=', houseId).executeTakeFirst();
}

export async function saveSettings(db: Executor, row: CampaignSettingsTable): Promise<void> {
  await db
    .insertInto('campaign_settings')
    .values(row)
    .onConflict((conflict) =>
      conflict.column('house_id').doUpdateSet({ frequency_cap: row.frequency_cap, frequency_days: row.frequency_days, quiet_start: row.quiet_start, quiet_end: row.quiet_end, updated_at: row.updated_at }),
    )
    .execute();
}

export async function houseZones(db: Executor, houseIds: readonly string[]): Promise<Map<string, string>> {
  if (houseIds.length === 0) return new Map();
  const rows = await db.selectFrom('house').select(['id', 'time_zone']).where('id', 'in', houseIds).execute();
  return new Map(rows.map((row) => [row.id, row.time_zone]));
}
