import { publicPageCsp } from '../../core/http/public-page.ts';
import type { Order } from '../schemas.ts';
import { type DocumentHouse, escapeHtml, formatMoney, type Language, localDateTime, type PerformanceTickets, type TariffNames, tariffLabel, titleIn } from './model.ts';
import { texts } from './texts.ts';

/*
 * The printable tickets: one page of HTML with one ticket per valid ticket, each on a
 * sheet of its own when printed, and one under the other on a phone. No script and one
 * stylesheet, allowed by its hash in the page's Content-Security-Policy (as the
 * audience's public pages do); the QR codes are inline SVG, so the page needs nothing
 * else to load and prints the same offline.
 */

const stylesheet = [
  'body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1f2328;line-height:1.45}',
  'h1{font-size:1.6rem;margin:.25rem 0}.house{margin:0;color:#57606a}',
  '.ticket{border:2px solid #1f2328;border-radius:12px;padding:1rem 1.25rem;margin:1.5rem 0}',
  '.ticket h2{font-size:1.35rem;margin:0 0 .25rem}.ticket .count{margin:0;color:#57606a;font-size:.9rem}',
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.75rem 0}dt{font-weight:600}dd{margin:0}',
  '.qr{display:block;width:min(15rem,70vw);height:auto;margin:.75rem auto}',
  '.code{text-align:center;font-family:ui-monospace,"Courier New",monospace;font-size:1.15rem;letter-spacing:.08em;word-break:break-all;margin:.25rem 0}',
  '.due{background:#fff8c5;border-radius:6px;padding:.25rem .5rem}',
  '@media print{body{margin:0;max-width:none}.intro{display:none}.ticket{break-inside:avoid;break-after:page;border-width:1px;margin:0 0 1rem}.ticket:last-of-type{break-after:auto}}',
].join('');

/** The page's CSP: no script, no form, no frame, only the stylesheet above. */
export const ticketsPageCsp = publicPageCsp(stylesheet, { forms: false });

function frame(language: Language, title: string, body: string): string {
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex"><link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title><style>${stylesheet}</style></head>
<body>${body}</body></html>`;
}

export interface TicketsPageInput {
  order: Order;
  house: DocumentHouse;
  language: Language;
  performances: readonly PerformanceTickets[];
  tariffNames: TariffNames;
  /** The inline SVG of each ticket's QR code, by code. */
  qrSvgs: ReadonlyMap<string, string>;
}

export function ticketsPage(input: TicketsPageInput): string {
  const { order, house, language, performances } = input;
  const t = texts[language];
  const count = performances.reduce((sum, p) => sum + p.tickets.length, 0);
  const due = order.state === 'pending';
  let index = 0;
  const sections = performances.flatMap((performance) => {
    const title = titleIn(performance.title, language);
    const when = localDateTime(performance.startsAt, house.timeZone, language);
    return performance.tickets.map((ticket) => {
      index += 1;
      const headingId = `ticket-${index}`;
      const facts: [string, string][] = [
        [t.date, when.date],
        [t.time, t.timeValue(when.time)],
        ...(performance.hall === null ? [] : [[t.hall, performance.hall] as [string, string]]),
        [t.category, titleIn(ticket.category, language)],
        [t.tariff, tariffLabel(ticket, input.tariffNames, language, t.fullPrice)],
        [t.price, formatMoney(ticket.priceMinor, ticket.currency, language)],
        [t.order, order.number],
        [t.name, order.buyer.name],
      ];
      const list = facts.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('');
      return `<section class="ticket" aria-labelledby="${headingId}" data-code="${escapeHtml(ticket.code)}">
<p class="house">${escapeHtml(house.name)}</p>
<h2 id="${headingId}">${escapeHtml(title)}</h2>
<p class="count">${escapeHtml(t.ticketOf(index, count))}</p>
<dl>${list}</dl>
${due ? `<p class="due">${escapeHtml(t.paymentDue)}</p>` : ''}
${input.qrSvgs.get(ticket.code) ?? ''}
<p class="code">${escapeHtml(t.ticketCode)}: ${escapeHtml(ticket.code)}</p>
</section>`;
    });
  });
  const body = `<header class="intro"><p class="house">${escapeHtml(house.name)}</p><h1>${escapeHtml(t.pageTitle)}</h1><p>${escapeHtml(count === 0 ? t.noTickets : t.pageIntro)}</p></header>
<main>
${sections.join('\n')}
</main>`;
  return frame(language, `${t.pageTitle} – ${order.number}`, body);
}

export function ticketsNotFoundPage(language: Language): string {
  const t = texts[language];
  return frame(language, t.notFoundTitle, `<main><h1>${escapeHtml(t.notFoundTitle)}</h1><p>${escapeHtml(t.notFoundText)}</p></main>`);
}
