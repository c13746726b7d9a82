import { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Executor } from '../db/database.ts';
import { newId } from '../ids.ts';
import type { Jobs } from './jobs.ts';
import { checkName, defineJob, type JobContext, type JobDefinition, parsePayload, type PayloadSchema, type WorkOptions } from './model.ts';

/*
 * Domain events on the jobs layer: capabilities talk through them instead of reaching
 * into each other's tables. publish() writes one job per subscriber, so each subscriber
 * runs, retries and fails on its own; a slow or broken subscriber never holds up the
 * publisher or the other subscribers.
 *
 * Subscriptions are registered in memory by the composition root, and every process
 * (web, worker) builds the same composition, so a publisher knows all subscribers even
 * when it runs no worker itself.
 *
 * Publishing inside a transaction: pass the transaction as `executor`. On SQLite the job
 * rows are written with it; on PostgreSQL pg-boss writes them through the same Kysely
 * transaction. Either way a rolled-back write publishes nothing and a committed one
 * cannot lose its event.
 */

export interface EventDefinition<S extends PayloadSchema = PayloadSchema> {
  readonly name: string;
  readonly schema: S;
}

export function defineEvent<S extends PayloadSchema>(name: string, schema: S): EventDefinition<S> {
  checkName('event', name);
  return { name, schema };
}

export interface EventContext extends JobContext {
  event: string;
  /** The same for every subscriber of one publish(): a key to make handlers idempotent. */
  eventId: string;
  publishedAt: string;
}

export type EventHandler<P> = (payload: P, context: EventContext) => Promise<void>;

export interface SubscribeOptions extends WorkOptions {
  retryLimit?: number;
  retryDelaySeconds?: number;
}

export interface PublishOptions {
  /** The transaction of the write this event reports: the event exists only if it commits. */
  executor?: Executor;
}

/** What each subscriber's job carries; the payload is parsed with the event's schema when it runs. */
const envelopeSchema = z.object({
  eventId: z.string(),
  event: z.string(),
  publishedAt: z.string(),
  payload: z.record(z.string(), z.unknown()),
});

interface Subscription {
  subscriber: string;
  job: JobDefinition;
  options: SubscribeOptions;
}

export function createEvents({ jobs, clock }: { jobs: Jobs; clock: Clock }) {
  const subscriptions = new Map<string, Subscription[]>();

  /** Runs `handler` for every `event` published from now on, as the job event/EVENT/SUBSCRIBER. */
  function subscribe<S extends PayloadSchema>(event: EventDefinition<S>, subscriber: string, handler: EventHandler<z.output<S>>, options: SubscribeOptions = {}): void {
    checkName('subscriber', subscriber);
    const list = subscriptions.get(event.name) ?? [];
    if (list.some((subscription) => subscription.subscriber === subscriber)) {
      throw new Error(`${subscriber} already subscribes to ${event.name}`);
    }
    const job = defineJob(`event/${event.name}/${subscriber}`, envelopeSchema);
    jobs.work(
      job,
      async (envelope, context) => {
        const payload = parsePayload(event, envelope.payload);
        await handler(payload, { ...context, event: envelope.event, eventId: envelope.eventId, publishedAt: envelope.publishedAt });
      },
      options.concurrency === undefined ? {} : { concurrency: options.concurrency },
    );
    list.push({ subscriber, job, options });
    subscriptions.set(event.name, list);
  }

  /** Queues the event for each subscriber; returns its id and how many subscribers will get it. */
  async function publish<S extends PayloadSchema>(event: EventDefinition<S>, payload: z.input<S>, options: PublishOptions = {}) {
    parsePayload(event, payload);
    const eventId = newId();
    const envelope = { eventId, event: event.name, publishedAt: clock.now().toISOString(), payload };
    const list = subscriptions.get(event.name) ?? [];
    for (const subscription of list) {
      await jobs.enqueue(subscription.job, envelope, {
        ...(options.executor === undefined ? {} : { executor: options.executor }),
        ...(subscription.options.retryLimit === undefined ? {} : { retryLimit: subscription.options.retryLimit }),
        ...(subscription.options.retryDelaySeconds === undefined ? {} : { retryDelaySeconds: subscription.options.retryDelaySeconds }),
      });
    }
    return { eventId, subscribers: list.length };
  }

  /** Many events of one kind in one statement per subscriber: what a batch of bookings publishes. */
  async function publishMany<S extends PayloadSchema>(event: EventDefinition<S>, payloads: readonly z.input<S>[], options: PublishOptions = {}): Promise<void> {
    if (payloads.length === 0) return;
    for (const payload of payloads) parsePayload(event, payload);
    const publishedAt = clock.now().toISOString();
    const envelopes = payloads.map((payload) => ({ eventId: newId(), event: event.name, publishedAt, payload }));
    for (const subscription of subscriptions.get(event.name) ?? []) {
      await jobs.enqueueMany(subscription.job, envelopes, {
        ...(options.executor === undefined ? {} : { executor: options.executor }),
        ...(subscription.options.retryLimit === undefined ? {} : { retryLimit: subscription.options.retryLimit }),
        ...(subscription.options.retryDelaySeconds === undefined ? {} : { retryDelaySeconds: subscription.options.retryDelaySeconds }),
      });
    }
  }

  function subscribers(event: EventDefinition): string[] {
    return (subscriptions.get(event.name) ?? []).map((subscription) => subscription.subscriber);
  }

  return { subscribe, publish, publishMany, subscribers };
}

export type Events = ReturnType<typeof createEvents>;
