import { DateTime } from 'luxon';
import type { Order, Ticket } from '../schemas.ts';

/*
 * What the confirmation mail, the calendar entries and the printable page show of an
 * order, pure: the valid tickets grouped by performance, what the buyer still has to do
 * about the money, and dates and prices as a reader of the language expects them.
 */

export type Language = 'de' | 'en';

export interface DocumentHouse {
  name: string;
  email: string | null;
  timeZone: string;
  street: string | null;
  postalCode: string | null;
  city: string | null;
}

/** What the buyer reads about the money: the order's state and how it is to be paid. */
export type PaymentNote = 'box_office' | 'invoice' | 'awaiting' | 'paid' | 'free' | 'cancelled' | 'refunded';

export function paymentNoteOf(order: Pick<Order, 'state' | 'paymentMethod' | 'totalMinor'>): PaymentNote {
  if (order.state === 'cancelled' || order.state === 'refunded') return order.state;
  if (order.state === 'paid') return order.totalMinor === 0 ? 'free' : 'paid';
  if (order.paymentMethod === 'box_office') return 'box_office';
  if (order.paymentMethod === 'invoice') return 'invoice';
  // A card or wallet provider whose confirmation has not arrived yet.
  return 'awaiting';
}

export interface PerformanceTickets {
  performanceId: string;
  productionId: string;
  title: Ticket['title'];
  startsAt: string;
  hall: string | null;
  tickets: Ticket[];
}

/** The valid tickets by performance, earliest first; cancelled and exchanged ones are left out. */
export function validTicketsByPerformance(tickets: readonly Ticket[]): PerformanceTickets[] {
  const groups = new Map<string, PerformanceTickets>();
  for (const ticket of tickets) {
    if (ticket.state !== 'valid') continue;
    const group = groups.get(ticket.performanceId) ?? {
      performanceId: ticket.performanceId,
      productionId: ticket.productionId,
      title: ticket.title,
      startsAt: ticket.startsAt,
      hall: ticket.hall,
      tickets: [],
    };
    group.tickets.push(ticket);
    groups.set(ticket.performanceId, group);
  }
  return [...groups.values()].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.performanceId.localeCompare(b.performanceId));
}

/** The English title where there is one and the reader reads English; German otherwise. */
export function titleIn(title: { de: string; en: string | null }, language: Language): string {
  return language === 'en' && title.en !== null && title.en !== '' ? title.en : title.de;
}

const locales: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };

export function formatMoney(amountMinor: number, currency: string, language: Language): string {
  const format = new Intl.NumberFormat(locales[language], { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** digits);
}

/** The performance's date and start as seen in the house's time zone: 'Samstag, 3. Oktober 2026' and '19:30'. */
export function localDateTime(instant: string, timeZone: string, language: Language): { date: string; time: string } {
  const local = DateTime.fromISO(instant, { zone: 'utc' }).setZone(timeZone).setLocale(locales[language]);
  return { date: local.toLocaleString(DateTime.DATE_HUGE), time: local.toLocaleString(DateTime.TIME_SIMPLE) };
}

/** The local date and time for file names: '2026-10-03-1930'. */
export function localStamp(instant: string, timeZone: string): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(timeZone).toFormat('yyyy-LL-dd-HHmm');
}

/** A file name part from a title: 'Die Zauberflöte' → 'die-zauberfloete'. */
export function fileSlug(text: string): string {
  const slug = text
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return slug === '' ? 'performance' : slug;
}

/** The house's address on one line, for the calendar's location. */
export function addressLine(house: DocumentHouse): string | null {
  const city = [house.postalCode, house.city].filter((part) => part !== null && part !== '').join(' ');
  const text = [house.street, city].filter((part): part is string => part !== null && part !== '').join(', ');
  return text === '' ? null : text;
}

/** Names of reduced tariffs by `${priceCategoryId}:${code}`, from the performance's plan. */
export type TariffNames = ReadonlyMap<string, { de: string; en: string | null }>;

export function tariffLabel(ticket: Pick<Ticket, 'priceCategoryId' | 'tariff'>, names: TariffNames, language: Language, fullPrice: string): string {
  if (ticket.tariff === null) return fullPrice;
  const name = names.get(`${ticket.priceCategoryId}:${ticket.tariff}`);
  return name === undefined ? ticket.tariff : titleIn(name, language);
}

export { escapeHtml } from '../../core/http/public-page.ts';
