import type { CatalogueService } from '../catalogue/service.ts';
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { isDomainError } from '../core/errors.ts';
import type { Idempotency } from '../core/idempotency.ts';
import type { Events } from '../core/jobs/events.ts';
import type { MailOutbox } from '../core/mail/outbox.ts';
import { createPaymentProviders } from '../ticketing/payments.ts';
import { createTicketingService } from '../ticketing/service.ts';
import { createRandom, type Random } from './audience-random.ts';

/*
 * The box office's last weeks for the demo house: the next performances sold through
 * ticketing's own service, each sale on the day it happened, so that the staff app shows
 * sold and reserved seats per category and a sales curve that climbs towards the
 * evening. The sales are made by a ticketing service of their own whose clock the seed
 * moves day by day (the sales of one day go through the booking desk together). Box
 * office sales without an address: nobody is made a contact by them.
 */

/** How many of the coming performances get sales, and how far back the sales go. */
const PERFORMANCES = 12;
const DAYS = 60;
const DAY = 86_400_000;

export interface DemoSalesDeps {
  database: Database;
  events: Events;
  outbox: Pick<MailOutbox, 'enqueue' | 'enqueueMany'>;
  idempotency: Idempotency;
  catalogue: CatalogueService;
  clock: Clock;
  publicUrl: string;
}

export interface DemoSales {
  performances: number;
  orders: number;
  tickets: number;
}

interface Sale {
  at: number;
  performanceId: string;
  priceCategoryId: string;
  tariff: string | null;
  quantity: number;
  paymentMethod: string;
}

/** Tickets sold d days before: most in the last two weeks, a few from the first day of sale. */
function weightOf(daysBefore: number): number {
  return Math.exp(-daysBefore / 12) + 0.05;
}

export async function seedDemoSales(deps: DemoSalesDeps, houseId: string, seed = 4711): Promise<DemoSales> {
  const random: Random = createRandom(seed);
  const now = deps.clock.now().getTime();
  let at = now;
  const clock: Clock = { now: () => new Date(at) };
  const ticketing = createTicketingService({ ...deps, clock, payments: createPaymentProviders() });
  const scope = { houseId, unitId: null };

  const coming = await deps.catalogue.listPerformances(scope, { from: new Date(now + DAY).toISOString() }, { limit: 50 });
  const chosen = coming.items.filter((p) => p.status === 'scheduled' && p.production.kind === 'staged' && (p.effectiveCapacity ?? 0) > 0).slice(0, PERFORMANCES);

  const sales: Sale[] = [];
  for (const performance of chosen) {
    const availability = await ticketing.availability(houseId, performance.id);
    if (!availability.bookable || availability.categories.length === 0) continue;
    const start = Date.parse(performance.startsAt);
    const fill = random.between(0.35, 0.95) * availability.capacity;
    const days = Array.from({ length: DAYS }, (_, i) => DAYS - i).filter((daysBefore) => start - daysBefore * DAY < now);
    const total = Array.from({ length: DAYS }, (_, i) => weightOf(i + 1)).reduce((a, b) => a + b, 0);
    for (const daysBefore of days) {
      let tickets = Math.round((fill * weightOf(daysBefore)) / total);
      while (tickets > 0) {
        const category = random.weighted(availability.categories.map((c, index) => [c, availability.categories.length - index] as const));
        const reduced = category.tariffs.length > 0 && random.chance(0.15) ? (category.tariffs[0]?.code ?? null) : null;
        const quantity = Math.min(tickets, random.weighted([[1, 3], [2, 6], [3, 1], [4, 2]] as const));
        tickets -= quantity;
        const when = Math.min(start - daysBefore * DAY + random.between(9, 20) * 3_600_000, now - 3_600_000);
        sales.push({ at: when, performanceId: performance.id, priceCategoryId: category.id, tariff: reduced, quantity, paymentMethod: random.weighted([['cash', 5], ['box_office', 3], ['invoice', 1]] as const) });
      }
    }
  }

  // One moment a day: the day's sales reach the desk together and are written as one batch.
  const byDay = new Map<number, Sale[]>();
  for (const sale of sales) {
    const day = Math.floor(sale.at / DAY);
    byDay.set(day, [...(byDay.get(day) ?? []), sale]);
  }
  let orders = 0;
  let tickets = 0;
  const sold = new Set<string>();
  for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
    const daySales = byDay.get(day) ?? [];
    at = Math.max(...daySales.map((s) => s.at));
    const placed = await Promise.allSettled(
      daySales.map((sale) =>
        ticketing.sellAtDesk(
          scope,
          { items: [{ performanceId: sale.performanceId, priceCategoryId: sale.priceCategoryId, tariff: sale.tariff, quantity: sale.quantity }], paymentMethod: sale.paymentMethod },
          { actor: 'system:demo' },
        ),
      ),
    );
    for (const [index, result] of placed.entries()) {
      if (result.status === 'fulfilled') {
        orders += 1;
        tickets += daySales[index]?.quantity ?? 0;
        sold.add(daySales[index]?.performanceId ?? '');
      } else if (!isDomainError(result.reason, 'sold_out')) {
        throw result.reason;
      }
      // A sale the quotas refused (its category was sold out) is simply not made.
    }
  }
  return { performances: sold.size, orders, tickets };
}
