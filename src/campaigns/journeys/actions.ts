import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { isDomainError } from '../../core/errors.ts';
import type { Jobs } from '../../core/jobs/jobs.ts';
import { defineJob } from '../../core/jobs/model.ts';
import type { MailMessage } from '../../core/mail/model.ts';
import { defineMail, type MailOutbox } from '../../core/mail/outbox.ts';
import { ChannelFailure } from '../channels/model.ts';
import { guardedFetch, type OutboundOptions } from '../channels/outbound.ts';
import type { ChannelService } from '../channels/service.ts';
import { findAccountForPublishing } from '../channels/store.ts';
import { SIGNATURE_HEADER, signatureHeader } from '../channels/webhook.ts';
import type { ActionSpec, JourneyGraph, JourneyTrigger } from './definition.ts';
import type { EnrollmentContext } from './model.ts';
import * as store from './store.ts';

/*
 * The actions of a journey step that reach outside: the engine writes their intent (a
 * mail job, a webhook job, a post job) in the transaction of the step, and these
 * handlers do the work after the commit. Each is idempotent for its key, so a retried job
 * does no harm: the webhook carries the same Idempotency-Key on every attempt, and the
 * post job looks for the post it made before.
 */

/** To the address on the step: the journey, the person's id and name, the step's text; nothing more about the person. */
export const staffNotificationMail = defineMail(
  'campaigns.staff_notification',
  z.object({ houseId: z.string(), journeyId: z.string(), nodeId: z.string(), contactId: z.string() }),
);

/** One signed call per person and step, after the commit. */
export const journeyWebhookJob = defineJob('campaigns.journey-webhook', z.object({ houseId: z.string(), journeyId: z.string(), nodeId: z.string(), enrollmentId: z.string() }));

/** One post per journey, step and trigger key (not per person: a post is public, the audience sees it once). */
export const journeyPostJob = defineJob('campaigns.journey-post', z.object({ houseId: z.string(), journeyId: z.string(), nodeId: z.string(), triggerKey: z.string() }));

/** A receiver that is down gets five more tries over about half an hour. */
export const WEBHOOK_RETRY = { retryLimit: 5, retryDelaySeconds: 60 } as const;

export interface JourneyActionDeps {
  database: Database;
  clock: Clock;
  channels: Pick<ChannelService, 'createPost'>;
  contacts: { get(scope: { houseId: string; unitId: string | null }, actor: string, id: string): Promise<{ name: string | null }> };
  outbound: OutboundOptions;
  logger?: { warn(details: object, message: string): void };
}

function actionOf(graph: JourneyGraph, nodeId: string): ActionSpec | undefined {
  const node = graph.nodes.find((candidate) => candidate.id === nodeId);
  return node?.type === 'action' ? node.action : undefined;
}

