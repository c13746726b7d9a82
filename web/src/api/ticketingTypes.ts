/*
 * The shapes the ticketing API answers with, as the browser sees them. They mirror the
 * zod DTOs in src/ticketing/schemas.ts: inventory, orders and tickets, the box office
 * sale, check-in and the settings. Restated here because the web app is built apart from
 * the server.
 */

import type { Title } from './types.ts';

export const orderStates = ['pending', 'paid', 'cancelled', 'refunded'] as const;
export type OrderState = (typeof orderStates)[number];

/** The methods the desk offers; card or wallet providers would come from the settings' availableMethods. */
export const deskPaymentMethods = ['cash', 'box_office', 'invoice', 'free'] as const;
export type DeskPaymentMethod = (typeof deskPaymentMethods)[number];

export const checkInResults = ['valid', 'already_used', 'cancelled', 'unknown', 'wrong_performance'] as const;
export type CheckInResult = (typeof checkInResults)[number];

// ---------- inventory ----------

export interface Tariff {
  code: string;
  name: Title;
  amountMinor: number;
  /** Who may buy it: pupils, students, … (codes). */
  eligible: string[];
}

export interface CategoryAvailability {
  id: string;
  code: string;
  name: Title;
  amountMinor: number;
  currency: string;
  /** Seats a full-price ticket of this category can still get. */
  available: number;
  /** Seats a reduced ticket can still get (the reduced seats may be fewer). */
  reducedAvailable: number;
  tariffs: Tariff[];
}

export interface Availability {
  performanceId: string;
  productionId: string;
  title: Title;
  startsAt: string;
  status: string;
  hall: string | null;
  bookable: boolean;
  /** Why not, when not: cancelled, past, sold_out, no_prices, no_capacity. */
  reason: string | null;
  capacity: number;
  available: number;
  categories: CategoryAvailability[];
}

export interface Quota {
  id: string;
  /** 'capacity', 'reduced' or 'category:<price category id>'. */
  key: string;
  size: number;
  sold: number;
  pending: number;
  held: number;
  available: number;
  /** Set by staff and kept when the catalogue changes. */
  sizeFixed: boolean;
}

export interface CategorySales {
  id: string;
  code: string;
  name: Title;
  sold: number;
  pending: number;
  held: number;
  free: number;
}

export interface SalesPoint {
  daysBefore: number;
  /** Cumulative: every ticket sold this many days or more before. */
  tickets: number;
}

export interface Inventory {
  availability: Availability;
  quotas: Quota[];
  categories: CategorySales[];
  checkedIn: number;
  salesCurve: SalesPoint[];
  waiting: number;
}

export interface QuotaSettings {
  capacity?: number | null;
  reducedSeats?: number | null;
}

// ---------- orders ----------

export interface Ticket {
  id: string;
  code: string;
  performanceId: string;
  productionId: string;
  title: Title;
  startsAt: string;
  hall: string | null;
  priceCategoryId: string;
  category: Title;
  tariff: string | null;
  priceMinor: number;
  currency: string;
  state: 'valid' | 'cancelled';
  checkedInAt: string | null;
}

export interface Buyer {
  name: string;
  email: string | null;
  language: 'de' | 'en';
}

export interface BookingConsents {
  newsletter: boolean;
  recommendations: boolean;
}

export interface OrderSummary {
  id: string;
  number: string;
  state: OrderState;
  paymentMethod: string;
  paymentRef: string | null;
  totalMinor: number;
  currency: string;
  buyer: Buyer;
  contactId: string | null;
  consents: BookingConsents;
  source: string;
  placedAt: string;
  paidAt: string | null;
  cancelledAt: string | null;
  ticketCount: number;
}

export interface Order extends Omit<OrderSummary, 'ticketCount'> {
  tickets: Ticket[];
}

export interface SaleItem {
  performanceId: string;
  priceCategoryId: string;
  /** A reduced tariff's code; absent: the full price. */
  tariff?: string;
  quantity: number;
}

export interface BoxOfficeSale {
  items: SaleItem[];
  /** Without a name the server writes 'Kasse'. */
  buyer?: { name?: string; email?: string; language: 'de' | 'en' };
  consents?: BookingConsents;
  paymentMethod: DeskPaymentMethod;
}

export interface CancelRequest {
  ticketIds?: string[];
  reason?: string;
}

export interface ExchangeRequest {
  ticketIds: string[];
  to: { performanceId: string; priceCategoryId: string; tariff?: string };
}

export interface PaymentRequest {
  paymentMethod?: string;
  reference?: string;
}

// ---------- check-in ----------

export interface CheckIn {
  result: CheckInResult;
  code: string;
  /** For already_used: when it was first scanned. */
  checkedInAt: string | null;
  ticket: Ticket | null;
  orderNumber: string | null;
  buyerName: string | null;
  /** True when the order is still to be paid at the box office. */
  paymentDue: boolean;
}

export interface DoorTicket {
  code: string;
  state: 'valid' | 'cancelled';
  checkedInAt: string | null;
  category: Title;
  tariff: string | null;
  orderNumber: string | null;
  buyerName: string | null;
  paymentDue: boolean;
}

/** Every ticket of a performance, for the door to decide on its own while the network is gone. */
export interface DoorList {
  performanceId: string;
  syncedAt: string;
  tickets: DoorTicket[];
}

export interface QueuedScan {
  code: string;
  scannedAt: string;
}

export interface SyncAnswer {
  results: { code: string; result: CheckInResult; checkedInAt: string | null }[];
}

// ---------- settings ----------

export interface PaymentMethodOption {
  method: string;
  label: Title;
  /** Offered to visitors in the booking widget, or only at the desk. */
  public: boolean;
}

export interface TicketingSettings {
  holdMinutes: number;
  offerMinutes: number;
  /** Minutes before the performance when uncollected box-office reservations go back on sale; 0: never. */
  releaseMinutes: number;
  paymentMethods: string[];
  availableMethods: PaymentMethodOption[];
}
