import type { Insertable } from 'kysely';
import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import type { Database, Executor } from '../../core/db/database.ts';
import { writeTransaction } from '../../core/db/transaction.ts';
import { newId } from '../../core/ids.ts';
import type { Jobs } from '../../core/jobs/jobs.ts';
import { defineJob } from '../../core/jobs/model.ts';
import type { MailOutbox } from '../../core/mail/outbox.ts';
import type { CampaignMessageTable } from '../tables.ts';
import { journeyPostJob, journeyWebhookJob, staffNotificationMail, WEBHOOK_RETRY } from './actions.ts';
import type { ConditionSpec, JourneyGraph, JourneyNode } from './definition.ts';
import { conditionsAhead, type EnrollmentContext, step, type StepOutcome } from './model.ts';
import * as store from './store.ts';

/*
 * The engine: every minute it takes, journey by journey, the people whose step is due, in
 * batches of BATCH_SIZE in (wake_at, id) order after a checkpoint, and moves each batch
 * on in ONE short transaction:
 *
 *   claim the batch (PostgreSQL: FOR UPDATE SKIP LOCKED, so a second worker takes other
 *   people) -> read the facts the batch's conditions need, one query per condition and
 *   batch -> decide every person's path (model.step, pure) -> write the message rows
 *   (INSERT ... ON CONFLICT DO NOTHING on the source key 'j:<enrollment>:<node>'), the
 *   tags, the jobs of the other actions and the people's new positions (one statement).
 *
 * A crash inside a batch rolls all of it back and the next run decides the same; a
 * committed batch has moved its people on, so nobody is taken twice. The unique source
 * key is the last guard: even a step replayed from an old position cannot write a second
 * message for the same person and step. No outside call happens here: mails, webhooks
 * and posts leave through their jobs after the commit.
 */

export const journeyStepJob = defineJob('campaigns.journey-step', z.object({}));

export const BATCH_SIZE = 1000;

export interface EngineDeps {
  database: Database;
  clock: Clock;
  jobs: Jobs;
  outbox: Pick<MailOutbox, 'enqueueMany'>;
  segments: { membersAmong(houseId: string, segmentId: string, contactIds: readonly string[], options?: { executor?: Executor }): Promise<Set<string>> };
  tags: { addMany(executor: Executor, houseId: string, entries: readonly { contactId: string; tag: string }[], actor: string, at: string): Promise<number> };
  houseTimeZone: (houseId: string) => Promise<string>;
}

export interface PassResult {
  /** People moved on (or out) in this pass. */
  stepped: number;
  batches: number;
}

function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

