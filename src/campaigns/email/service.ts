import { createHash, timingSafeEqual } from 'node:crypto';
import type { MarketingPurpose } from '../../audience/model.ts';
import { normaliseContactEmail } from '../../audience/model.ts';
import type { ConsentService } from '../../audience/consents/service.ts';
import type { ContactService } from '../../audience/contacts/service.ts';
import type { createInteractionService } from '../../audience/interactions/service.ts';
import type { CatalogueService } from '../../catalogue/service.ts';
import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { DomainError, isDomainError, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { parseInput } from '../../core/input.ts';
import type { MailLanguage, MailMessage } from '../../core/mail/model.ts';
import { type ClickPayload, type MailLinkPayload, type OpenPayload, readMailLink, type UnsubscribePayload, verifyMailLink } from './links.ts';
import { type EnvelopeInput, type MarketingLinks, marketingLinks, readCampaignHeader, wrapMarketingMail } from './model.ts';
import { type MailEventBody, mailEventBody, type Suppression, type SuppressionReason } from './schemas.ts';
import * as store from './store.ts';
import { languageOf } from './texts.ts';

/*
 * The marketing envelope's use cases: wrapping a rendered mail for one person, the
 * public side of its links (unsubscribe, click, open), the bounce and complaint webhook,
 * and the suppression list the sender checks. Consent is read and changed only through
 * the audience service; the campaign key and the suppression list are this part's own.
 */

type InteractionService = ReturnType<typeof createInteractionService>;

export interface MarketingMailDeps {
  database: Database;
  clock: Clock;
  catalogue: Pick<CatalogueService, 'getHouse'>;
  contacts: Pick<ContactService, 'load' | 'list'>;
  consents: Pick<ConsentService, 'isValid' | 'validAmong' | 'revoke'>;
  interactions: Pick<InteractionService, 'record'>;
  /** The person's preference-centre link (publicAudience.preferenceLink). */
  preferenceLink(houseId: string, contactId: string): Promise<string>;
  /** The same for a batch, with the house's key read once (publicAudience.preferenceLinks). */
  preferenceLinks?(houseId: string, contactIds: readonly string[]): Promise<Map<string, string>>;
  publicUrl: string;
  /** FOYER_MAIL_WEBHOOK_SECRET; null switches the webhook off (404). */
  webhookSecret: string | null;
  /** The campaigns' delivery log (src/campaigns/sending), told of opens, clicks, unsubscribes and bounces. */
  deliveryLog?: DeliveryLogSink;
}

/** Where the envelope reports what became of a sent mail; k (campaign) and c (contact) come from the signed link. */
export interface DeliveryLogSink {
  opened(houseId: string, campaignId: string, contactId: string): Promise<void>;
  clicked(houseId: string, campaignId: string, contactId: string): Promise<void>;
  unsubscribed(houseId: string, campaignId: string, contactId: string): Promise<void>;
  bounced(houseId: string, campaignId: string, emailNormalised: string): Promise<void>;
}

/** Soft bounces within this window count towards a suppression; this many make one. */
export const SOFT_BOUNCE_WINDOW_DAYS = 30;
export const SOFT_BOUNCES_TO_SUPPRESS = 3;

/** The opened unsubscribe link, for its page. */
export interface UnsubscribeView {
  houseName: string;
  language: MailLanguage;
  purpose: MarketingPurpose;
  /** Null when the person no longer exists (erased): nothing is left to unsubscribe. */
  preferenceUrl: string | null;
}

/** One person's envelope in a batch (envelopesFor): their links, and the wrap with tracking decided. */
export interface PersonEnvelope {
  /** Whether this person's mail carries click redirects and the open pixel (their behavioural_analysis consent, now). */
  readonly tracking: boolean;
  links: { unsubscribe: string; preferences: string | null };
  wrap(input: Pick<EnvelopeInput, 'contact' | 'message' | 'unsubscribeMailto'>): MailMessage;
}

const unknownLink = () => new DomainError('not_found', 'this link is unknown');

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function createMarketingMail(deps: MarketingMailDeps) {
  const { database, clock, catalogue, contacts, consents, interactions, publicUrl } = deps;
  const { db } = database;
  const house = (houseId: string): Scope => ({ houseId, unitId: null });
  // A house's link key never changes once made: read once per process, not once per mail of a newsletter.
  const linkKeys = new Map<string, Promise<Buffer>>();
  const keyOf = (houseId: string): Promise<Buffer> => {
    let key = linkKeys.get(houseId);
    if (key === undefined) {
      key = store.campaignLinkKey(db, houseId, clock.now().toISOString());
      key.catch(() => linkKeys.delete(houseId));
      linkKeys.set(houseId, key);
    }
    return key;
  };

  /** A link's payload when it is ours, of the expected kind and correctly signed; not_found otherwise. */
  async function openToken<K extends MailLinkPayload['t']>(token: string, kind: K): Promise<Extract<MailLinkPayload, { t: K }>> {
    const parts = readMailLink(token);
    if (parts === null || parts.payload.t !== kind) throw unknownLink();
    const key = await store.findCampaignLinkKey(db, parts.payload.h);
    if (key === null || !verifyMailLink(key, parts)) throw unknownLink();
    return parts.payload as Extract<MailLinkPayload, { t: K }>;
  }

  /** The links a template places itself ({{ links.unsubscribe }}), signed for this person and campaign. */
  async function links(houseId: string, contactId: string, campaign: EnvelopeInput['campaign']): Promise<MarketingLinks> {
    return marketingLinks({ house: { id: houseId, name: '' }, contact: { id: contactId, email: '', name: null, language: 'de' }, campaign, publicUrl, key: await keyOf(houseId) });
  }

  /**
   * The rendered mail in its envelope. Tracking is decided here, at send time, from the
   * person's behavioural_analysis consent: the caller cannot switch it on by mistake.
   */
  async function wrap(input: Pick<EnvelopeInput, 'house' | 'contact' | 'campaign' | 'message' | 'unsubscribeMailto'>): Promise<MailMessage> {
    const tracking = await consents.isValid(input.house.id, input.contact.id, 'behavioural_analysis');
    return wrapMarketingMail({
      ...input,
      tracking,
      publicUrl,
      key: await keyOf(input.house.id),
      preferenceUrl: await deps.preferenceLink(input.house.id, input.contact.id),
    });
  }

  /**
   * wrap for a batch of a newsletter, in three queries instead of two per person: the
   * tracking consents, the preference links and the link key. First the links each
   * person's template places ({{ links.unsubscribe }}, {{ links.preferences }}); then
   * each envelope's wrap, with tracking already decided here from the consents of now,
   * so that the caller, again, cannot switch it on.
   */
  async function envelopesFor(house: EnvelopeInput['house'], campaign: EnvelopeInput['campaign'], contactIds: readonly string[]): Promise<Map<string, PersonEnvelope>> {
    const ids = [...new Set(contactIds)];
    const [key, tracked, preferences] = await Promise.all([
      keyOf(house.id),
      consents.validAmong(house.id, ids, 'behavioural_analysis'),
      deps.preferenceLinks === undefined
        ? Promise.all(ids.map(async (id) => [id, await deps.preferenceLink(house.id, id)] as const)).then((pairs) => new Map(pairs))
        : deps.preferenceLinks(house.id, ids),
    ]);
    const envelopes = new Map<string, PersonEnvelope>();
    for (const contactId of ids) {
      const preferenceUrl = preferences.get(contactId) ?? null;
      const tracking = tracked.has(contactId);
      const { unsubscribe } = marketingLinks({ house, contact: { id: contactId, email: '', name: null, language: 'de' }, campaign, publicUrl, key });
      envelopes.set(contactId, {
        tracking,
        links: { unsubscribe, preferences: preferenceUrl },
        wrap: (input) => wrapMarketingMail({ ...input, house, campaign, contact: { ...input.contact, id: contactId }, tracking, publicUrl, key, preferenceUrl }),
      });
    }
    return envelopes;
  }

  /** wrap for many mails of one house and campaign at once (see envelopesFor). */
  async function wrapMany(
    house: EnvelopeInput['house'],
    campaign: EnvelopeInput['campaign'],
    mails: readonly Pick<EnvelopeInput, 'contact' | 'message' | 'unsubscribeMailto'>[],
  ): Promise<MailMessage[]> {
    const envelopes = await envelopesFor(house, campaign, mails.map((mail) => mail.contact.id));
    return mails.map((mail) => {
      const envelope = envelopes.get(mail.contact.id);
      if (envelope === undefined) throw new Error(`no envelope for contact ${mail.contact.id}`);
      return envelope.wrap(mail);
    });
  }

  /** The contact of a link, or null when erased since the mail went out. */
  async function contactOf(payload: { h: string; c: string }) {
    return contacts.load(house(payload.h), payload.c).catch((error: unknown) => {
      if (isDomainError(error, 'not_found')) return null;
      throw error;
    });
  }

  /** What the unsubscribe page shows; a GET only looks, it never unsubscribes (mail scanners follow links). */
  async function unsubscribeView(token: string, asked?: MailLanguage): Promise<UnsubscribeView> {
    const payload: UnsubscribePayload = await openToken(token, 'u');
    const found = await catalogue.getHouse(payload.h);
    const contact = await contactOf(payload);
    return {
      houseName: found.name,
      language: asked ?? languageOf(contact?.language, languageOf(found.defaultLanguage)),
      purpose: payload.p,
      preferenceUrl: contact === null ? null : await deps.preferenceLink(payload.h, payload.c),
    };
  }

  /**
   * RFC 8058 one-click: ends the consent the mail rested on, audited with the person as
   * actor. Idempotent: a second POST, or one for a person erased since, changes nothing
   * and still succeeds (the mailbox provider only needs to know it worked).
   */
  async function unsubscribe(token: string, asked?: MailLanguage): Promise<UnsubscribeView & { revoked: boolean }> {
    const payload: UnsubscribePayload = await openToken(token, 'u');
    let revoked = false;
    try {
      ({ revoked } = await consents.revoke({
        houseId: payload.h,
        contactId: payload.c,
        purpose: payload.p,
        actor: `contact:${payload.c}`,
        reason: `unsubscribed from a mail of campaign ${payload.k}`,
      }));
    } catch (error) {
      if (!isDomainError(error, 'not_found')) throw error;
    }
    await deps.deliveryLog?.unsubscribed(payload.h, payload.k, payload.c);
    return { ...(await unsubscribeView(token, asked)), revoked };
  }

  /** Records an interaction only while behavioural analysis is allowed; the fact is idempotent by ref. */
  async function recordBehaviour(payload: { h: string; c: string; k: string }, kind: 'email_opened' | 'email_clicked', ref: string, details: Record<string, unknown>): Promise<void> {
    if (!(await consents.isValid(payload.h, payload.c, 'behavioural_analysis'))) return;
    await (kind === 'email_opened' ? deps.deliveryLog?.opened(payload.h, payload.k, payload.c) : deps.deliveryLog?.clicked(payload.h, payload.k, payload.c));
    await interactions
      .record({ houseId: payload.h, contactId: payload.c, kind, occurredAt: clock.now().toISOString(), source: 'campaigns', ref, details: { campaignId: payload.k, ...details } })
      .catch((error: unknown) => {
        // Erased between the consent check and the write: nothing to record about nobody.
        if (!isDomainError(error, 'not_found')) throw error;
      });
  }

  /** A click: the signed target, recorded as email_clicked (once per campaign, person and link). */
  async function click(token: string): Promise<string> {
    const payload: ClickPayload = await openToken(token, 'r');
    const link = createHash('sha256').update(payload.u).digest('base64url').slice(0, 16);
    await recordBehaviour(payload, 'email_clicked', `email_clicked:${payload.k}:${payload.c}:${link}`, { url: payload.u });
    return payload.u;
  }

  /** The pixel was loaded: email_opened, once per campaign and person however often the mail is opened. */
  async function open(token: string): Promise<void> {
    const payload: OpenPayload = await openToken(token, 'o');
    await recordBehaviour(payload, 'email_opened', `email_opened:${payload.k}:${payload.c}`, {});
  }

  // ---------- bounces and complaints ----------

  /**
   * Checks the webhook's secret: 404 while none is set, 401 for a wrong one. It comes in
   * X-Foyer-Webhook-Secret, or as the password of HTTP Basic authentication, which is
   * what providers offer when credentials go into the webhook URL (https://foyer:SECRET@…).
   * Not as a Bearer token: that header belongs to the staff API keys.
   */
  function checkWebhook(headers: { secret: string | undefined; authorization: string | undefined }): void {
    if (deps.webhookSecret === null) throw new DomainError('not_found', 'the mail event webhook is off (FOYER_MAIL_WEBHOOK_SECRET is not set)');
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(headers.authorization ?? '')?.[1];
    const fromBasic = basic === undefined ? undefined : Buffer.from(basic, 'base64').toString('utf8').split(':').slice(1).join(':');
    const given = headers.secret ?? fromBasic ?? '';
    // Compared as digests: constant time whatever the lengths.
    if (!timingSafeEqual(digest(given), digest(deps.webhookSecret))) throw new DomainError('unauthenticated', 'wrong or missing webhook secret (X-Foyer-Webhook-Secret or Basic authentication)');
  }

  async function contactIdByEmail(houseId: string, email: string): Promise<string | null> {
    const wanted = normaliseContactEmail(email);
    const found = await contacts.list(house(houseId), { q: wanted }, { limit: 50, offset: 0 });
    return found.items.find((item) => normaliseContactEmail(item.email) === wanted)?.id ?? null;
  }

  /**
   * A bounce or complaint for a house. A hard bounce suppresses the address; a soft one
   * is counted, and the third within 30 days suppresses it; a complaint suppresses it and
   * ends the newsletter consent (the person told their provider it was unwanted).
   */
  async function reportEvent(body: MailEventBody): Promise<{ houseId: string; suppressed: boolean; consentRevoked: boolean }> {
    const event = parseInput(mailEventBody, body);
    const fromHeader = event.campaign === undefined ? null : readCampaignHeader(event.campaign);
    if (event.campaign !== undefined && fromHeader === null) {
      throw new DomainError('validation', 'campaign: is not an X-Foyer-Campaign value (<houseId>/<campaignId>)', [{ field: 'campaign', message: 'not <houseId>/<campaignId>' }]);
    }
    const houseId = fromHeader?.houseId ?? event.houseId ?? '';
    const campaignId = fromHeader?.campaignId ?? event.campaignId ?? null;
    await catalogue.getHouse(houseId).catch((error: unknown) => {
      throw isDomainError(error, 'not_found') ? new DomainError('validation', 'houseId: no such house', [{ field: fromHeader === null ? 'houseId' : 'campaign', message: 'no such house' }]) : error;
    });
    const email = normaliseContactEmail(event.email);
    const contactId = event.type === 'complaint' ? await contactIdByEmail(houseId, email) : null;
    const at = clock.now().toISOString();
    const suppression = (reason: SuppressionReason) => ({ id: newId(), house_id: houseId, email_normalised: email, reason, campaign_id: campaignId, detail: event.reason ?? null, created_at: at });

    const result = await db.transaction().execute(async (trx) => {
      let suppressed: boolean;
      let consentRevoked = false;
      if (event.type === 'complaint') {
        await store.insertSuppression(trx, suppression('complaint'));
        suppressed = true;
        if (contactId !== null) {
          ({ revoked: consentRevoked } = await consents.revoke({
            houseId,
            contactId,
            purpose: 'newsletter',
            actor: 'system:mail-complaint',
            reason: `complaint reported by the mailbox provider${campaignId === null ? '' : ` for campaign ${campaignId}`}`,
            executor: trx,
          }));
        }
      } else if (event.bounceType === 'hard') {
        await store.insertSuppression(trx, suppression('hard_bounce'));
        suppressed = true;
      } else {
        const since = new Date(Date.parse(event.at) - SOFT_BOUNCE_WINDOW_DAYS * 86_400_000).toISOString();
        const count = await store.addSoftBounce(trx, { id: newId(), house_id: houseId, email_normalised: email, occurred_at: event.at }, since);
        if (count >= SOFT_BOUNCES_TO_SUPPRESS) {
          await store.insertSuppression(trx, suppression('soft_bounces'));
          suppressed = true;
        } else {
          suppressed = (await store.suppressedAmong(trx, houseId, [email])).size > 0;
        }
      }
      return { houseId, suppressed, consentRevoked };
    });
    if (campaignId !== null && event.type !== 'complaint') await deps.deliveryLog?.bounced(houseId, campaignId, email);
    return result;
  }

  // ---------- the suppression list ----------

  /** The sender's check before each mail. */
  async function isSuppressed(houseId: string, email: string): Promise<boolean> {
    return (await store.suppressedAmong(db, houseId, [normaliseContactEmail(email)])).size > 0;
  }

  /** The suppressed addresses among a batch of recipients (normalised), in one query. */
  async function suppressedAmong(houseId: string, emails: readonly string[]): Promise<Set<string>> {
    return store.suppressedAmong(db, houseId, [...new Set(emails.map(normaliseContactEmail))]);
  }

  /** The list is the house's, not a unit's: it holds addresses of every unit's audience. */
  function requireHouseWide(scope: Scope): void {
    if (scope.unitId !== null) throw new DomainError('forbidden', 'the suppression list belongs to the whole house; unit staff cannot see or change it');
  }

  const toDto = (row: store.SuppressionRow): Suppression => ({
    id: row.id,
    email: row.email_normalised,
    reason: row.reason as SuppressionReason,
    campaignId: row.campaign_id,
    detail: row.detail,
    createdAt: row.created_at,
  });

  async function listSuppressions(scope: Scope, page: { limit: number; offset: number }) {
    requireHouseWide(scope);
    const { rows, total } = await store.listSuppressions(db, scope.houseId, page);
    return { items: rows.map(toDto), total, ...page };
  }

  async function liftSuppression(scope: Scope, id: string): Promise<Suppression> {
    requireHouseWide(scope);
    const row = await db.transaction().execute((trx) => store.deleteSuppression(trx, scope.houseId, id));
    if (row === undefined) throw notFound('suppression', id);
    return toDto(row);
  }

  return { links, wrap, envelopesFor, wrapMany, unsubscribeView, unsubscribe, click, open, checkWebhook, reportEvent, isSuppressed, suppressedAmong, listSuppressions, liftSuppression };
}

export type MarketingMail = ReturnType<typeof createMarketingMail>;
