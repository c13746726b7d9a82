import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import type { Database, Executor } from '../../core/db/database.ts';
import type { Events } from '../../core/jobs/events.ts';
import type { Jobs } from '../../core/jobs/jobs.ts';
import { defineJob } from '../../core/jobs/model.ts';
import { appendAudit, type AuditEntryInput } from '../audit/store.ts';
import type { ConsentStatus, DataItem, Purpose } from '../model.ts';
import { eraseContacts, pseudonymKeyOf, recordErasures } from './erase.ts';
import { planRetention, pseudonymOf, RETENTION_BATCH, type RetentionLimits, retentionLimits, type RetentionPlan, SWEEP_CHUNK, trimActions, trimKey } from './model.ts';
import * as store from './retention-store.ts';

/*
 * Temporary processing, enforced (Art. 5(1)(e) GDPR, storage limitation; Art. 17(1)(a)
 * and (b): data no longer needed, consent withdrawn). Every 15 minutes the job finds the
 * contacts with a consent that ended and was not dealt with yet, and per contact removes
 * exactly what no remaining valid purpose justifies (model.ts justifiedBy), or erases
 * the contact when nothing is left. Then a sweep erases contacts that no consent holds
 * at all after the grace period.
 *
 * Batches of RETENTION_BATCH contacts, each in its own transaction. The checkpoint is
 * the data itself: a batch sets retention_done_at on the consents it handled (or removes
 * them with their contact), so they leave the scan as the batch commits. A run that stops
 * half-way (crash, shutdown) loses at most one uncommitted batch, and the next run goes
 * on from there; a second run over handled data finds nothing to do.
 */

export const retentionJob = defineJob('audience/retention', z.object({}));

/** Every 15 minutes: whatever ended is handled well within the hour. */
export const RETENTION_CRON = '*/15 * * * *';

export const RETENTION_ACTOR = 'system:retention';

/** Audit entries per insert: 8 values each, well below SQLite's 32,766 bound values. */
const AUDIT_SLICE = 1_000;

export interface RetentionReport {
  batches: number;
  /** Contacts the job looked at. */
  contacts: number;
  /** Granted consents past their expiry, now stored as expired. */
  expired: number;
  /** Unconfirmed double opt-ins dropped. */
  unconfirmed: number;
  trimmed: number;
  erased: number;
  /** Of the erased: contacts no consent held (none ever given, or only ends already handled). */
  erasedWithoutConsent: number;
  /** Contacts looked at that still had every item justified. */
  kept: number;
  ms: number;
  /** Of ms: the sweep for contacts without consent. */
  sweepMs: number;
}

