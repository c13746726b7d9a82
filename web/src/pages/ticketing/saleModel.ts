import { ApiError } from '../../api/client.ts';
import type { BoxOfficeSale, DeskPaymentMethod, SaleItem } from '../../api/ticketingTypes.ts';

/*
 * The box office sale as the desk builds it: lines of seats (a performance, a category,
 * a tariff, a number), the buyer and the payment method, turned into the request the API
 * takes. Pure, so that the rules (consent only with an address, one line per kind of
 * seat) are easy to test.
 */

export interface SaleLine {
  performanceId: string;
  priceCategoryId: string;
  /** null: the full price. */
  tariff: string | null;
  quantity: number;
  unitMinor: number;
  currency: string;
  /** What the line says on screen: the performance, the category, the tariff. */
  performanceLabel: string;
  categoryLabel: string;
  tariffLabel: string;
}

export interface SaleBuyer {
  name: string;
  email: string;
  language: 'de' | 'en';
  newsletter: boolean;
  recommendations: boolean;
}

export const MAX_TICKETS = 20;

const sameSeats = (a: SaleLine, b: SaleLine) => a.performanceId === b.performanceId && a.priceCategoryId === b.priceCategoryId && a.tariff === b.tariff;

/** Adds a line; seats of the same kind join the line already there. */
export function addLine(lines: readonly SaleLine[], line: SaleLine): SaleLine[] {
  const index = lines.findIndex((existing) => sameSeats(existing, line));
  if (index === -1) return [...lines, line];
  return lines.map((existing, i) => (i === index ? { ...existing, quantity: existing.quantity + line.quantity } : existing));
}

export function ticketCount(lines: readonly SaleLine[]): number {
  return lines.reduce((sum, line) => sum + line.quantity, 0);
}

/** The total the buyer pays; free tickets cost nothing whatever the prices. */
export function saleTotal(lines: readonly SaleLine[], method: DeskPaymentMethod): number {
  if (method === 'free') return 0;
  return lines.reduce((sum, line) => sum + line.unitMinor * line.quantity, 0);
}

export function hasEmail(buyer: SaleBuyer): boolean {
  return buyer.email.trim() !== '';
}

/** The request for POST /api/orders. Consents go only with an address: without one there is nobody to write to. */
export function saleRequest(lines: readonly SaleLine[], buyer: SaleBuyer, paymentMethod: DeskPaymentMethod): BoxOfficeSale {
  const items: SaleItem[] = lines.map((line) => ({
    performanceId: line.performanceId,
    priceCategoryId: line.priceCategoryId,
    ...(line.tariff === null ? {} : { tariff: line.tariff }),
    quantity: line.quantity,
  }));
  const name = buyer.name.trim();
  const email = buyer.email.trim();
  const sale: BoxOfficeSale = { items, paymentMethod };
  if (name !== '' || email !== '') {
    sale.buyer = { ...(name === '' ? {} : { name }), ...(email === '' ? {} : { email }), language: buyer.language };
  }
  if (email !== '') sale.consents = { newsletter: buyer.newsletter, recommendations: buyer.recommendations };
  return sale;
}

/** The server's messages about single lines ('items.1.quantity': sold out), by line. */
export function lineErrors(error: unknown): Map<number, string> {
  const byLine = new Map<number, string>();
  if (!(error instanceof ApiError)) return byLine;
  for (const [field, message] of Object.entries(error.fieldErrors())) {
    const match = /^items\.(\d+)(\.|$)/.exec(field);
    if (match?.[1] !== undefined) byLine.set(Number(match[1]), message);
  }
  return byLine;
}