export function createJourneyActions({ database, clock, channels, contacts, outbound, logger }: JourneyActionDeps) {
  const db = database.db;

  async function journeyOf(houseId: string, journeyId: string) {
    return store.findJourney(db, { houseId, unitId: null }, journeyId);
  }

  /** The staff notification, composed when it is sent: null when the step or the person is gone. */
  async function composeStaffNotification(data: { houseId: string; journeyId: string; nodeId: string; contactId: string }): Promise<MailMessage | null> {
    const journey = await journeyOf(data.houseId, data.journeyId);
    if (journey === undefined) return null;
    const action = actionOf(JSON.parse(journey.graph) as JourneyGraph, data.nodeId);
    if (action?.kind !== 'notify_staff') return null;
    let name: string | null;
    try {
      ({ name } = await contacts.get({ houseId: data.houseId, unitId: null }, `journey:${journey.id}`, data.contactId));
    } catch (error) {
      if (isDomainError(error, 'not_found')) return null;
      throw error;
    }
    const who = `${name ?? '(ohne Namen)'} (${data.contactId})`;
    const text = `${action.message}\n\nJourney: ${journey.name}\nKontakt: ${who}\n`;
    const escape = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
    return {
      to: action.email,
      subject: `Journey „${journey.name}“: ${name ?? data.contactId}`,
      text,
      html: `<p>${escape(action.message).replace(/\n/g, '<br>')}</p><p>Journey: ${escape(journey.name)}<br>Kontakt: ${escape(who)}</p>`,
      language: 'de',
    };
  }

  /** Calls the webhook of a call_webhook step for one person, signed as the webhook channel signs. */
  async function callWebhook(payload: z.output<typeof journeyWebhookJob.schema>, signal: AbortSignal): Promise<void> {
    const journey = await journeyOf(payload.houseId, payload.journeyId);
    if (journey === undefined) return;
    const action = actionOf(JSON.parse(journey.graph) as JourneyGraph, payload.nodeId);
    if (action?.kind !== 'call_webhook') return;
    const enrollment = await db
      .selectFrom('journey_enrollment')
      .select(['contact_id', 'trigger_key', 'context'])
      .where('house_id', '=', payload.houseId)
      .where('id', '=', payload.enrollmentId)
      .executeTakeFirst();
    // The person was erased in between: nothing about them leaves the house any more.
    if (enrollment === undefined) return;
    const account = await findAccountForPublishing(db, payload.houseId, action.accountId);
    if (account === undefined || account.kind !== 'webhook') {
      logger?.warn({ journeyId: journey.id, nodeId: payload.nodeId }, 'journey webhook not called: the account is gone or not a webhook');
      return;
    }
    const context = JSON.parse(enrollment.context) as EnrollmentContext;
    const trigger = JSON.parse(journey.trigger) as JourneyTrigger;
    const sentAt = clock.now();
    const body = JSON.stringify({
      event: 'journey.step',
      house: payload.houseId,
      journey: { id: journey.id, name: journey.name },
      node: payload.nodeId,
      contact: { id: enrollment.contact_id },
      trigger: {
        type: trigger.type,
        key: enrollment.trigger_key,
        productionId: context.productionId ?? null,
        performanceId: context.performanceId ?? null,
        orderId: context.orderId ?? null,
        purpose: context.purpose ?? null,
      },
      sentAt: sentAt.toISOString(),
    });
    const url = new URL(account.url);
    let response: Response;
    try {
      response = await guardedFetch(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Foyer/0.1 (webhook)',
            'idempotency-key': `foyer-journey-${payload.enrollmentId}-${payload.nodeId}`,
            [SIGNATURE_HEADER]: signatureHeader(account.secret, Math.floor(sentAt.getTime() / 1000), body),
          },
          body,
        },
        outbound,
        signal,
      );
    } catch (error) {
      if (error instanceof ChannelFailure && error.retry === 'never') {
        logger?.warn({ journeyId: journey.id, nodeId: payload.nodeId, error: error.message }, 'journey webhook refused');
        return;
      }
      throw error;
    }
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return;
    // A 4xx other than 408/429 will not change with another try.
    if (response.status >= 500 || response.status === 408 || response.status === 429) throw new Error(`${url.host} answered the journey webhook with ${response.status}`);
    logger?.warn({ journeyId: journey.id, nodeId: payload.nodeId, status: response.status }, 'journey webhook refused by the receiver');
  }

  /** Schedules the post of a publish_post step once for its trigger key, through the channels service. */
  async function publishPost(payload: z.output<typeof journeyPostJob.schema>): Promise<void> {
    const journey = await journeyOf(payload.houseId, payload.journeyId);
    if (journey === undefined) return;
    const action = actionOf(JSON.parse(journey.graph) as JourneyGraph, payload.nodeId);
    if (action?.kind !== 'publish_post') return;
    const createdBy = `journey:${journey.id}:${payload.nodeId}:${payload.triggerKey}`;
    if (await store.postMadeBy(db, payload.houseId, createdBy)) return;
    try {
      await channels.createPost(
        { houseId: payload.houseId, unitId: journey.unit_id },
        { accountId: action.accountId, text: action.text, language: action.language, ...(action.link === undefined ? {} : { link: action.link }) },
        createdBy,
      );
    } catch (error) {
      // The account was removed or the text does not fit the channel: a retry changes nothing.
      if (isDomainError(error, 'validation')) {
        logger?.warn({ journeyId: journey.id, nodeId: payload.nodeId, error: error.message }, 'journey post refused');
        return;
      }
      throw error;
    }
  }

  return { composeStaffNotification, callWebhook, publishPost };
}

export type JourneyActions = ReturnType<typeof createJourneyActions>;

/** Every process registers the composer and the handlers; only workers run them. */
export function registerJourneyActions(jobs: Jobs, outbox: Pick<MailOutbox, 'register'>, actions: JourneyActions): void {
  outbox.register(staffNotificationMail, (data) => actions.composeStaffNotification(data));
  jobs.work(journeyWebhookJob, (payload, job) => actions.callWebhook(payload, job.signal), { concurrency: 4 });
  jobs.work(journeyPostJob, (payload) => actions.publishPost(payload));
}
