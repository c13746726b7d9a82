import { z } from 'zod';
import type { Executor } from '../db/database.ts';
import type { Jobs } from '../jobs/jobs.ts';
import { checkName, defineJob, type PayloadSchema, parsePayload } from '../jobs/model.ts';
import type { Mailer, MailLogger } from './mailer.ts';
import type { MailMessage } from './model.ts';

/*
 * The outbox: a change that should send a mail enqueues a 'mail/send' job in its own
 * transaction (the mail exists if and only if the change commits); the job composes the
 * message and hands it to SMTP after the commit, retrying with backoff when SMTP fails.
 *
 * The job carries ids, not the rendered mail: the message is composed when it is sent.
 * So the jobs table holds no address or name, and a person erased in between gets no
 * mail (the composer finds nobody and answers null).
 */

/** A kind of mail: its name and the zod schema of the data its composer needs. */
export interface MailKind<S extends PayloadSchema = PayloadSchema> {
  readonly name: string;
  readonly schema: S;
}

export function defineMail<S extends PayloadSchema>(name: string, schema: S): MailKind<S> {
  checkName('mail kind', name);
  return { name, schema };
}

/** Builds the message from the job's data; null when there is nobody to send it to any more. */
export type MailComposer<P> = (data: P) => Promise<MailMessage | null>;

export const mailSendJob = defineJob('mail/send', z.object({ kind: z.string(), data: z.record(z.string(), z.unknown()) }));

/**
 * SMTP servers greylist and go down for maintenance: six retries waiting 1, 2, 4, 8, 16
 * and 32 minutes cover about an hour before the job is marked failed.
 */
export const MAIL_RETRY = { retryLimit: 6, retryDelaySeconds: 60 } as const;

export interface MailOutboxOptions {
  jobs: Jobs;
  mailer: Mailer;
  logger: MailLogger;
  /** How many mails one process sends at once (the SMTP pool has 3 connections). */
  concurrency?: number;
}

export function createMailOutbox({ jobs, mailer, logger, concurrency = 3 }: MailOutboxOptions) {
  const composers = new Map<string, { kind: MailKind; compose: MailComposer<unknown> }>();

  jobs.work(
    mailSendJob,
    async (payload, job) => {
      const entry = composers.get(payload.kind);
      if (entry === undefined) throw new Error(`no composer registered for mail kind ${payload.kind}`);
      const message = await entry.compose(parsePayload(entry.kind, payload.data));
      if (message === null) {
        logger.info({ job: job.id, kind: payload.kind }, 'mail not sent: its recipient no longer exists');
        return;
      }
      const { messageId } = await mailer.send(message);
      logger.info({ job: job.id, kind: payload.kind, messageId, attempt: job.attempt }, 'mail handed to the transport');
    },
    { concurrency },
  );

  return {
    /** Registers how a kind of mail is composed; every process registers all of them. */
    register<S extends PayloadSchema>(kind: MailKind<S>, compose: MailComposer<z.output<S>>): void {
      if (composers.has(kind.name)) throw new Error(`mail kind ${kind.name} is registered twice`);
      composers.set(kind.name, { kind, compose: compose as MailComposer<unknown> });
    },
    /** Queues a mail; pass the transaction of the change as `executor` so both commit together. */
    async enqueue<S extends PayloadSchema>(kind: MailKind<S>, data: z.input<S>, options: { executor?: Executor } = {}): Promise<string | null> {
      parsePayload(kind, data);
      return jobs.enqueue(mailSendJob, { kind: kind.name, data: data as Record<string, unknown> }, { ...MAIL_RETRY, ...options });
    },
    /** Many mails of one kind in one statement, with the change that causes them. */
    async enqueueMany<S extends PayloadSchema>(kind: MailKind<S>, datas: readonly z.input<S>[], options: { executor?: Executor } = {}): Promise<void> {
      for (const data of datas) parsePayload(kind, data);
      await jobs.enqueueMany(mailSendJob, datas.map((data) => ({ kind: kind.name, data: data as Record<string, unknown> })), { ...MAIL_RETRY, ...options });
    },
    mode: mailer.mode,
  };
}

export type MailOutbox = ReturnType<typeof createMailOutbox>;
