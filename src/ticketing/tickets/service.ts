import type { CatalogueService } from '../../catalogue/service.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { DomainError, invalid, isDomainError } from '../../core/errors.ts';
import type { MailOutbox } from '../../core/mail/outbox.ts';
import { orderConfirmationMail } from '../events.ts';
import type { Order } from '../schemas.ts';
import type { TicketingService } from '../service.ts';
import * as ticketingStore from '../store.ts';
import type { CalendarPerformance } from './calendar.ts';
import { signTicketsLink, verifyTicketsLink } from './links.ts';
import { confirmationMail } from './mail.ts';
import { type DocumentHouse, type Language, type PerformanceTickets, type TariffNames, validTicketsByPerformance } from './model.ts';
import { ticketsPage } from './page.ts';
import { ticketQrSvg } from './qr.ts';
import { ticketLinkKey } from './store.ts';
import { languageOf, texts } from './texts.ts';

/*
 * What a buyer gets in hand: the confirmation mail (composed by the mail/send job after
 * the order committed, see core/mail/outbox.ts) and the printable tickets page. Both read
 * the order through the ticketing service and the house through the catalogue, and show
 * only valid tickets. The page opens with the order's access token (from the booking
 * answer) or with the signed link from the mail.
 */

export interface TicketDocumentsDeps {
  database: Database;
  clock: Clock;
  ticketing: Pick<TicketingService, 'orderForHouse' | 'getOrderWithToken' | 'inventory'>;
  catalogue: Pick<CatalogueService, 'getHouse' | 'getPerformance' | 'getProduction'>;
  outbox: Pick<MailOutbox, 'register'>;
  publicUrl: string;
}

export interface TicketsAccess {
  token?: string | undefined;
  sig?: string | undefined;
}

export function createTicketDocuments(deps: TicketDocumentsDeps) {
  const { database, clock, ticketing, catalogue, outbox, publicUrl } = deps;
  const { db } = database;
  const uidHost = new URL(publicUrl).hostname || 'foyer.invalid';

  const keyOf = (houseId: string) => ticketLinkKey(db, houseId, clock.now().toISOString());

  /** The link the mail carries: it works without the order's token, for as long as the order exists. */
  async function ticketsLink(houseId: string, orderId: string): Promise<string> {
    const sig = signTicketsLink(await keyOf(houseId), orderId);
    return `${publicUrl}/public/orders/${orderId}/tickets?sig=${encodeURIComponent(sig)}`;
  }

  async function houseOf(houseId: string): Promise<DocumentHouse> {
    const house = await catalogue.getHouse(houseId);
    return { name: house.name, email: house.email, timeZone: house.timeZone, street: house.street, postalCode: house.postalCode, city: house.city };
  }

  /** The names of the reduced tariffs of the order's performances, from their plans. */
  async function tariffNamesOf(houseId: string, performances: readonly PerformanceTickets[]): Promise<TariffNames> {
    const names = new Map<string, { de: string; en: string | null }>();
    for (const performance of performances) {
      const plan = await ticketing.inventory.plan(houseId, performance.performanceId);
      for (const category of plan.categories) for (const tariff of category.tariffs) names.set(`${category.id}:${tariff.code}`, tariff.name);
    }
    return names;
  }

  /** The end (its own, or start plus the production's duration) and the venue, for the calendar. */
  async function forCalendar(houseId: string, performance: PerformanceTickets): Promise<CalendarPerformance> {
    const scope = { houseId, unitId: null };
    const found = await catalogue.getPerformance(scope, performance.performanceId);
    let endsAt = found.endsAt;
    if (endsAt === null) {
      const minutes = (await catalogue.getProduction(scope, found.productionId)).durationMinutes;
      if (minutes !== null && minutes > 0) endsAt = new Date(Date.parse(found.startsAt) + minutes * 60_000).toISOString();
    }
    return { ...performance, endsAt, venueName: found.hall?.venueName ?? null };
  }

  outbox.register(orderConfirmationMail, async ({ houseId, orderId }) => {
    const order = await ticketing.orderForHouse(houseId, orderId).catch((error: unknown) => {
      if (isDomainError(error, 'not_found')) return null;
      throw error;
    });
    // Erased since the booking (the address is gone), or nothing valid left to confirm.
    if (order === null || order.buyer.email === null) return null;
    const performances = validTicketsByPerformance(order.tickets);
    if (performances.length === 0) return null;
    return confirmationMail({
      order,
      house: await houseOf(houseId),
      language: languageOf(order.buyer.language),
      performances: await Promise.all(performances.map((p) => forCalendar(houseId, p))),
      tariffNames: await tariffNamesOf(houseId, performances),
      ticketsUrl: await ticketsLink(houseId, orderId),
      uidHost,
      now: clock.now(),
    });
  });

  /** The order behind a token or a signature; not_found for anything else, alike, so a guess learns nothing. */
  async function openOrder(orderId: string, access: TicketsAccess): Promise<Order & { houseId: string }> {
    const unknown = new DomainError('not_found', 'these tickets are unknown');
    if (access.token !== undefined) {
      return ticketing.getOrderWithToken(orderId, access.token).catch((error: unknown) => {
        throw isDomainError(error, 'not_found') ? unknown : error;
      });
    }
    if (access.sig === undefined) throw invalid('token', 'give the token from the booking answer or the sig from the confirmation mail');
    const row = await ticketingStore.findOrderById(db, orderId);
    if (row === undefined || !verifyTicketsLink(await keyOf(row.house_id), orderId, access.sig)) throw unknown;
    return { ...(await ticketing.orderForHouse(row.house_id, orderId)), houseId: row.house_id };
  }

  /** The printable tickets page in the buyer's language. */
  async function printable(orderId: string, access: TicketsAccess): Promise<{ html: string; language: Language }> {
    const order = await openOrder(orderId, access);
    const language = languageOf(order.buyer.language);
    const performances = validTicketsByPerformance(order.tickets);
    const qrSvgs = new Map<string, string>();
    for (const performance of performances) {
      for (const ticket of performance.tickets) qrSvgs.set(ticket.code, await ticketQrSvg(ticket.code, texts[language].qrLabel(ticket.code)));
    }
    const html = ticketsPage({ order, house: await houseOf(order.houseId), language, performances, tariffNames: await tariffNamesOf(order.houseId, performances), qrSvgs });
    return { html, language };
  }

  return { ticketsLink, printable };
}

export type TicketDocuments = ReturnType<typeof createTicketDocuments>;
