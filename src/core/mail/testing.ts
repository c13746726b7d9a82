import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/*
 * A real SMTP server on loopback for tests: Foyer's mailer talks real SMTP to it (with
 * authentication, as to a provider) and the test reads back what arrived, parsed by
 * mailparser. Any capability that sends mail can use it.
 */

export interface TestSmtpServer {
  /** smtp://user:password@127.0.0.1:port: give it to FOYER_SMTP_URL. */
  url: string;
  /** Every mail accepted so far, in arrival order. */
  received: ParsedMail[];
  /** The first mail to the address that arrived after `after` mails (default: any so far). */
  waitForMail(to: string, options?: { after?: number; timeoutMs?: number }): Promise<ParsedMail>;
  /** The next `count` messages are refused with a temporary error (451), as a greylisting server does. */
  refuseNext(count: number): void;
  close(): Promise<void>;
}

export const TEST_SMTP_USER = 'foyer';
export const TEST_SMTP_PASSWORD = 'smtp secret';

function recipients(mail: ParsedMail): string[] {
  const to = mail.to === undefined ? [] : Array.isArray(mail.to) ? mail.to : [mail.to];
  return to.flatMap((address) => address.value.map((entry) => (entry.address ?? '').toLowerCase()));
}

export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const received: ParsedMail[] = [];
  let refusals = 0;
  const server = new SMTPServer({
    // Plain SMTP on loopback: no certificate to manage, and authentication still checked.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    // Closing waits for clients to say QUIT; a pooled connection a test left idle would
    // hold the close for smtp-server's default 30 s, longer than a test hook may take.
    closeTimeout: 1_000,
    onAuth(auth, _session, callback) {
      if (auth.username === TEST_SMTP_USER && auth.password === TEST_SMTP_PASSWORD) callback(null, { user: auth.username });
      else callback(new Error('invalid credentials'));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          if (refusals > 0) {
            refusals -= 1;
            callback(Object.assign(new Error('try again later (test greylisting)'), { responseCode: 451 }));
            return;
          }
          received.push(mail);
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  const credentials = `${encodeURIComponent(TEST_SMTP_USER)}:${encodeURIComponent(TEST_SMTP_PASSWORD)}`;

  return {
    url: `smtp://${credentials}@127.0.0.1:${port}`,
    received,
    async waitForMail(to, { after = 0, timeoutMs = 10_000 } = {}) {
      // Real network I/O: poll for the arrival, bounded, rather than sleep a guessed time.
      const deadline = Date.now() + timeoutMs;
      const wanted = to.toLowerCase();
      for (;;) {
        const mail = received.slice(after).find((candidate) => recipients(candidate).includes(wanted));
        if (mail !== undefined) return mail;
        if (Date.now() > deadline) throw new Error(`no mail to ${to} arrived within ${timeoutMs} ms (${received.length} received)`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    refuseNext(count) {
      refusals = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
