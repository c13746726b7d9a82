import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestClock, type TestClock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { Jobs } from '../jobs/jobs.ts';
import { createJobs } from '../jobs/service.ts';
import { createTestDatabase, testEngine } from '../testing/database.ts';
import { createMailer, type MailLogger } from './mailer.ts';
import { mailFromAddress, mailModeFrom, maskAddress, redactedSmtpUrl } from './model.ts';
import { createMailOutbox, defineMail, mailSendJob, type MailOutbox } from './outbox.ts';
import { startTestSmtpServer, type TestSmtpServer } from './testing.ts';

/*
 * The outbox over real SMTP: a mail job composes the message when it runs, nodemailer
 * hands it to a real SMTP server on loopback (with authentication), and the test reads
 * it back parsed. SMTP refusals are retried by the jobs layer.
 */

const greeting = defineMail('test/greeting', z.object({ to: z.string(), name: z.string().nullable() }));

function recordingLogger(): MailLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (_d, message) => lines.push(message), warn: (_d, message) => lines.push(message) };
}

let clock: TestClock;
let database: Database;
let jobs: Jobs;
let smtp: TestSmtpServer;
const closers: Array<() => unknown> = [];

beforeEach(async () => {
  clock = createTestClock();
  database = await createTestDatabase();
  jobs = createJobs({ database, clock, pollMs: 20 });
  smtp = await startTestSmtpServer();
});

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await jobs.close();
  await database.close();
  await smtp.close();
});

function outboxWith(smtpUrl: string | undefined, logger = recordingLogger()): MailOutbox {
  const mailer = createMailer({ settings: { ...mailModeFrom(smtpUrl), from: 'kasse@theater.example' }, logger, timeoutSeconds: 5 });
  closers.push(() => mailer.close());
  const outbox = createMailOutbox({ jobs, mailer, logger });
  outbox.register(greeting, async ({ to, name }) =>
    name === null
      ? null
      : {
          to,
          toName: name,
          subject: 'Willkommen im Theater',
          text: `Hallo ${name}, schön, dass Sie da sind.`,
          html: `<p>Hallo ${name}, schön, dass Sie da sind.</p>`,
          language: 'de',
          fromName: 'Stadttheater Auenstadt',
          headers: { 'List-Unsubscribe': '<https://foyer.example/p/1>' },
        },
  );
  return outbox;
}

