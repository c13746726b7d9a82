import { encodeWord, encodeWords, foldLines, quoteString } from 'nodemailer/lib/mime-funcs';
import type { MailMessage } from '../../core/mail/model.ts';

/*
 * The MIME text of a campaign mail, built in one go, pure. nodemailer's composer builds a tree of nodes and streams every part through
 * several transforms (measured on the send benchmark: a third of the sender's CPU, half
 * of it in the base64 line stream); a newsletter mail always has the same simple shape,
 * multipart/alternative of a text and an HTML part, both base64, so it is written here
 * directly and handed to the pool as raw bytes. The header encoding is nodemailer's own
 * (mime-funcs: RFC 2047 words, folding), and the rules follow its MimeNode's: a name
 * with specials quoted, one with non-ASCII characters as an encoded word.
 *
 * Only plain ASCII addresses are written here; anything else (an internationalised
 * domain to convert to punycode, a quoted local part) answers null and goes through
 * nodemailer's composer as before.
 */

const PLAIN_ADDRESS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const LINE = 76;

/** A display name as MimeNode writes it: as is, quoted, or an encoded word. */
function addressName(name: string): string {
  if (/^[\w ]*$/.test(name)) return name;
  if (/^[\x20-\x7e]*$/.test(name)) return quoteString(name);
  return encodeWord(name, 'Q', 52);
}

function address(name: string | null | undefined, email: string): string {
  return name ? `${addressName(name)} <${email}>` : email;
}

/** Unstructured text (a subject, a header value): control characters and non-ASCII as encoded words. */
function headerText(value: string): string {
  const clean = value.replace(/\r?\n|\r/g, ' ');
  // eslint-disable-next-line no-control-regex -- finding control characters is the point (as in nodemailer's MimeNode)
  return /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(clean) ? encodeWord(clean, 'Q', 52) : encodeWords(clean, 'Q', 52, true);
}

function base64Lines(text: string): string {
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  const lines: string[] = [];
  for (let at = 0; at < encoded.length; at += LINE) lines.push(encoded.slice(at, at + LINE));
  return lines.join('\r\n');
}

/** RFC 5322 date, as nodemailer writes it. */
function mailDate(at: Date): string {
  return at.toUTCString().replace(/GMT/, '+0000');
}

export interface ComposeOptions {
  from: string;
  messageId: string;
  at: Date;
}

/** The whole message as bytes for the SMTP DATA, or null when it needs nodemailer's composer. */
export function composeCampaignMail(message: MailMessage, options: ComposeOptions): Buffer | null {
  if (!PLAIN_ADDRESS.test(message.to) || !PLAIN_ADDRESS.test(options.from)) return null;
  if ((message.attachments?.length ?? 0) > 0 || (message.replyTo != null && !PLAIN_ADDRESS.test(message.replyTo))) return null;
  // Both parts are base64, whose alphabet has neither "_" nor "-": this boundary cannot occur in them, so it needs no randomness.
  const boundary = `--_foyer-alternative_${options.messageId.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 70);
  const headers: [string, string][] = [
    ['Content-Type', `multipart/alternative; boundary="${boundary}"`],
    ['From', address(message.fromName ?? 'Foyer', options.from)],
    ['To', address(message.toName, message.to)],
    ...(message.replyTo == null ? [] : [['Reply-To', message.replyTo] as [string, string]]),
    ['Subject', headerText(message.subject)],
    ['Message-ID', options.messageId],
    ['Date', mailDate(options.at)],
    ['MIME-Version', '1.0'],
    ['Content-Language', headerText(message.language)],
  ];
  for (const [key, value] of Object.entries(message.headers ?? {})) {
    // A header name is fixed by the code (List-Unsubscribe, X-Foyer-Campaign); anything else would be a bug.
    if (!/^[A-Za-z0-9-]+$/.test(key)) throw new Error(`not a header name: ${key}`);
    headers.push([key, headerText(value)]);
  }
  const head = headers.map(([key, value]) => foldLines(`${key}: ${value}`, LINE)).join('\r\n');
  const part = (type: string, body: string) => `--${boundary}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(body)}\r\n`;
  return Buffer.from(`${head}\r\n\r\n${part('text/plain', message.text)}${part('text/html', message.html)}--${boundary}--\r\n`, 'utf8');
}