export function createJourneyEngine({ database, clock, jobs, outbox, segments, tags, houseTimeZone }: EngineDeps) {
  const { db, engine } = database;

  /** For each condition step a batch may meet, the enrollments for whom it holds. */
  async function factsFor(trx: Executor, journey: { house_id: string; unit_id: string | null }, graph: JourneyGraph, rows: readonly store.DueRow[], now: Date): Promise<Map<string, Set<string>>> {
    const reach = new Map<string, { node: JourneyNode & { type: 'condition' }; rows: store.DueRow[] }>();
    const aheadOf = new Map<string, JourneyNode[]>();
    for (const row of rows) {
      let ahead = aheadOf.get(row.node_id);
      if (ahead === undefined) {
        ahead = conditionsAhead(graph, row.node_id);
        aheadOf.set(row.node_id, ahead);
      }
      for (const node of ahead) {
        if (node.type !== 'condition') continue;
        const entry = reach.get(node.id) ?? { node, rows: [] };
        entry.rows.push(row);
        reach.set(node.id, entry);
      }
    }
    const holds = new Map<string, Set<string>>();
    for (const [nodeId, { node, rows: reaching }] of reach) {
      holds.set(nodeId, await evaluate(trx, journey, node.condition, reaching, now));
    }
    return holds;
  }

  /** The enrollment ids of `rows` for whom the condition holds, in one query (or none). */
  async function evaluate(trx: Executor, journey: { house_id: string; unit_id: string | null }, condition: ConditionSpec, rows: readonly store.DueRow[], now: Date): Promise<Set<string>> {
    const houseId = journey.house_id;
    const byContact = (contacts: Set<string>) => new Set(rows.filter((row) => contacts.has(row.contact_id)).map((row) => row.id));
    const contactIds = [...new Set(rows.map((row) => row.contact_id))];
    switch (condition.kind) {
      case 'segment':
        return byContact(await segments.membersAmong(houseId, condition.segmentId, contactIds, { executor: trx }));
      case 'attribute': {
        if (condition.field === 'tag') return byContact(await store.taggedAmong(trx, houseId, condition.value, contactIds));
        const wanted = condition.value.toLowerCase();
        return new Set(
          rows
            .filter((row) => (condition.field === 'language' ? row.language?.toLowerCase() === wanted : (row.postal_code ?? '').toLowerCase().startsWith(wanted)))
            .map((row) => row.id),
        );
      }
      case 'behaviour': {
        const kind = condition.behaviour === 'attended' ? 'attendance' : 'booking';
        return byContact(await store.behavedAmong(trx, houseId, journey.unit_id, kind, condition.productionId, daysBefore(now, condition.withinDays), contactIds));
      }
      case 'opened':
      case 'clicked': {
        const keyOf = (row: store.DueRow) => `j:${row.id}:${condition.nodeId}`;
        const marks = await store.engagementOf(trx, houseId, rows.map(keyOf));
        return new Set(rows.filter((row) => marks.get(keyOf(row))?.[condition.kind] === true).map((row) => row.id));
      }
    }
  }

  /** One batch of one journey, in one transaction; null when nobody is due any more. */
  async function stepBatch(journey: store.JourneyRow, graph: JourneyGraph, timeZone: string, campaigns: ReadonlySet<string>, now: Date, after: { wakeAt: string; id: string } | null, limit: number) {
    const at = now.toISOString();
    return writeTransaction(
      database,
      async (trx) => {
        // Pause and archive are status changes the next batch sees: the pass stops here.
        const current = await trx.selectFrom('journey').select('status').where('id', '=', journey.id).executeTakeFirst();
        if (current?.status !== 'active') return null;
        const rows = await store.claimDue(trx, engine, journey.id, at, after, limit);
        if (rows.length === 0) return null;
        const present = rows.filter((row) => row.present !== null);
        const holds = await factsFor(trx, journey, graph, present, now);

        const changes: store.EnrollmentChange[] = [];
        const messages: Insertable<CampaignMessageTable>[] = [];
        const tagEntries: { contactId: string; tag: string }[] = [];
        const notifications: { houseId: string; journeyId: string; nodeId: string; contactId: string }[] = [];
        const webhooks: { houseId: string; journeyId: string; nodeId: string; enrollmentId: string }[] = [];
        const posts = new Map<string, { nodeId: string; triggerKey: string }>();
        const passed = new Map<string, number>();

        for (const row of rows) {
          const context = JSON.parse(row.context) as EnrollmentContext;
          // An erased person whose enrollment the erasure event has not reached yet.
          const outcome: StepOutcome =
            row.present === null
              ? { state: 'exited', nodeId: row.node_id, wakeAt: now, context, effects: [], passed: [] }
              : step({
                  journeyId: journey.id,
                  graph,
                  contactId: row.contact_id,
                  nodeId: row.node_id,
                  context,
                  holds: (nodeId) => holds.get(nodeId)?.has(row.id) === true,
                  now,
                  timeZone,
                });
          changes.push({ id: row.id, node_id: outcome.nodeId, state: outcome.state, wake_at: outcome.wakeAt.toISOString(), context: JSON.stringify(outcome.context) });
          for (const nodeId of outcome.passed) passed.set(nodeId, (passed.get(nodeId) ?? 0) + 1);
          for (const effect of outcome.effects) {
            if (effect.kind === 'send_email') {
              // A mail whose campaign was deleted is skipped, not retried forever.
              if (!campaigns.has(effect.action.campaignId)) continue;
              const focus = { ...(context.productionId === undefined ? {} : { productionId: context.productionId }), ...(context.performanceId === undefined ? {} : { performanceId: context.performanceId }) };
              messages.push({
                id: newId(),
                house_id: journey.house_id,
                campaign_id: effect.action.campaignId,
                journey_id: journey.id,
                enrollment_id: row.id,
                node_id: effect.nodeId,
                variant: effect.variant,
                contact_id: row.contact_id,
                source_key: `j:${row.id}:${effect.nodeId}`,
                focus: JSON.stringify(focus),
                state: journey.mode === 'approval' ? 'held' : 'queued',
                not_before: at,
                attempts: 0,
                queued_at: at,
                updated_at: at,
              });
            } else if (effect.kind === 'add_tag') {
              tagEntries.push({ contactId: row.contact_id, tag: effect.action.tag });
            } else if (effect.kind === 'notify_staff') {
              notifications.push({ houseId: journey.house_id, journeyId: journey.id, nodeId: effect.nodeId, contactId: row.contact_id });
            } else if (effect.kind === 'call_webhook') {
              webhooks.push({ houseId: journey.house_id, journeyId: journey.id, nodeId: effect.nodeId, enrollmentId: row.id });
            } else {
              posts.set(`${effect.nodeId}\u0000${row.trigger_key}`, { nodeId: effect.nodeId, triggerKey: row.trigger_key });
            }
          }
        }

        await store.insertMessages(trx, messages);
        if (tagEntries.length > 0) await tags.addMany(trx, journey.house_id, tagEntries, `journey:${journey.id}`, at);
        if (notifications.length > 0) await outbox.enqueueMany(staffNotificationMail, notifications, { executor: trx });
        if (webhooks.length > 0) await jobs.enqueueMany(journeyWebhookJob, webhooks, { executor: trx, ...WEBHOOK_RETRY });
        for (const post of posts.values()) {
          // The singleton key keeps a second job for the same post from queueing while the first waits; the job itself checks for a post made earlier.
          await jobs.enqueue(
            journeyPostJob,
            { houseId: journey.house_id, journeyId: journey.id, nodeId: post.nodeId, triggerKey: post.triggerKey },
            { executor: trx, singletonKey: `journey-post:${journey.id}:${post.nodeId}:${post.triggerKey}` },
          );
        }
        await store.applyChanges(trx, journey.id, changes, at);
        await store.addStepCounts(trx, engine, journey.house_id, journey.id, passed);
        const last = rows[rows.length - 1] as store.DueRow;
        return { count: rows.length, checkpoint: { wakeAt: last.wake_at, id: last.id } };
      },
      { lockTimeoutMs: 10_000 },
    );
  }

  /** Moves one journey's due people on, batch after batch; a pause takes effect at the next batch. */
  async function stepJourney(journey: store.JourneyRow, now: Date, limit: number): Promise<PassResult> {
    const graph = JSON.parse(journey.graph) as JourneyGraph;
    const timeZone = await houseTimeZone(journey.house_id);
    const campaignIds = graph.nodes.flatMap((node) => (node.type === 'action' && node.action.kind === 'send_email' ? [node.action.campaignId] : []));
    const campaigns = await store.journeyCampaigns(db, { houseId: journey.house_id, unitId: journey.unit_id }, campaignIds);
    let after: { wakeAt: string; id: string } | null = null;
    const result: PassResult = { stepped: 0, batches: 0 };
    for (;;) {
      const batch = await stepBatch(journey, graph, timeZone, campaigns, now, after, limit);
      if (batch === null) return result;
      result.stepped += batch.count;
      result.batches += 1;
      after = batch.checkpoint;
    }
  }

  /** One pass over every active journey (or one house's): the tick job, and an explicit run for tests and the benchmark. */
  async function runDue(options: { houseId?: string; batchSize?: number } = {}): Promise<PassResult> {
    const now = clock.now();
    const journeys = options.houseId === undefined ? await store.activeJourneys(db) : await store.activeJourneysOfHouse(db, options.houseId);
    const total: PassResult = { stepped: 0, batches: 0 };
    for (const journey of journeys) {
      const result = await stepJourney(journey, now, options.batchSize ?? BATCH_SIZE);
      total.stepped += result.stepped;
      total.batches += result.batches;
    }
    return total;
  }

  return { runDue };
}

export type JourneyEngine = ReturnType<typeof createJourneyEngine>;
