import nodemailer from 'nodemailer';
import { MailNotConfiguredError, type MailLogger } from '../../core/mail/mailer.ts';
import { type MailMessage, type MailSettings, redactedSmtpUrl } from '../../core/mail/model.ts';
import { composeCampaignMail } from './mime.ts';

/*
 * The bulk SMTP transport of campaigns, apart from the transactional mailer (core/mail),
 * so that a newsletter to 100,000 people never queues in front of a booking confirmation.
 *
 * nodemailer's pool keeps FOYER_SMTP_POOL connections open and hands each message to the
 * next free one; its rate limit (FOYER_SMTP_RATE messages per second) is shared by all
 * connections of the pool, i.e. of this process.
 *
 * Several worker processes: the rate is the SMTP server's, so it must not be multiplied
 * by the number of processes. When FOYER_SMTP_RATE is set, the sending job runs as one
 * job at a time in the whole installation (sender.ts: one drain slot, a singleton job on
 * the SQLite queue and on pg-boss), so exactly one pool, with the whole rate, sends at any
 * moment; the other workers go on with every other job. A rate-limited server gains
 * nothing from more senders anyway: the connections of the pool already run in parallel.
 * Without a rate, several drain slots run on whichever workers take them.
 */

export interface BulkTransport {
  /** The domain of the deterministic Message-IDs: the sender address's. */
  readonly domain: string;
  /** Hands one message to the server; rejects with its answer. */
  send(message: MailMessage, messageId: string): Promise<void>;
  close(): void;
}

export interface BulkTransportOptions {
  settings: MailSettings;
  pool: number;
  ratePerSecond: number | null;
  logger: MailLogger;
  timeoutSeconds?: number;
}

export function createBulkTransport({ settings, pool, ratePerSecond, logger, timeoutSeconds = 30 }: BulkTransportOptions): BulkTransport {
  const { from } = settings;
  const domain = from.slice(from.lastIndexOf('@') + 1) || 'foyer.invalid';
  if (settings.mode === 'none') {
    return {
      domain,
      send: async (message) => {
        throw new MailNotConfiguredError(message.to);
      },
      close: () => {},
    };
  }
  if (settings.mode === 'log') {
    return {
      domain,
      send: async (message, messageId) => logger.info({ to: message.to, subject: message.subject, messageId }, 'campaign mail written to the log, not sent (FOYER_SMTP_URL=log)'),
      close: () => {},
    };
  }
  const smtpUrl = settings.smtpUrl ?? '';
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: pool,
    // A connection stays open for the whole send; reconnecting every 100 messages (the default) costs a handshake each time.
    maxMessages: Number.POSITIVE_INFINITY,
    ...(ratePerSecond === null ? {} : { rateDelta: 1000, rateLimit: ratePerSecond }),
    connectionTimeout: timeoutSeconds * 1000,
    greetingTimeout: timeoutSeconds * 1000,
    socketTimeout: timeoutSeconds * 1000,
  });
  logger.info({ smtp: redactedSmtpUrl(smtpUrl), pool, ratePerSecond }, 'campaign mails are sent through SMTP');
  return {
    domain,
    async send(message, messageId) {
      const raw = composeCampaignMail(message, { from, messageId, at: new Date() });
      if (raw !== null) {
        // Composed in one go (mime.ts); the pool only carries the bytes.
        await transport.sendMail({ envelope: { from, to: [message.to] }, raw });
        return;
      }
      await transport.sendMail({
        from: { name: message.fromName ?? 'Foyer', address: from },
        to: message.toName ? { name: message.toName, address: message.to } : message.to,
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId,
        // Base64 is encoded natively; nodemailer's default first scans each part to choose an encoding (measured: a fifth of the sender's CPU).
        textEncoding: 'base64',
        headers: { 'Content-Language': message.language, ...message.headers },
      });
    },
    close: () => transport.close(),
  };
}
