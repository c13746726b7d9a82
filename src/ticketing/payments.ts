import { DomainError } from '../core/errors.ts';
import type { OrderState } from './model.ts';

/*
 * How an order is paid. The built-in methods need no outside service: pay at the box
 * office, invoice, cash at the desk, and free tickets. Card and wallet providers come as
 * adapters of PaymentProvider; the order service calls start() after the order is
 * committed (never inside the seat transaction: no outside calls while seats are
 * locked) and settles the order when the provider confirms.
 */

export interface PaymentOrder {
  id: string;
  houseId: string;
  number: string;
  totalMinor: number;
  currency: string;
  buyerEmail: string | null;
  language: 'de' | 'en';
}

export type PaymentStart =
  /** Settled at once (cash, free, a wallet that confirms synchronously). */
  | { state: 'paid'; reference: string | null }
  /** Awaiting money: at the box office, by invoice, or at the provider's page. */
  | { state: 'pending'; reference: string | null; redirectUrl?: string };

export interface PaymentProvider {
  /** The method code stored on the order: 'box_office', 'card', 'paypal', ... */
  readonly method: string;
  readonly label: { de: string; en: string };
  /** Offered to visitors in the booking widget, or only to staff at the desk. */
  readonly public: boolean;
  /** The order's state right after it is placed, before start() ran. */
  initialState(order: PaymentOrder): OrderState;
  start(order: PaymentOrder): Promise<PaymentStart>;
  /** Gives money back for a paid order that is cancelled; throws payment_failed when the provider refuses. */
  refund(order: PaymentOrder, reference: string | null): Promise<{ reference: string | null }>;
}

const settledByHand = { reference: null };

/** Pay when collecting the tickets: the seats are reserved and counted as pending. */
export const boxOfficePayment: PaymentProvider = {
  method: 'box_office',
  label: { de: 'Bezahlung an der Kasse', en: 'Pay at the box office' },
  public: true,
  initialState: (order) => (order.totalMinor === 0 ? 'paid' : 'pending'),
  start: async (order) => (order.totalMinor === 0 ? { state: 'paid', reference: null } : { state: 'pending', reference: null }),
  refund: async () => settledByHand,
};

/** Invoice: the order number is the payment reference on the transfer. */
export const invoicePayment: PaymentProvider = {
  method: 'invoice',
  label: { de: 'Rechnung', en: 'Invoice' },
  public: true,
  initialState: (order) => (order.totalMinor === 0 ? 'paid' : 'pending'),
  start: async (order) => (order.totalMinor === 0 ? { state: 'paid', reference: order.number } : { state: 'pending', reference: order.number }),
  refund: async () => settledByHand,
};

/** Free tickets: complimentary tickets from staff, or performances without charge. */
export const freePayment: PaymentProvider = {
  method: 'free',
  label: { de: 'Freikarte', en: 'Free ticket' },
  public: true,
  initialState: () => 'paid',
  start: async () => ({ state: 'paid', reference: null }),
  refund: async () => settledByHand,
};

/** Cash at the desk: paid when the order is placed. Staff only. */
export const cashPayment: PaymentProvider = {
  method: 'cash',
  label: { de: 'Bar an der Kasse', en: 'Cash at the desk' },
  public: false,
  initialState: () => 'paid',
  start: async () => ({ state: 'paid', reference: null }),
  refund: async () => settledByHand,
};

export const builtInProviders: readonly PaymentProvider[] = [boxOfficePayment, invoicePayment, freePayment, cashPayment];

export function createPaymentProviders(extra: readonly PaymentProvider[] = []) {
  const byMethod = new Map<string, PaymentProvider>();
  for (const provider of [...builtInProviders, ...extra]) {
    if (byMethod.has(provider.method)) throw new Error(`payment method ${provider.method} is registered twice`);
    byMethod.set(provider.method, provider);
  }
  return {
    /** The provider of `method`, if this house offers it to this kind of caller. */
    get(method: string, options: { staff: boolean; enabled: readonly string[] }): PaymentProvider {
      const provider = byMethod.get(method);
      const offered = provider !== undefined && (options.staff || (provider.public && options.enabled.includes(method)));
      if (!offered) {
        const choices = [...byMethod.values()].filter((p) => options.staff || (p.public && options.enabled.includes(p.method))).map((p) => p.method);
        throw new DomainError('validation', `paymentMethod: ${method} is not offered here; choose one of ${choices.join(', ')}`, [
          { field: 'paymentMethod', message: 'not offered' },
        ]);
      }
      return provider;
    },
    all: () => [...byMethod.values()],
  };
}

export type PaymentProviders = ReturnType<typeof createPaymentProviders>;
