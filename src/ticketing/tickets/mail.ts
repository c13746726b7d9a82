import type { MailAttachment, MailMessage } from '../../core/mail/model.ts';
import type { Order } from '../schemas.ts';
import { type CalendarPerformance, performanceCalendar } from './calendar.ts';
import { type DocumentHouse, escapeHtml, formatMoney, type Language, localDateTime, paymentNoteOf, type TariffNames, tariffLabel, titleIn } from './model.ts';
import { ticketQrPng } from './qr.ts';
import { texts } from './texts.ts';

/*
 * The order confirmation: plain text first (what many readers and every filter see) and
 * an HTML twin that shows each valid ticket's QR code inline. Each QR code is a PNG
 * attachment named ticket-<CODE>.png with the cid <CODE>@tickets.foyer, so a mail app
 * that hides inline images still offers them as files; the code is printed beside it
 * for staff to type. One .ics calendar entry per performance.
 */

export interface ConfirmationInput {
  order: Order;
  house: DocumentHouse;
  language: Language;
  /** The valid tickets by performance, with what the calendar needs. */
  performances: readonly CalendarPerformance[];
  tariffNames: TariffNames;
  /** The signed link to the printable tickets. */
  ticketsUrl: string;
  uidHost: string;
  now: Date;
}

export function qrCid(code: string): string {
  return `${code}@tickets.foyer`;
}

function wrap(body: string): string {
  return `<!doctype html><html><body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;max-width:560px;margin:0 auto;padding:16px">${body}</body></html>`;
}

export async function confirmationMail(input: ConfirmationInput): Promise<MailMessage> {
  const { order, house, language, performances, ticketsUrl } = input;
  const t = texts[language];
  const total = formatMoney(order.totalMinor, order.currency, language);
  const payment = t.payment[paymentNoteOf(order)](total, order.number);
  const text: string[] = [t.greeting(order.buyer.name), '', t.intro(house.name), '', `${t.orderNumber}: ${order.number}`, payment, ''];
  const html: string[] = [
    `<p>${escapeHtml(t.greeting(order.buyer.name))}</p>`,
    `<p>${escapeHtml(t.intro(house.name))}</p>`,
    `<p><strong>${escapeHtml(t.orderNumber)}: ${escapeHtml(order.number)}</strong><br>${escapeHtml(payment)}</p>`,
  ];
  const attachments: MailAttachment[] = [];

  for (const performance of performances) {
    const title = titleIn(performance.title, language);
    const when = localDateTime(performance.startsAt, house.timeZone, language);
    const time = t.timeValue(when.time);
    const place = performance.hall ?? '';
    text.push(title, `${when.date}, ${time}`, ...(place === '' ? [] : [place]));
    html.push(
      `<h2 style="font-size:19px;margin:24px 0 4px">${escapeHtml(title)}</h2>`,
      `<p style="margin:0 0 8px">${escapeHtml(`${when.date}, ${time}`)}${place === '' ? '' : `<br>${escapeHtml(place)}`}</p>`,
    );
    for (const ticket of performance.tickets) {
      const line = [titleIn(ticket.category, language), tariffLabel(ticket, input.tariffNames, language, t.fullPrice), formatMoney(ticket.priceMinor, ticket.currency, language)].join(' · ');
      text.push(`  - ${line}`, `    ${t.ticketCode}: ${ticket.code}`);
      const label = t.qrLabel(ticket.code);
      html.push(
        `<div style="border:1px solid #ddd;border-radius:8px;padding:12px;margin:8px 0;text-align:center">` +
          `<p style="margin:0 0 8px">${escapeHtml(line)}</p>` +
          `<img src="cid:${qrCid(ticket.code)}" alt="${escapeHtml(label)}" width="180" height="180" style="display:block;margin:0 auto">` +
          `<p style="margin:8px 0 0;font-family:'Courier New',monospace;font-size:16px;letter-spacing:1px">${escapeHtml(t.ticketCode)}: ${escapeHtml(ticket.code)}</p>` +
          `</div>`,
      );
      attachments.push({ filename: `ticket-${ticket.code}.png`, content: await ticketQrPng(ticket.code), contentType: 'image/png', cid: qrCid(ticket.code) });
    }
    text.push('');
    const calendar = performanceCalendar({ performance, house, orderId: order.id, orderNumber: order.number, language, ticketsUrl, uidHost: input.uidHost, now: input.now });
    attachments.push({ filename: calendar.filename, content: calendar.content, contentType: 'text/calendar' });
  }

  text.push(t.printIntro, ticketsUrl, '', t.atTheDoor, t.calendar, '', ...(house.email === null ? [] : [t.questions]), t.closing, house.name);
  html.push(
    `<p>${escapeHtml(t.printIntro)}</p>`,
    `<p><a href="${escapeHtml(ticketsUrl)}" style="display:inline-block;background:#1f6feb;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(t.printButton)}</a></p>`,
    `<p style="font-size:13px;color:#666">${escapeHtml(ticketsUrl)}</p>`,
    `<p>${escapeHtml(t.atTheDoor)} ${escapeHtml(t.calendar)}</p>`,
    `<p>${house.email === null ? '' : `${escapeHtml(t.questions)}<br>`}${escapeHtml(t.closing)}<br>${escapeHtml(house.name)}</p>`,
  );

  return {
    to: order.buyer.email ?? '',
    toName: order.buyer.name,
    subject: t.subject(order.number, house.name),
    text: `${text.join('\n')}\n`,
    html: wrap(html.join('\n')),
    language,
    fromName: house.name,
    replyTo: house.email,
    attachments,
  };
}