export interface RunOptions {
  signal?: AbortSignal;
  onBatch?: (report: Readonly<RetentionReport>) => void;
  batchSize?: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createRetention({ database, clock, events }: { database: Database; clock: Clock; events?: Events | undefined }) {
  const { db } = database;
  const lock = database.engine === 'postgres';

  /**
   * One run over every house. `signal` stops it between two batches (a worker that shuts
   * down); `onBatch` sees the report after each committed batch (progress, and the tests'
   * way to stop half-way); `batchSize` defaults to RETENTION_BATCH.
   */
  async function run(options: RunOptions = {}): Promise<RetentionReport> {
    const batchSize = options.batchSize ?? RETENTION_BATCH;
    const stopped = () => options.signal?.aborted === true;
    const started = performance.now();
    const limits = retentionLimits(clock.now());
    const report: RetentionReport = { batches: 0, contacts: 0, expired: 0, unconfirmed: 0, trimmed: 0, erased: 0, erasedWithoutConsent: 0, kept: 0, ms: 0, sweepMs: 0 };
    const seen = new Set<string>();
    const now = limits.now.toISOString();

    // 1. Consents whose end is due. Handled contacts leave the scan with their batch.
    while (!stopped()) {
      const refs = unique(await store.dueContacts(db, now, limits.unconfirmedBefore, batchSize)).filter((ref) => !seen.has(ref.contact_id));
      // Nothing new: either all done, or a contact stayed due after its batch (changed
      // again meanwhile); the next run takes it, rather than this one looping.
      if (refs.length === 0) break;
      const batch = refs.slice(0, batchSize);
      for (const ref of batch) seen.add(ref.contact_id);
      await handleBatch(batch, limits, report);
      options.onBatch?.(report);
      await yieldToEventLoop();
    }

    // 2. The sweep: contacts no consent holds, past the grace period. A read-only walk
    //    by id; what it finds is handled in batches like the above.
    const sweepStarted = performance.now();
    let cursor: string | null = '';
    let found: store.ContactRef[] = [];
    while (cursor !== null && !stopped()) {
      const chunk = await store.sweepChunk(db, cursor, limits.noConsentBefore, SWEEP_CHUNK);
      cursor = chunk.last;
      found.push(...chunk.found.filter((ref) => !seen.has(ref.contact_id)));
      while (!stopped() && (found.length >= batchSize || (cursor === null && found.length > 0))) {
        await handleBatch(found.slice(0, batchSize), limits, report);
        found = found.slice(batchSize);
        options.onBatch?.(report);
      }
      await yieldToEventLoop();
    }
    report.sweepMs = Math.round(performance.now() - sweepStarted);
    report.ms = Math.round(performance.now() - started);
    return report;
  }

  /** One transaction for the batch; its contacts grouped by house. */
  async function handleBatch(refs: readonly store.ContactRef[], limits: RetentionLimits, report: RetentionReport): Promise<void> {
    const byHouse = groupBy(refs, (ref) => ref.house_id);
    await db.transaction().execute(async (trx) => {
      for (const [houseId, group] of byHouse) await handleHouse(trx, houseId, [...new Set(group.map((ref) => ref.contact_id))].sort(), limits, report);
    });
    report.batches += 1;
  }

  async function handleHouse(trx: Executor, houseId: string, ids: readonly string[], limits: RetentionLimits, report: RetentionReport): Promise<void> {
    const at = limits.now.toISOString();
    const contacts = await store.lockContacts(trx, houseId, ids, lock);
    if (contacts.length === 0) return;
    const contactIds = contacts.map((contact) => contact.id);
    const consents = groupBy(await store.consentsOfContacts(trx, houseId, contactIds, lock), (consent) => consent.contact_id);
    const plans = new Map<string, RetentionPlan>();
    for (const contact of contacts) {
      const own = (consents.get(contact.id) ?? []).map((consent) => ({
        id: consent.id,
        purpose: consent.purpose as Purpose,
        status: consent.status as ConsentStatus,
        expiresAt: consent.expires_at,
        requestedAt: consent.requested_at,
        retentionDoneAt: consent.retention_done_at,
      }));
      plans.set(contact.id, planRetention({ createdAt: contact.created_at }, own, limits));
    }
    report.contacts += contacts.length;

    // Every end is a fact in the log, whatever happens to the contact. The consent rows
    // of contacts about to be erased are not written: they go with the contact.
    const audit: AuditEntryInput[] = [];
    const entry = (contactId: string, action: AuditEntryInput['action'], details: Record<string, unknown>): AuditEntryInput => ({ houseId, at, actor: RETENTION_ACTOR, action, contactId, details });
    for (const [contactId, plan] of plans) {
      for (const consent of plan.expire) audit.push(entry(contactId, 'consent.expired', { purpose: consent.purpose, expiresAt: consent.expiresAt }));
      for (const consent of plan.dropPending) audit.push(entry(contactId, 'consent.expired', { purpose: consent.purpose, unconfirmedSince: consent.requestedAt }));
    }
    const erase = [...plans].filter(([, plan]) => plan.decision.kind === 'erase');
    const staying = [...plans].filter(([, plan]) => plan.decision.kind !== 'erase').map(([, plan]) => plan);
    const expiring = new Set(staying.flatMap((plan) => plan.expire.map((consent) => consent.id)));
    await store.expireConsents(trx, [...expiring], at);
    await store.setRetentionDone(trx, staying.flatMap((plan) => plan.markDone.filter((id) => !expiring.has(id))), at);
    await store.deleteConsents(trx, staying.flatMap((plan) => plan.dropPending.map((consent) => consent.id)));
    await store.setRetentionDone(trx, staying.flatMap((plan) => plan.reopen), null);
    report.expired += [...plans.values()].reduce((sum, plan) => sum + plan.expire.length, 0);
    report.unconfirmed += [...plans.values()].reduce((sum, plan) => sum + plan.dropPending.length, 0);

    const trims = [...plans].filter(([, plan]) => plan.decision.kind === 'trim');
    audit.push(...(await applyTrims(trx, houseId, trims, at)));
    // What the recommender showed a person (recommend/tables.ts) is there for their recommendations
    // consent alone: it goes when that ends, whatever else stays. Erasure takes it through contactErased.
    const unrecommended = [...plans].filter(([, plan]) => plan.decision.kind !== 'erase' && plan.because !== 'nothing_due' && !plan.remaining.includes('recommendations'));
    await store.deleteRecommendationExposures(trx, houseId, unrecommended.map(([id]) => id));
    report.trimmed += trims.length;
    // In slices: one insert of a whole batch's entries could pass SQLite's limit of bound values.
    for (let start = 0; start < audit.length; start += AUDIT_SLICE) await appendAudit(trx, audit.slice(start, start + AUDIT_SLICE));

    const erasures = await eraseContacts(trx, houseId, erase.map(([id]) => id), at);
    for (const [because, group] of groupBy(erase, ([, plan]) => plan.because)) {
      const ids = new Set(group.map(([id]) => id));
      await recordErasures(trx, events, houseId, erasures.filter((erasure) => ids.has(erasure.contactId)), { at, actor: RETENTION_ACTOR, reason: 'no purpose left', details: { because } });
    }
    report.erased += erase.length;
    report.erasedWithoutConsent += erase.filter(([, plan]) => plan.because === 'no_consent').length;
    report.kept += staying.filter((plan) => plan.decision.kind === 'keep').length;
  }

  /** Trims, set-based: contacts that drop the same items share every statement. Returns their audit entries. */
  async function applyTrims(trx: Executor, houseId: string, trims: [string, RetentionPlan][], at: string): Promise<AuditEntryInput[]> {
    if (trims.length === 0) return [];
    const counts = groupBy(await store.interactionCounts(trx, houseId, trims.map(([id]) => id)), (count) => count.contactId);
    const entries: AuditEntryInput[] = [];
    let key: Buffer | undefined;
    for (const [, group] of groupBy(trims, ([, plan]) => trimKey(dropOf(plan)))) {
      const ids = group.map(([id]) => id);
      const drop = dropOf((group[0] as [string, RetentionPlan])[1]);
      const actions = trimActions(drop);
      await store.clearContactColumns(trx, houseId, ids, actions.columns, at);
      await store.deleteInteractions(trx, houseId, ids, actions.deleteKinds);
      if (actions.pseudonymiseKinds.length > 0) {
        key ??= await pseudonymKeyOf(trx, houseId, at);
        const pseudonyms = new Map(ids.map((id) => [id, pseudonymOf(key as Buffer, id)]));
        await store.pseudonymiseInteractions(trx, houseId, pseudonyms, actions.pseudonymiseKinds);
      }
      if (actions.clearDetails) await store.clearInteractionDetails(trx, houseId, ids);
      for (const [contactId, plan] of group) {
        const own = counts.get(contactId) ?? [];
        const sum = (kinds: readonly string[]) => own.filter((count) => kinds.includes(count.kind)).reduce((total, count) => total + count.n, 0);
        const kept = own.filter((count) => !actions.deleteKinds.includes(count.kind as never));
        entries.push({
          houseId,
          at,
          actor: RETENTION_ACTOR,
          action: 'retention.trimmed',
          contactId,
          reason: plan.because === 'awaiting_confirmation' ? 'no purpose left while a double opt-in is open' : 'purposes ended',
          details: {
            items: drop,
            purposesLeft: plan.remaining,
            interactionsDeleted: sum(actions.deleteKinds),
            interactionsPseudonymised: sum(actions.pseudonymiseKinds),
            detailsCleared: actions.clearDetails ? kept.filter((count) => !actions.pseudonymiseKinds.includes(count.kind as never)).reduce((total, count) => total + count.details, 0) : 0,
          },
        });
      }
    }
    return entries;
  }

  return { run };
}

function dropOf(plan: RetentionPlan): DataItem[] {
  return plan.decision.kind === 'trim' ? plan.decision.drop : [];
}

function unique(refs: readonly store.ContactRef[]): store.ContactRef[] {
  const byId = new Map(refs.map((ref) => [ref.contact_id, ref]));
  return [...byId.values()];
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}

/** The job's handler; every process registers it, the worker runs it. */
export function registerRetentionWorker(jobs: Jobs, privacy: { runRetention: (options?: RunOptions) => Promise<RetentionReport> }): void {
  jobs.work(retentionJob, async (_payload, job) => {
    await privacy.runRetention({ signal: job.signal });
  });
}

/** Written again on every worker start; keyed, so it replaces itself. UTC: "every 15 minutes" is the same everywhere. */
export async function scheduleRetention(jobs: Jobs): Promise<void> {
  await jobs.schedule(retentionJob, RETENTION_CRON, {}, { timeZone: 'UTC', key: retentionJob.name, retryLimit: 1 });
}
