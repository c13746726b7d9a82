/*
 * The ticketing domain without I/O: which quotas a ticket counts against, whether a
 * request fits, what it costs, which order states may follow which, and what a scanned
 * code means. The service reads rows, asks these functions, and writes what they decide.
 */

export const orderStates = ['pending', 'paid', 'cancelled', 'refunded'] as const;
export type OrderState = (typeof orderStates)[number];

export const saleSources = ['web', 'box_office', 'assistant', 'waiting_list', 'api'] as const;
export type SaleSource = (typeof saleSources)[number];

export const checkInResults = ['valid', 'already_used', 'cancelled', 'unknown', 'wrong_performance'] as const;
export type CheckInResult = (typeof checkInResults)[number];

export const DEFAULT_HOLD_MINUTES = 15;
export const MAX_TICKETS_PER_ORDER = 20;

// ---------- quotas ----------

export type QuotaKey = 'capacity' | 'reduced' | `category:${string}`;

function categoryQuotaKey(priceCategoryId: string): QuotaKey {
  return `category:${priceCategoryId}`;
}

/** What the catalogue says a performance offers: the seats and the price categories. */
export interface InventoryPlan {
  capacity: number;
  categories: readonly PlanCategory[];
}

export interface PlanCategory {
  id: string;
  /** Seats kept for this category; null: it draws from the capacity alone. */
  quota: number | null;
  amountMinor: number;
  currency: string;
  reductions: readonly { code: string; amountMinor: number }[];
}

/** The quotas a performance needs with their sizes, from the catalogue's plan. */
export function plannedQuotas(plan: InventoryPlan): { key: QuotaKey; size: number }[] {
  const quotas: { key: QuotaKey; size: number }[] = [{ key: 'capacity', size: plan.capacity }];
  for (const category of plan.categories) {
    if (category.quota !== null) quotas.push({ key: categoryQuotaKey(category.id), size: category.quota });
  }
  return quotas;
}

/**
 * Every quota a ticket of `category` at `tariff` counts against: the capacity always,
 * the category's own quota where it keeps one, and the seats for reduced tariffs when a
 * reduced ticket is sold and the performance limits them.
 */
export function quotaKeysFor(categoryId: string, tariff: string | null, existing: ReadonlySet<string>): QuotaKey[] {
  const keys: QuotaKey[] = ['capacity'];
  const own = categoryQuotaKey(categoryId);
  if (existing.has(own)) keys.push(own);
  if (tariff !== null && existing.has('reduced')) keys.push('reduced');
  return keys;
}

export interface QuotaCount {
  size: number;
  sold: number;
  pending: number;
  /** Seats in holds that have not expired. */
  held: number;
}

/** Availability = quota − sold − pending − unexpired holds; never below zero. */
export function available(quota: QuotaCount): number {
  return Math.max(0, quota.size - quota.sold - quota.pending - quota.held);
}

export interface SeatRequest {
  quotaIds: readonly string[];
  quantity: number;
}

export type SeatDecision = { ok: true } | { ok: false; code: 'sold_out'; shortBy: { line: number; available: number }[] };

/**
 * Whether all lines fit together: lines sharing a quota (two categories, one capacity)
 * take from the same pool, so each quota must cover the sum of its lines.
 */
export function decideSeats(lines: readonly SeatRequest[], availableByQuota: ReadonlyMap<string, number>): SeatDecision {
  const wanted = new Map<string, number>();
  for (const line of lines) for (const id of line.quotaIds) wanted.set(id, (wanted.get(id) ?? 0) + line.quantity);
  const shortBy: { line: number; available: number }[] = [];
  lines.forEach((line, index) => {
    const tight = line.quotaIds.find((id) => (wanted.get(id) ?? 0) > (availableByQuota.get(id) ?? 0));
    if (tight !== undefined) {
      // What this line could still get if it were alone: the smallest of its quotas.
      const alone = Math.min(...line.quotaIds.map((id) => availableByQuota.get(id) ?? 0));
      shortBy.push({ line: index, available: alone });
    }
  });
  return shortBy.length === 0 ? { ok: true } : { ok: false, code: 'sold_out', shortBy };
}

// ---------- prices ----------

export type PriceDecision = { ok: true; amountMinor: number; currency: string } | { ok: false; code: 'unknown_tariff' };

/** The price of one ticket of `category`: the full price, or the named reduced tariff. */
export function priceOf(category: PlanCategory, tariff: string | null): PriceDecision {
  if (tariff === null) return { ok: true, amountMinor: category.amountMinor, currency: category.currency };
  const reduction = category.reductions.find((r) => r.code === tariff);
  if (reduction === undefined) return { ok: false, code: 'unknown_tariff' };
  return { ok: true, amountMinor: reduction.amountMinor, currency: category.currency };
}

// ---------- orders ----------

/** A pending order is cancelled; a paid one is refunded. Ended orders stay as they are. */
export function stateAfterCancel(state: OrderState): OrderState | null {
  if (state === 'pending') return 'cancelled';
  if (state === 'paid') return 'refunded';
  return null;
}

/** How a ticket counts in its quotas while its order is in `state`. */
export function countedAs(state: OrderState): 'sold' | 'pending' | null {
  if (state === 'paid') return 'sold';
  if (state === 'pending') return 'pending';
  return null;
}

// ---------- check-in ----------

export interface ScannedTicket {
  performanceId: string;
  state: 'valid' | 'cancelled';
  checkedInAt: string | null;
}

/** What a scanned code means at the door of `performanceId`. */
export function checkInDecision(ticket: ScannedTicket | undefined, performanceId: string): CheckInResult {
  if (ticket === undefined) return 'unknown';
  if (ticket.state === 'cancelled') return 'cancelled';
  if (ticket.performanceId !== performanceId) return 'wrong_performance';
  if (ticket.checkedInAt !== null) return 'already_used';
  return 'valid';
}

// ---------- sales curve ----------

/**
 * Tickets sold by days before the performance, cumulative: the point for day d holds
 * every ticket sold d or more days before. `soldAt` are the instants of the sales.
 */
export function salesCurve(soldAt: readonly string[], startsAt: string): { daysBefore: number; tickets: number }[] {
  const start = Date.parse(startsAt);
  const perDay = new Map<number, number>();
  for (const at of soldAt) {
    const days = Math.max(0, Math.floor((start - Date.parse(at)) / 86_400_000));
    perDay.set(days, (perDay.get(days) ?? 0) + 1);
  }
  const days = [...perDay.keys()].sort((a, b) => b - a);
  let total = 0;
  return days.map((daysBefore) => {
    total += perDay.get(daysBefore) ?? 0;
    return { daysBefore, tickets: total };
  });
}
