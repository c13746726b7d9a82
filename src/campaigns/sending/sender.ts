import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { fromJson } from '../../core/db/json.ts';
import { writeTransaction } from '../../core/db/transaction.ts';
import type { MailLogger } from '../../core/mail/mailer.ts';
import { maskAddress } from '../../core/mail/model.ts';
import type { MarketingMail, PersonEnvelope } from '../email/service.ts';
import type { ContentFocus } from '../templates/content.ts';
import { libraryEntries, libraryEntry } from '../templates/library.ts';
import { asTemplateLanguage, type TemplateLanguage } from '../templates/model.ts';
import type { EditedSource, PersonalBlocks, PreparedMail, TemplateService } from '../templates/service.ts';
import { decideMessage, ERRORS_BEFORE_PAUSE, MAX_ATTEMPTS, messageIdOf, quietUntil, retryDelayMs, type SkipReason } from './model.ts';
import type { SendSettingsSource } from './settings.ts';
import * as store from './store.ts';
import type { BulkTransport } from './transport.ts';

/*
 * The sender: a bounded loop that claims due messages in batches (store.claimDue) and
 * delivers them. Per batch, not per message, it loads the people, their consents (checked
 * in the query, now), the suppression list and the frequency cap; per campaign, language
 * and focus it prepares the mail once (compile, shared blocks; cached for a while); per
 * person it renders, wraps in the marketing envelope and hands to the SMTP pool, as many
 * at once as the pool has connections (and a few more, so none waits idle).
 *
 * At least once, honestly: a message is recorded 'sent' after the server accepted it. A
 * worker that dies between the two leaves it in 'sending'; once its lease has run out
 * another worker sends it again. The repeat carries the same Message-ID (derived from the
 * row's id), which receiving systems use to drop duplicates; the window is one batch's
 * delivery time. Everything else (two workers, a repeated claim) cannot send twice: the
 * claim hands each row to one worker, and only a row still 'sending' is recorded.
 */

export const SEND_BATCH = 500;
/** A claimed batch must be delivered well within this, or another worker takes it back. */
export const LEASE_MS = 10 * 60_000;
/** Prepared mails are reused this long: the programme blocks ("this week") stay current. */
const PREPARED_TTL_MS = 10 * 60_000;

const marketingKeys = libraryEntries()
  .filter((entry) => entry.kind === 'marketing')
  .map((entry) => entry.key);

export interface SenderDeps {
  database: Database;
  clock: Clock;
  templates: Pick<TemplateService, 'prepare' | 'renderPrepared' | 'personalBlocks' | 'focusFor'>;
  marketingMail: Pick<MarketingMail, 'envelopesFor' | 'suppressedAmong'>;
  settings: SendSettingsSource;
  transport: BulkTransport;
  logger: MailLogger & { error(details: object, message: string): void };
  /** SMTP deliveries in flight at once; the pool's connections times a few. */
  parallel: number;
  batchSize?: number;
}

export interface DrainResult {
  sent: number;
  skipped: number;
  deferred: number;
  failed: number;
  batches: number;
}

interface Outcome {
  sent: string[];
  skipped: { id: string; reason: SkipReason }[];
  requeued: { id: string; until: string; reason: string | null; undoAttempt: boolean }[];
  failed: { id: string; reason: string }[];
}

type Recipient = Awaited<ReturnType<typeof store.recipientsOf>>[number];

/** One mail of a batch, ready to render and send: everything read from the database is in it. */
interface ReadyMail {
  row: store.ClaimedRow;
  campaign: store.CampaignRow;
  person: Recipient;
  mail: PreparedMail;
  envelope: PersonEnvelope;
  personal: PersonalBlocks | undefined;
}

/** A claimed batch with its reads done: what is decided already, and the mails to send. */
interface LoadedBatch {
  outcome: Outcome;
  ready: ReadyMail[];
  /** A house whose reads failed: what was loaded before is still sent and recorded, then this is thrown. */
  error: unknown;
}

