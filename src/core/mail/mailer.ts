import nodemailer from 'nodemailer';
import { type MailMessage, type MailSettings, maskAddress, redactedSmtpUrl } from './model.ts';

/*
 * The one way Foyer hands a mail to the outside world. Called only by the mail/send job
 * (outbox.ts), never inside a transaction: SMTP can take seconds or fail, and a write
 * must not wait for it or be rolled back by it.
 */

export interface MailLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface Mailer {
  readonly mode: MailSettings['mode'];
  /** Hands the message over; rejects with the SMTP error (the job then retries). */
  send(message: MailMessage): Promise<{ messageId: string }>;
  /** Closes the pooled connections. */
  close(): void;
}

/** Thrown for every mail while FOYER_SMTP_URL is unset: the job fails, visibly. */
export class MailNotConfiguredError extends Error {
  constructor(to: string) {
    super(`no SMTP configured (FOYER_SMTP_URL is unset): mail to ${maskAddress(to)} not sent`);
    this.name = 'MailNotConfiguredError';
  }
}

export interface MailerOptions {
  settings: MailSettings;
  logger: MailLogger;
  /** Seconds to wait for the connection, the greeting and each reply; tests shorten it. */
  timeoutSeconds?: number;
}

export function createMailer({ settings, logger, timeoutSeconds = 30 }: MailerOptions): Mailer {
  const { mode, from } = settings;
  if (mode === 'none') {
    logger.warn({}, 'FOYER_SMTP_URL is not set: mails are queued as jobs but fail with "no SMTP configured"; set it (or FOYER_SMTP_URL=log in development)');
    return {
      mode,
      send: async (message) => {
        throw new MailNotConfiguredError(message.to);
      },
      close: () => {},
    };
  }
  if (mode === 'log') {
    logger.warn({}, 'FOYER_SMTP_URL=log: mails are written to the log and NOT delivered (development only)');
    let counter = 0;
    return {
      mode,
      send: async (message) => {
        counter += 1;
        // The whole text on purpose: in development the confirmation link is read from here.
        // Attachments by name and size only: QR codes and calendars are bytes nobody reads in a log.
        const attachments = message.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, bytes: Buffer.byteLength(a.content) }));
        logger.info(
          { to: message.to, subject: message.subject, text: message.text, ...(attachments === undefined ? {} : { attachments }) },
          'mail written to the log, not sent (FOYER_SMTP_URL=log)',
        );
        return { messageId: `log-${counter}` };
      },
      close: () => {},
    };
  }
  const smtpUrl = settings.smtpUrl ?? '';
  // Pooled: a burst of confirmation mails reuses a few open connections instead of a
  // TCP and TLS handshake per mail. Settings in the URL's query (?secure=…) win.
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 3,
    connectionTimeout: timeoutSeconds * 1000,
    greetingTimeout: timeoutSeconds * 1000,
    socketTimeout: timeoutSeconds * 1000,
  });
  logger.info({ smtp: redactedSmtpUrl(smtpUrl), from }, 'mails are sent through SMTP');
  return {
    mode,
    async send(message) {
      const info = await transport.sendMail({
        from: { name: message.fromName ?? 'Foyer', address: from },
        to: message.toName ? { name: message.toName, address: message.to } : message.to,
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: { 'Content-Language': message.language, ...message.headers },
        ...(message.attachments === undefined
          ? {}
          : { attachments: message.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType, ...(a.cid === undefined ? {} : { cid: a.cid }) })) }),
      });
      return { messageId: String(info.messageId ?? '') };
    },
    close: () => transport.close(),
  };
}
