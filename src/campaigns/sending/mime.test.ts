import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { MailMessage } from '../../core/mail/model.ts';
import { composeCampaignMail } from './mime.ts';

/* The hand-written MIME of campaign mails, read back by mailparser as a mail client would. */

const message: MailMessage = {
  to: 'erika@example.org',
  toName: 'Jürgen "JJ" Müller',
  subject: 'Neu im Spielplan: Götterdämmerung – jetzt Karten sichern, bevor sie weg sind, für den ganzen Abend',
  text: 'Hallo Jürgen!\n\nEine Zeile, die deutlich länger ist als sechsundsiebzig Zeichen, damit base64 umbrechen muss. ' + 'ä'.repeat(200),
  html: '<p>Hallo Jürgen!</p>',
  language: 'de',
  fromName: 'Theater Auenstadt, Kasse & Abo',
  replyTo: 'kasse@theater.example',
  headers: { 'List-Unsubscribe': '<https://foyer.example/public/unsubscribe/abc>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
};
const options = { from: 'foyer@theater.example', messageId: '<campaign.0190-abc@theater.example>', at: new Date('2026-11-27T09:00:00Z') };

describe('campaign MIME', () => {
  it('reads back with every header, umlauts in names and subject, and both parts intact', async () => {
    const raw = composeCampaignMail(message, options);
    expect(raw).not.toBeNull();
    const parsed = await simpleParser(raw as Buffer);
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.from?.value).toEqual([{ name: 'Theater Auenstadt, Kasse & Abo', address: 'foyer@theater.example' }]);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value : []).toEqual([{ name: 'Jürgen "JJ" Müller', address: 'erika@example.org' }]);
    expect(parsed.replyTo?.value).toEqual([{ name: '', address: 'kasse@theater.example' }]);
    expect(parsed.messageId).toBe(options.messageId);
    expect(parsed.date?.toISOString()).toBe('2026-11-27T09:00:00.000Z');
    expect(parsed.headerLines.find((line) => line.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(parsed.text?.trim()).toBe(message.text);
    expect(parsed.html).toBe(message.html);
    for (const line of (raw as Buffer).toString('utf8').split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
  });

  it.each([
    ['an attachment', { attachments: [{ filename: 'a.txt', content: 'x', contentType: 'text/plain' }] }],
    ['an internationalised address', { to: 'erika@münchen.example' }],
    ['a quoted local part', { to: '"erika m"@example.org' }],
  ])('leaves a mail with %s to nodemailer', (_case, change) => {
    expect(composeCampaignMail({ ...message, ...change }, options)).toBeNull();
  });

  it('refuses a header name that could inject another header', () => {
    expect(() => composeCampaignMail({ ...message, headers: { 'X-Evil\r\nBcc': 'x' } }, options)).toThrow(/not a header name/);
  });
});
