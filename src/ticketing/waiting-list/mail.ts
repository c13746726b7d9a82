import { z } from 'zod';
import type { MailMessage } from '../../core/mail/model.ts';
import { defineMail } from '../../core/mail/outbox.ts';
import { escapeHtml, formatMoney } from '../tickets/model.ts';
import { deadline, type Language, performanceDate, performanceTime, texts } from './texts.ts';

/*
 * The offer mail: which performance, which seats, what they cost, until when they are
 * held, and the link that books them. The job carries the entry's id and the hold's
 * token, because the link is the key and the token exists nowhere else in plain text
 * (the hold keeps only its hash); as with the double opt-in mail, the job holds no
 * address, and an entry that left meanwhile gets no mail.
 */

export const waitingListOfferMail = defineMail('ticketing.waiting_list_offer', z.object({ houseId: z.string(), entryId: z.string(), holdToken: z.string() }));

export interface OfferMailInput {
  house: { name: string; email: string | null; timeZone: string };
  to: { email: string; name: string; language: Language };
  title: string;
  startsAt: string;
  hall: string | null;
  /** 'Parkett' or 'Rang, Ermäßigt'. */
  seats: string;
  quantity: number;
  totalMinor: number;
  currency: string;
  expiresAt: string;
  offerUrl: string;
}

export function offerMail(input: OfferMailInput): MailMessage {
  const { house, to } = input;
  const language = to.language;
  const t = texts[language];
  const when = performanceTime(input.startsAt, house.timeZone, language);
  const until = deadline(input.expiresAt, house.timeZone, language);
  const facts: [string, string][] = [
    [t.performance, input.title],
    [t.when, when],
    ...(input.hall === null ? [] : [[t.hall, input.hall] as [string, string]]),
    [t.category, input.seats],
    [t.quantity, String(input.quantity)],
    [t.total, formatMoney(input.totalMinor, input.currency, language)],
    [t.validUntil, until],
  ];
  const text = [
    t.greeting(to.name),
    '',
    t.offerIntro(input.title),
    t.seats(input.quantity, input.seats),
    '',
    ...facts.map(([term, value]) => `${term}: ${value}`),
    '',
    t.heldUntil(until),
    t.bookAt,
    input.offerUrl,
    '',
    t.afterDeadline,
    t.notWanted,
    '',
    house.name,
  ].join('\n');
  const rows = facts.map(([term, value]) => `<tr><th scope="row" style="text-align:left;padding:2px 12px 2px 0">${escapeHtml(term)}</th><td>${escapeHtml(value)}</td></tr>`).join('');
  const html = `<!doctype html><html lang="${language}"><body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;max-width:560px;margin:0 auto;padding:16px">
<p>${escapeHtml(t.greeting(to.name))}</p>
<p>${escapeHtml(t.offerIntro(input.title))} ${escapeHtml(t.seats(input.quantity, input.seats))}</p>
<table role="presentation" style="border-collapse:collapse;margin:12px 0">${rows}</table>
<p><strong>${escapeHtml(t.heldUntil(until))}</strong></p>
<p><a href="${escapeHtml(input.offerUrl)}" style="display:inline-block;background:#1f6feb;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(t.bookAt.replace(/:$/, ''))}</a></p>
<p style="font-size:13px;color:#666">${escapeHtml(input.offerUrl)}</p>
<p>${escapeHtml(t.afterDeadline)} ${escapeHtml(t.notWanted)}</p>
<p>${escapeHtml(house.name)}</p>
</body></html>`;
  return {
    to: to.email,
    toName: to.name,
    subject: t.mailSubject(input.title, performanceDate(input.startsAt, house.timeZone, language)),
    text,
    html,
    language,
    fromName: house.name,
    replyTo: house.email,
  };
}