describe(`mail over SMTP on ${testEngine}`, () => {
  it('delivers a queued mail through a real SMTP server, in plain text and HTML, from the house', async () => {
    const outbox = outboxWith(smtp.url);
    await outbox.enqueue(greeting, { to: 'erika@example.org', name: 'Erika' });
    expect(smtp.received).toEqual([]); // nothing leaves before the job runs
    await jobs.runDueJobs();
    const mail = await smtp.waitForMail('erika@example.org');
    expect(mail.subject).toBe('Willkommen im Theater');
    expect(mail.text?.trim()).toBe('Hallo Erika, schön, dass Sie da sind.');
    expect(mail.html).toContain('<p>Hallo Erika');
    expect(mail.from?.value[0]).toEqual({ name: 'Stadttheater Auenstadt', address: 'kasse@theater.example' });
    // mailparser gathers the List-* headers under 'list'.
    expect(mail.headers.get('list')).toMatchObject({ unsubscribe: { url: 'https://foyer.example/p/1' } });
    expect(mail.headers.get('content-language')).toBe('de');
  });

  it('enqueues with the transaction of the change: a rolled-back change sends nothing', async () => {
    const outbox = outboxWith(smtp.url);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await outbox.enqueue(greeting, { to: 'rollback@example.org', name: 'R' }, { executor: trx });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await database.db.transaction().execute(async (trx) => {
      await outbox.enqueue(greeting, { to: 'commit@example.org', name: 'C' }, { executor: trx });
    });
    await jobs.runDueJobs();
    await smtp.waitForMail('commit@example.org');
    expect(smtp.received.flatMap((m) => (Array.isArray(m.to) ? m.to : [m.to]).map((to) => to?.text))).toEqual(['"C" <commit@example.org>']);
  });

  it('retries with backoff when the SMTP server refuses for now', async () => {
    const outbox = outboxWith(smtp.url);
    smtp.refuseNext(1);
    const id = await outbox.enqueue(greeting, { to: 'grey@example.org', name: 'Grey' });
    await jobs.runDueJobs();
    const waiting = await jobs.get(id ?? '');
    expect(waiting).toMatchObject({ state: 'retry', attempts: 1 });
    expect(waiting?.lastError).toContain('451');
    expect(Date.parse(waiting?.runAt ?? '') - clock.now().getTime()).toBeGreaterThanOrEqual(59_000);
    if (testEngine === 'sqlite') {
      // pg-boss measures the delay with the database server's clock; the test clock moves only the SQLite queue.
      clock.advance(60_000);
      await jobs.runDueJobs();
      await smtp.waitForMail('grey@example.org');
      expect((await jobs.get(id ?? ''))?.state).toBe('completed');
    }
  });

  it('refuses a wrong SMTP password as a failed attempt, not as a sent mail', async () => {
    const outbox = outboxWith(smtp.url.replace('secret', 'wrong'));
    const id = await outbox.enqueue(greeting, { to: 'erika@example.org', name: 'Erika' });
    await jobs.runDueJobs();
    expect((await jobs.get(id ?? ''))?.state).toBe('retry');
    expect(smtp.received).toEqual([]);
  });

  it('without FOYER_SMTP_URL fails the job visibly, naming the missing setting and no full address', async () => {
    const logger = recordingLogger();
    const outbox = outboxWith(undefined, logger);
    expect(outbox.mode).toBe('none');
    expect(logger.lines.join('\n')).toContain('FOYER_SMTP_URL is not set');
    const id = await outbox.enqueue(greeting, { to: 'erika@example.org', name: 'Erika' });
    await jobs.runDueJobs();
    const job = await jobs.get(id ?? '');
    expect(job?.state).toBe('retry');
    expect(job?.lastError).toBe('no SMTP configured (FOYER_SMTP_URL is unset): mail to e…@example.org not sent');
  });

  it('with FOYER_SMTP_URL=log writes the mail to the log and completes', async () => {
    const logger = recordingLogger();
    const outbox = outboxWith('log', logger);
    const id = await outbox.enqueue(greeting, { to: 'dev@example.org', name: 'Dev' });
    await jobs.runDueJobs();
    expect((await jobs.get(id ?? ''))?.state).toBe('completed');
    expect(logger.lines).toContain('mail written to the log, not sent (FOYER_SMTP_URL=log)');
    expect(smtp.received).toEqual([]);
  });

  it('sends nothing when the composer finds nobody any more, and keeps no address in the job', async () => {
    const outbox = outboxWith(smtp.url);
    const id = await outbox.enqueue(greeting, { to: 'gone@example.org', name: null });
    await jobs.runDueJobs();
    expect((await jobs.get(id ?? ''))?.state).toBe('completed');
    expect(smtp.received).toEqual([]);
  });

  it('refuses data that does not fit the mail kind when it is queued', async () => {
    const outbox = outboxWith(smtp.url);
    await expect(outbox.enqueue(greeting, { to: 'x@example.org' } as never)).rejects.toThrow('payload.name');
    expect(mailSendJob.name).toBe('mail/send');
  });
});

describe('mail settings', () => {
  it('reads FOYER_SMTP_URL as smtp, log or none, and refuses anything else naming the setting', () => {
    expect(mailModeFrom(undefined)).toEqual({ mode: 'none', smtpUrl: null });
    expect(mailModeFrom(' log ')).toEqual({ mode: 'log', smtpUrl: null });
    expect(mailModeFrom('smtps://u:p@mail.example:465').mode).toBe('smtp');
    expect(() => mailModeFrom('http://mail.example')).toThrow(expect.objectContaining({ details: [expect.objectContaining({ field: 'FOYER_SMTP_URL' })] }));
    expect(() => mailModeFrom('mail.example')).toThrow('FOYER_SMTP_URL');
  });

  it('keeps the SMTP password and full addresses out of logs', () => {
    expect(redactedSmtpUrl('smtp://user:geheim@mail.example:587')).toBe('smtp://user:***@mail.example:587');
    expect(maskAddress('erika.mustermann@example.org')).toBe('e…@example.org');
  });

  it('sends from FOYER_MAIL_FROM, or from foyer@ the public host', () => {
    expect(mailFromAddress('kasse@theater.example', 'http://127.0.0.1:3000')).toBe('kasse@theater.example');
    expect(mailFromAddress(undefined, 'https://foyer.theater.example')).toBe('foyer@foyer.theater.example');
    expect(mailFromAddress(undefined, 'http://127.0.0.1:3000')).toBe('foyer@localhost');
    expect(() => mailFromAddress('Theater <kasse@theater.example>', 'http://x')).toThrow('FOYER_MAIL_FROM');
  });
});