/** Runs `work` over the items with at most `limit` at once. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  });
  await Promise.all(runners);
}

const renderFailure = (error: unknown) => `render: ${error instanceof Error ? error.message : String(error)}`.slice(0, 1000);

export function createSender(deps: SenderDeps) {
  const { database, clock, templates, marketingMail, transport, logger } = deps;
  const { db } = database;
  const batchSize = deps.batchSize ?? SEND_BATCH;
  const prepared = new Map<string, { at: number; mail: Promise<PreparedMail> }>();
  /** SMTP failures in a row per campaign, in this process. */
  const failuresInRow = new Map<string, number>();

  function preparedFor(campaign: store.CampaignRow, language: TemplateLanguage, focus: ContentFocus | null): Promise<PreparedMail> {
    const key = preparedKey(campaign, language, focus);
    const now = clock.now().getTime();
    const cached = prepared.get(key);
    if (cached !== undefined && now - cached.at < PREPARED_TTL_MS) return cached.mail;
    const mail = (async () => {
      const entry = libraryEntry(campaign.template_key);
      const scope = { houseId: campaign.house_id, unitId: campaign.unit_id };
      const chosen = focus ?? { productionId: campaign.production_id ?? undefined, performanceId: campaign.performance_id ?? undefined };
      const resolved = await templates.focusFor(scope, entry?.needs ?? 'none', chosen);
      const edited = fromJson<Partial<Record<TemplateLanguage, EditedSource>>>(campaign.content, {})[language] ?? null;
      return templates.prepare(campaign.house_id, { templateKey: campaign.template_key, language, edited, focus: resolved });
    })();
    // A failure is not cached: the next batch tries again.
    mail.catch(() => prepared.delete(key));
    prepared.set(key, { at: now, mail });
    return mail;
  }

  function preparedKey(campaign: store.CampaignRow, language: TemplateLanguage, focus: ContentFocus | null): string {
    return `${campaign.id}:${campaign.updated_at}:${language}:${focus === null ? '-' : `${focus.productionId ?? ''}/${focus.performanceId ?? ''}`}`;
  }

  async function pauseForErrors(campaign: store.CampaignRow, error: string): Promise<void> {
    const now = clock.now().toISOString();
    const paused = await store.changeStatus(db, campaign.house_id, campaign.id, ['sending', 'active'], { status: 'paused', pause_reason: `smtp_errors: ${ERRORS_BEFORE_PAUSE} failures in a row; last: ${error}`.slice(0, 1000), updated_at: now });
    if (paused) logger.error({ campaign: campaign.id, house: campaign.house_id, error }, 'campaign paused: too many SMTP errors in a row');
  }

  /**
   * Decides one house's share of a claimed batch and reads what its mails need, per
   * batch and not per person: the people with their consents, suppressions and frequency
   * cap; per campaign, language and focus the prepared mail, the envelopes (tracking
   * consents, preference links) and the personal blocks (recommendations).
   */
  async function loadHouse(houseId: string, rows: store.ClaimedRow[], campaigns: Map<string, store.CampaignRow>, batch: LoadedBatch): Promise<void> {
    const { outcome } = batch;
    const now = clock.now();
    const nowText = now.toISOString();
    const settings = await deps.settings.forHouse(houseId);
    const contactIds = [...new Set(rows.flatMap((row) => (row.contact_id === null ? [] : [row.contact_id])))];
    const people = new Map((await store.recipientsOf(db, houseId, contactIds, nowText)).map((person) => [person.id, person]));
    const suppressed = await marketingMail.suppressedAmong(houseId, [...people.values()].map((person) => person.email));
    const since = new Date(now.getTime() - settings.frequencyDays * 86_400_000).toISOString();
    const recent = await store.recentMarketing(db, houseId, contactIds, since, marketingKeys);
    const quiet = quietUntil(now, { start: settings.quietStart, end: settings.quietEnd, timeZone: settings.timeZone });

    /** The sends, grouped by the prepared mail they are made from. */
    const groups = new Map<string, { campaign: store.CampaignRow; language: TemplateLanguage; focus: ContentFocus | null; sends: { row: store.ClaimedRow; person: Recipient }[] }>();
    for (const row of rows) {
      const campaign = campaigns.get(row.campaign_id);
      if (campaign === undefined) continue;
      const kind = libraryEntry(campaign.template_key)?.kind ?? 'marketing';
      const person = row.contact_id === null ? undefined : people.get(row.contact_id);
      const decision = decideMessage({
        contact: person ?? null,
        kind,
        consented: person !== undefined && (kind === 'service' ? person.ticketing : person.newsletter),
        suppressed: person !== undefined && suppressed.has(person.email_normalised),
        recentMarketing: person === undefined ? 0 : (recent.get(person.id) ?? 0),
        frequencyCap: settings.frequencyCap,
        quietUntil: quiet,
      });
      if (decision.action === 'skip') outcome.skipped.push({ id: row.id, reason: decision.reason });
      else if (decision.action === 'defer') outcome.requeued.push({ id: row.id, until: decision.until.toISOString(), reason: 'quiet_hours', undoAttempt: true });
      else if (person !== undefined) {
        // Two mails to one person in one batch: the second counts against the cap too.
        if (kind === 'marketing') recent.set(person.id, (recent.get(person.id) ?? 0) + 1);
        let focus: ContentFocus | null;
        try {
          focus = row.focus === null ? null : fromJson<ContentFocus>(row.focus, {});
        } catch (error) {
          outcome.failed.push({ id: row.id, reason: renderFailure(error) });
          continue;
        }
        const language = asTemplateLanguage(person.language);
        const key = preparedKey(campaign, language, focus);
        const group = groups.get(key) ?? { campaign, language, focus, sends: [] };
        group.sends.push({ row, person });
        groups.set(key, group);
      }
    }

    for (const { campaign, language, focus, sends } of groups.values()) {
      const ids = sends.map(({ person }) => person.id);
      const envelopeCampaign = { id: campaign.id, kind: campaign.kind === 'journey' ? ('journey' as const) : ('campaign' as const) };
      let mail: PreparedMail;
      let envelopes: Map<string, PersonEnvelope>;
      let personal: Map<string, PersonalBlocks>;
      try {
        mail = await preparedFor(campaign, language, focus);
        [envelopes, personal] = await Promise.all([marketingMail.envelopesFor({ id: houseId, name: mail.house.name, email: mail.replyTo }, envelopeCampaign, ids), templates.personalBlocks(mail, ids)]);
      } catch (error) {
        // The mail cannot be made (a template broken since it was checked, a production deleted): no retry helps.
        const reason = renderFailure(error);
        for (const { row } of sends) outcome.failed.push({ id: row.id, reason });
        logger.error({ campaign: campaign.id, messages: sends.length, error: reason }, 'campaign mails could not be rendered');
        continue;
      }
      for (const { row, person } of sends) {
        const envelope = envelopes.get(person.id);
        if (envelope === undefined) throw new Error(`no envelope for contact ${person.id}`);
        batch.ready.push({ row, campaign, person, mail, envelope, personal: personal.get(person.id) });
      }
    }
  }

  /** Claims a batch and does its reads; null when nothing was due. */
  async function loadBatch(): Promise<LoadedBatch | null> {
    const now = clock.now();
    const rows = await writeTransaction(database, (trx) =>
      store.claimDue(trx, database.engine, { now: now.toISOString(), leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(), limit: batchSize }),
    );
    if (rows.length === 0) return null;
    const batch: LoadedBatch = { outcome: { sent: [], skipped: [], requeued: [], failed: [] }, ready: [], error: undefined };
    try {
      const campaigns = new Map((await store.campaignsByIds(db, [...new Set(rows.map((row) => row.campaign_id))])).map((campaign) => [campaign.id, campaign]));
      const byHouse = new Map<string, store.ClaimedRow[]>();
      for (const row of rows) byHouse.set(row.house_id, [...(byHouse.get(row.house_id) ?? []), row]);
      for (const [houseId, houseRows] of byHouse) await loadHouse(houseId, houseRows, campaigns, batch);
    } catch (error) {
      batch.error = error;
    }
    return batch;
  }

  /** Renders, wraps and sends one mail; the outcome notes what became of it. */
  async function sendOne({ row, campaign, person, mail, envelope, personal }: ReadyMail, outcome: Outcome): Promise<void> {
    let wrapped;
    try {
      const links = { unsubscribe: envelope.links.unsubscribe, preferences: envelope.links.preferences ?? envelope.links.unsubscribe, view_online: mail.house.website ?? envelope.links.preferences ?? '' };
      const rendered = await templates.renderPrepared(mail, { id: person.id, name: person.name }, links, personal);
      wrapped = envelope.wrap({ contact: { id: person.id, email: person.email, name: person.name, language: mail.language }, message: rendered });
    } catch (error) {
      const reason = renderFailure(error);
      outcome.failed.push({ id: row.id, reason });
      logger.error({ campaign: campaign.id, message: row.id, error: reason }, 'campaign mail could not be rendered');
      return;
    }
    try {
      await transport.send(wrapped, messageIdOf(row.id, transport.domain));
      outcome.sent.push(row.id);
      failuresInRow.set(campaign.id, 0);
    } catch (error) {
      const reason = `smtp: ${error instanceof Error ? error.message : String(error)}`.slice(0, 1000);
      if (row.attempts >= MAX_ATTEMPTS) outcome.failed.push({ id: row.id, reason });
      else outcome.requeued.push({ id: row.id, until: new Date(clock.now().getTime() + retryDelayMs(row.attempts)).toISOString(), reason, undoAttempt: false });
      const inRow = (failuresInRow.get(campaign.id) ?? 0) + 1;
      failuresInRow.set(campaign.id, inRow);
      logger.warn({ campaign: campaign.id, message: row.id, to: maskAddress(person.email), attempt: row.attempts, error: reason }, 'campaign mail refused by the SMTP server');
      if (inRow === ERRORS_BEFORE_PAUSE) await pauseForErrors(campaign, reason);
    }
  }

  async function record(outcome: Outcome): Promise<void> {
    const at = clock.now().toISOString();
    await writeTransaction(database, async (trx) => {
      await store.recordSent(trx, outcome.sent, transport.domain, at);
      await store.recordSkipped(trx, outcome.skipped, at);
      await store.requeue(trx, outcome.requeued, at);
      await store.recordFailed(trx, outcome.failed, at);
    });
  }

  /** Delivers a loaded batch, as many at once as the pool takes, and records it. */
  async function deliver(batch: LoadedBatch): Promise<Outcome> {
    try {
      // Rendering happens here, one mail before its send, so that the CPU work of one mail overlaps the SMTP round trip of others.
      await eachLimited(batch.ready, deps.parallel, (ready) => sendOne(ready, batch.outcome));
    } finally {
      // What was delivered is recorded even when a later house failed; the rest waits for its lease.
      await record(batch.outcome);
    }
    if (batch.error !== undefined) throw batch.error;
    return batch.outcome;
  }

  /** Claims and delivers one batch; answers what happened, or null when nothing was due. */
  async function sendBatch(): Promise<Outcome | null> {
    const batch = await loadBatch();
    return batch === null ? null : deliver(batch);
  }

  /**
   * Sends until nothing is due, or `maxBatches` batches, or `signal` aborts (a stopping
   * worker); then closes the sends that are over. The next batch is claimed and read
   * while the current one is being delivered (one ahead, no more), so the SMTP pool does
   * not wait for the database between batches. A batch claimed ahead is delivered even
   * when the signal comes meanwhile: it is this worker's until its lease runs out.
   */
  async function drain(options: { maxBatches?: number; signal?: AbortSignal } = {}): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, skipped: 0, deferred: 0, failed: 0, batches: 0 };
    const maxBatches = options.maxBatches ?? Number.POSITIVE_INFINITY;
    const more = () => result.batches < maxBatches && options.signal?.aborted !== true;
    let next: Promise<LoadedBatch | null> | null = more() ? loadBatch() : null;
    while (next !== null) {
      const batch: LoadedBatch | null = await next;
      if (batch === null) break;
      result.batches += 1;
      next = more() ? loadBatch() : null;
      // Handled below when awaited; this only keeps a failure meanwhile from counting as unhandled.
      next?.catch(() => undefined);
      const outcome = await deliver(batch);
      result.sent += outcome.sent.length;
      result.skipped += outcome.skipped.length;
      result.deferred += outcome.requeued.filter((item) => item.undoAttempt).length;
      result.failed += outcome.failed.length;
    }
    await store.finishDrained(db, clock.now().toISOString());
    return result;
  }

  return { drain, sendBatch };
}

export type Sender = ReturnType<typeof createSender>;
